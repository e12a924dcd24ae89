import type { Account } from "../accounts/Account.ts"
import type { World } from "../accounts/World.ts"
import type { Log } from "../Log.ts"
import { type BaileysLogger, baileysLogger } from "./baileysLogger.ts"
import { PlayedDevice } from "./PlayedDevice.ts"

/** One-time pre-keys a played phone makes at a time when its pool on the server runs dry. */
const REFILL = 30

/** The phones (device 0) of every account, played by the simulator with real Signal state, made on first use. */
export class Phones {
  private readonly played = new Map<Account, PlayedDevice>()
  private readonly world: World
  private readonly logger: BaileysLogger

  constructor(world: World, log: Log) {
    this.world = world
    this.logger = baileysLogger(log)
  }

  of(account: Account): PlayedDevice {
    const known = this.played.get(account)
    if (known) return known
    const device = new PlayedDevice(account.phoneKeys, (jids) => this.lidsOf(jids), this.logger)
    this.played.set(account, device)
    return device
  }

  /** Puts fresh one-time pre-keys of the account's phone on the server (its public pool), when it ran out. */
  refill(account: Account): void {
    const pool = account.devices.get(0)?.keys.preKeys
    if (pool === undefined || pool.size > 0) return
    for (const [id, publicKey] of this.of(account).addPreKeys(REFILL)) pool.set(id, publicKey)
  }

  private lidsOf(jids: ReadonlyArray<string>): ReadonlyArray<{ readonly pn: string; readonly lid: string }> {
    return jids.flatMap((jid) => {
      const user = /^([0-9]+)(?::[0-9]+)?@s\.whatsapp\.net$/.exec(jid)?.[1]
      const account = user === undefined ? undefined : this.world.find({ user, server: "s.whatsapp.net", device: undefined })
      return account === undefined ? [] : [{ pn: account.jid, lid: account.lid }]
    })
  }
}

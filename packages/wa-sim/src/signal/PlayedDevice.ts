import type { HeldSignalKeys } from "../accounts/signalKeys.ts"
import {
  addTransactionCapability,
  Curve,
  DEFAULT_CONNECTION_CONFIG,
  type SignalRepositoryWithLIDStore
} from "../protocol/baileys.ts"
import type { BaileysLogger } from "./baileysLogger.ts"
import { memoryKeyStore } from "./memoryKeyStore.ts"

/** The LID of each phone-number JID the simulated world knows (`{pn, lid}` user JIDs). */
export type LidResolver = (phoneJids: ReadonlyArray<string>) => ReadonlyArray<{ readonly pn: string; readonly lid: string }>

/**
 * The Signal side of a device the simulator plays (an account's phone: a virtual user, or the phone behind
 * linked companions): Baileys' own Signal repository (libsignal sessions, sender keys, LID mapping) over an
 * in-memory key store holding the device's private keys. It decrypts what clients send to the device and
 * encrypts what the device sends, exactly as a client does.
 */
export class PlayedDevice {
  readonly repository: SignalRepositoryWithLIDStore
  private readonly keys: HeldSignalKeys
  private readonly store = memoryKeyStore()

  constructor(keys: HeldSignalKeys, resolveLids: LidResolver, logger: BaileysLogger) {
    this.keys = keys
    this.storePreKeys([...keys.preKeys])
    this.repository = DEFAULT_CONNECTION_CONFIG.makeSignalRepository(
      {
        creds: { signedIdentityKey: keys.identity, signedPreKey: keys.signedPreKey, registrationId: keys.registrationId },
        keys: addTransactionCapability(this.store, logger, { maxCommitRetries: 1, delayBetweenTriesMs: 0 })
      },
      logger,
      (jids) => Promise.resolve([...resolveLids(jids)])
    )
  }

  /** Makes `count` new one-time pre-keys (ids after the highest so far); their public halves by id. */
  addPreKeys(count: number): ReadonlyArray<readonly [number, Uint8Array]> {
    const first = Math.max(0, ...this.keys.preKeys.keys()) + 1
    const made: Array<[number, ReturnType<typeof Curve.generateKeyPair>]> = []
    for (let id = first; id < first + count; id++) made.push([id, Curve.generateKeyPair()])
    for (const [id, pair] of made) this.keys.preKeys.set(id, pair)
    this.storePreKeys(made)
    return made.map(([id, pair]) => [id, pair.public] as const)
  }

  private storePreKeys(pairs: ReadonlyArray<readonly [number, ReturnType<typeof Curve.generateKeyPair>]>): void {
    void this.store.set({ "pre-key": Object.fromEntries(pairs.map(([id, pair]) => [String(id), pair])) })
  }
}

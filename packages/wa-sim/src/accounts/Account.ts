import { isPrivateNumber, simulatedLidNumber } from "@wagate/core"
import { type DeviceKeys, type HeldSignalKeys, makeHeldSignalKeys, publicKeysOf } from "./signalKeys.ts"

/** A device of an account: device 0 is the phone (played by the simulator), the others are linked companions. */
export interface Device {
  readonly id: number
  /** `<phone>[:<id>]@s.whatsapp.net` */
  readonly jid: string
  /** `<lid>[:<id>]@lid` */
  readonly lid: string
  readonly keys: DeviceKeys
  /** The companion's static Noise key: a login must come from the socket that holds it. */
  readonly noiseKey: Uint8Array | undefined
  /** The ADV key index the phone gave the companion (0 for the phone). */
  readonly keyIndex: number
  /** What the companion said it is (`DeviceProps.os`), or the phone's platform. */
  readonly platform: string
}

const deviceJid = (user: string, server: "s.whatsapp.net" | "lid", id: number): string =>
  id === 0 ? `${user}@${server}` : `${user}:${id}@${server}`

/**
 * A WhatsApp account in the simulated world: a phone number, its LID (derived from the number by the shared
 * rule in @wagate/core), the phone (device 0, whose keys the simulator holds: it signs device identities and
 * will answer messages) and the companion devices linked to it. Virtual users are accounts without companions.
 */
export class Account {
  readonly jid: string
  readonly lid: string
  readonly lidUser: string
  /** The phone's Signal keys; its identity key is also the account signature key of ADV device identities. */
  readonly phoneKeys: HeldSignalKeys
  /** The ADV account id (`rawId`) carried by every device identity of this account. */
  readonly advRawId: number
  readonly devices = new Map<number, Device>()
  /** While true the network refuses this account's sockets (control `refuse`/`accept`). */
  refused = false
  /** The privacy settings (`privacy` IQ categories); `groupadd` is `contacts` for the sandbox's 999 numbers. */
  readonly privacy: Map<string, string>
  private nextDeviceId = 1
  private nextKeyIndex = 1

  readonly phone: string

  constructor(phone: string, advRawId: number) {
    this.phone = phone
    this.jid = `${phone}@s.whatsapp.net`
    this.lidUser = simulatedLidNumber(phone)
    this.lid = `${this.lidUser}@lid`
    this.advRawId = advRawId
    this.phoneKeys = makeHeldSignalKeys()
    this.privacy = new Map([
      ["last", "all"],
      ["online", "all"],
      ["profile", "all"],
      ["status", "all"],
      ["readreceipts", "all"],
      ["groupadd", isPrivateNumber(phone) ? "contacts" : "all"],
      ["calladd", "all"]
    ])
    this.devices.set(0, {
      id: 0,
      jid: this.jid,
      lid: this.lid,
      keys: publicKeysOf(this.phoneKeys),
      noiseKey: undefined,
      keyIndex: 0,
      platform: "android"
    })
  }

  /** Numbers starting 999 refuse direct group adds (their privacy settings): an add sends an invite instead. */
  get refusesDirectAdds(): boolean {
    return isPrivateNumber(this.phone)
  }

  /** The companion devices (not the phone). */
  get companions(): ReadonlyArray<Device> {
    return [...this.devices.values()].filter((device) => device.id !== 0)
  }

  /** Reserves the id and key index of the next companion. */
  allocateCompanion(): { readonly id: number; readonly keyIndex: number; readonly jid: string; readonly lid: string } {
    const id = this.nextDeviceId++
    return {
      id,
      keyIndex: this.nextKeyIndex++,
      jid: deviceJid(this.phone, "s.whatsapp.net", id),
      lid: deviceJid(this.lidUser, "lid", id)
    }
  }

  link(device: Device): void {
    this.devices.set(device.id, device)
  }

  unlink(id: number): Device | undefined {
    const device = id === 0 ? undefined : this.devices.get(id)
    if (device) this.devices.delete(id)
    return device
  }
}

import { simulatedPhoneNumber } from "@wagate/core"
import type { Account, Device } from "../accounts/Account.ts"
import { parseAddress } from "../accounts/addresses.ts"
import { WaSimError } from "../errors.ts"
import { type FaultControl, makeFaultControl } from "../faults/control.ts"
import { type GroupControl, makeGroupControl } from "../groups/control.ts"
import { accountOfJid } from "../messages/addressing.ts"
import { makeMessageControl, type MessageControl } from "../messages/control.ts"
import { parseQr } from "../pairing/qr.ts"
import type { Simulator } from "../Simulator.ts"
import type { Target } from "./Target.ts"

export type { Target } from "./Target.ts"

export interface ScanInput {
  /** The QR string the client shows (Baileys' `connection.update` `qr`). */
  readonly qr: string
  /** The scanning phone's number or JID. */
  readonly phone?: string | undefined
  /** Or a gateway session id: the phone is the number derived from it (the rule of both simulated worlds). */
  readonly sessionId?: string | undefined
}

export interface EnterPairingCodeInput {
  /** The code the client shows (`requestPairingCode`): eight characters, `ABCD-EFGH` or `ABCDEFGH`. */
  readonly code: string
  /** The phone entering it: the number (or JID) the client asked a code for. */
  readonly phone?: string | undefined
  /** Or a gateway session id: the number derived from it. Without either, the only client waiting for a code. */
  readonly sessionId?: string | undefined
}

export interface LinkedDevice {
  /** The new companion: `<phone>:<device>@s.whatsapp.net`. */
  readonly jid: string
  /** `<lid>:<device>@lid` */
  readonly lid: string
  readonly phoneJid: string
  readonly phoneLid: string
}

export interface DeviceStatus {
  readonly jid: string
  readonly lid: string
  readonly phoneJid: string
  readonly platform: string
  readonly liveSockets: number
  readonly conflicts: number
  readonly refused: boolean
  /** Stanzas pushed to the device (notifications) that it has not acked yet. */
  readonly unacked: number
}

/** What a test or the gateway's sandbox routes may do to the simulated world. */
export interface WaSimControl extends GroupControl, MessageControl, FaultControl {
  /** The phone scans a client's QR code; resolves once the client has signed its device identity. */
  readonly scan: (input: ScanInput) => Promise<LinkedDevice>
  /**
   * The phone enters a pairing code a client asked for its number (`link_code_companion_reg`); resolves once
   * the client has signed its device identity. A code that is not the client's is refused and the client waits on.
   */
  readonly enterPairingCode: (input: EnterPairingCodeInput) => Promise<LinkedDevice>
  /** The phone unlinks one device (a device JID) or every companion of the account; the device JIDs unlinked. */
  readonly unlink: (target: Target) => ReadonlyArray<string>
  /** Cuts the live sockets of a device (or of every companion of the account) once; how many were cut. */
  readonly drop: (target: Target) => number
  /** The network refuses the account: its sockets are cut and new ones closed until `accept`. */
  readonly refuse: (target: Target) => void
  /** The network accepts the account again. */
  readonly accept: (target: Target) => void
  /** Every linked companion device, with its live socket count and the conflicts it has seen. */
  readonly devices: () => ReadonlyArray<DeviceStatus>
  /** Moves the server's clock forward (whole seconds, for rules that depend on time); the server's time now. */
  readonly advanceClock: (input: { readonly seconds: number }) => { readonly now: number }
}

/** The number a `phone` (number or user JID) or `sessionId` names; undefined with neither. */
const phoneOf = (input: { readonly phone?: string | undefined; readonly sessionId?: string | undefined }): string | undefined => {
  if (input.phone !== undefined && input.sessionId !== undefined) {
    throw new WaSimError("validation_error", "give phone or sessionId, not both", { phone: "with sessionId" })
  }
  if (input.phone !== undefined) {
    const address = parseAddress(input.phone)
    if (address === undefined || address.server !== "s.whatsapp.net" || address.device !== undefined) {
      throw new WaSimError("validation_error", "invalid phone", { phone: "must be a phone number or a user JID" })
    }
    return address.user
  }
  if (input.sessionId !== undefined) return simulatedPhoneNumber(input.sessionId)
  return undefined
}

const phoneOfScan = (input: ScanInput, identityKey: Uint8Array): string => {
  const phone = phoneOf(input)
  if (phone !== undefined) return phone
  // Neither: a number of the client's own, stable for its key pair.
  return simulatedPhoneNumber(Buffer.from(identityKey).toString("base64"))
}

const statusOf = (simulator: Simulator, account: Account, device: Device): DeviceStatus => ({
  jid: device.jid,
  lid: device.lid,
  phoneJid: account.jid,
  platform: device.platform,
  liveSockets: simulator.live.of(device.jid).length,
  conflicts: simulator.live.conflictsOf(device.jid),
  refused: account.refused,
  unacked: simulator.outbox.pending(device).length
})

/** The control API over one simulator. */
export const makeControl = (simulator: Simulator): WaSimControl => {
  /** The account a target names; with `onDemand`, a phone number names a virtual user even before first use. */
  const accountOf = (target: Target, onDemand = false): { readonly account: Account; readonly device: number | undefined } => {
    if (target.jid !== undefined && target.sessionId !== undefined) {
      throw new WaSimError("validation_error", "give jid or sessionId, not both", { jid: "with sessionId" })
    }
    const address = target.jid !== undefined
      ? parseAddress(target.jid)
      : target.sessionId !== undefined
      ? { user: simulatedPhoneNumber(target.sessionId), server: "s.whatsapp.net" as const, device: undefined }
      : undefined
    if (address === undefined) {
      throw new WaSimError("validation_error", "invalid target", {
        jid: "must be a phone number, a (device) JID or a LID; or give sessionId"
      })
    }
    const account = onDemand && address.server === "s.whatsapp.net"
      ? accountOfJid(simulator.world, `${address.user}@s.whatsapp.net`)
      : simulator.world.find(address)
    if (account === undefined) throw new WaSimError("not_found", `no account ${target.jid ?? target.sessionId}`)
    return { account, device: address.device }
  }

  const companionsOf = (target: Target): { readonly account: Account; readonly devices: ReadonlyArray<Device> } => {
    const { account, device } = accountOf(target)
    if (device === undefined) return { account, devices: account.companions }
    const one = device === 0 ? undefined : account.devices.get(device)
    if (one === undefined) throw new WaSimError("not_found", `no linked device ${target.jid}`)
    return { account, devices: [one] }
  }

  return {
    ...makeGroupControl(simulator, (target, onDemand) => accountOf(target, onDemand).account),
    scan: async (input) => {
      const qr = parseQr(input.qr)
      if (qr === undefined) {
        throw new WaSimError("validation_error", "invalid qr", { qr: "must be the QR string a client shows" })
      }
      if (input.phone !== undefined && input.sessionId !== undefined) {
        throw new WaSimError("validation_error", "give phone or sessionId, not both", { phone: "with sessionId" })
      }
      const { account, device } = await simulator.pairings.scan(qr, phoneOfScan(input, qr.identityKey))
      return { jid: device.jid, lid: device.lid, phoneJid: account.jid, phoneLid: account.lid }
    },
    enterPairingCode: async (input) => {
      if (typeof input.code !== "string") throw new WaSimError("validation_error", "invalid code", { code: "is required" })
      const { account, device } = await simulator.codePairings.enter(input.code, phoneOf(input))
      return { jid: device.jid, lid: device.lid, phoneJid: account.jid, phoneLid: account.lid }
    },
    unlink: (target) => {
      const { account, devices } = companionsOf(target)
      if (devices.length === 0) throw new WaSimError("not_found", `${account.jid} has no linked device`)
      for (const device of devices) simulator.removeDevice(account, device)
      return devices.map((device) => device.jid)
    },
    drop: (target) => companionsOf(target).devices.reduce((sum, device) => sum + simulator.dropSockets(device), 0),
    refuse: (target) => {
      const { account } = accountOf(target)
      account.refused = true
      for (const device of account.companions) simulator.dropSockets(device)
    },
    accept: (target) => {
      accountOf(target).account.refused = false
    },
    advanceClock: ({ seconds }) => {
      if (typeof seconds !== "number" || !Number.isInteger(seconds) || seconds < 0) {
        throw new WaSimError("validation_error", "invalid advanceSeconds", { advanceSeconds: "must be a whole number of seconds, 0 or more" })
      }
      return { now: simulator.clock.advance(seconds) }
    },
    devices: () =>
      simulator.world.accounts.flatMap((account) => account.companions.map((device) => statusOf(simulator, account, device))),
    ...makeMessageControl(simulator, (target) => accountOf(target, true).account),
    ...makeFaultControl(simulator.faults, (target) => accountOf(target, true).account)
  }
}

import { randomBytes, timingSafeEqual } from "node:crypto"
import type { Account, Device } from "../accounts/Account.ts"
import { NotOnWhatsApp, type World } from "../accounts/World.ts"
import { WaSimError } from "../errors.ts"
import type { Log } from "../Log.ts"
import { contentBytes, child, node } from "../protocol/nodes.ts"
import { restartRequired, serverIq } from "../protocol/stanzas.ts"
import type { Connection } from "../transport/Connection.ts"
import type { ServerRequests } from "../transport/ServerRequests.ts"
import { issueDeviceIdentity, verifyDeviceSignature } from "./deviceIdentity.ts"
import type { ScannedQr } from "./qr.ts"
import type { Registration } from "./registration.ts"

/** WhatsApp hands a fresh client six refs; the client shows each as a QR code in turn (60 s, then 20 s each). */
const REFS_PER_PAIRING = 6
const ANSWER_TIMEOUT_MS = 10_000
/** What the simulated phone says it is in `<pair-success><platform>`. */
const PHONE_PLATFORM = "android"

interface Pending {
  readonly registration: Registration
  readonly refs: ReadonlyArray<string>
}

const sameBytes = (a: Uint8Array, b: Uint8Array): boolean => a.length === b.length && timingSafeEqual(a, b)

/**
 * QR pairing: fresh clients waiting to be linked (with the refs their QR codes carry), and the phone's side of
 * a scan — `pair-success` with a signed device identity, the client's `pair-device-sign`, then
 * `<stream:error code="515"/>` so that the client reconnects with its new credentials.
 */
export class Pairings {
  private readonly byConnection = new Map<Connection, Pending>()
  private readonly byRef = new Map<string, Connection>()

  private readonly world: World
  private readonly requests: ServerRequests
  private readonly log: Log
  private readonly nowSeconds: () => number

  constructor(world: World, requests: ServerRequests, log: Log, nowSeconds: () => number) {
    this.world = world
    this.requests = requests
    this.log = log
    this.nowSeconds = nowSeconds
  }

  /** A fresh client registered: send it `<pair-device>` with its refs (Baileys: `CB:iq,type:set,pair-device`). */
  begin(connection: Connection, registration: Registration): void {
    const refs = Array.from({ length: REFS_PER_PAIRING }, () => `2@${randomBytes(33).toString("base64")}`)
    this.byConnection.set(connection, { registration, refs })
    for (const ref of refs) this.byRef.set(ref, connection)
    const iq = serverIq(this.requests.nextId(), "set", "md", [
      node("pair-device", {}, refs.map((ref) => node("ref", {}, ref)))
    ])
    this.requests.request(connection, iq, ANSWER_TIMEOUT_MS).catch((error: unknown) =>
      this.log("debug", "pair-device was not acknowledged", { connection: connection.id, error: String(error) })
    )
  }

  /** Forgets a client that closed or was linked. */
  end(connection: Connection): void {
    const pending = this.byConnection.get(connection)
    if (!pending) return
    this.byConnection.delete(connection)
    for (const ref of pending.refs) this.byRef.delete(ref)
  }

  /** How many fresh clients are waiting for a scan. */
  get waiting(): number {
    return this.byConnection.size
  }

  /** The phone `phone` scans the QR code: links the client as a new companion of that account. */
  async scan(qr: ScannedQr, phone: string): Promise<{ readonly account: Account; readonly device: Device }> {
    const connection = this.byRef.get(qr.ref)
    const pending = connection === undefined ? undefined : this.byConnection.get(connection)
    if (connection === undefined || pending === undefined) {
      throw new WaSimError("not_found", "no client shows this QR code (its socket closed, or it was scanned already)", {
        qr: "unknown ref"
      })
    }
    const { registration } = pending
    if (!sameBytes(registration.noiseKey, qr.noiseKey) || !sameBytes(registration.identityKey, qr.identityKey)) {
      throw new WaSimError("validation_error", "the QR code's keys are not those of the client that shows it", {
        qr: "keys do not match the client"
      })
    }
    return this.link(connection, registration, this.accountFor(phone), qr.advSecret)
  }

  /** The registration of a fresh client waiting to be linked (by QR or by code); undefined for any other socket. */
  registrationOf(connection: Connection): Registration | undefined {
    return this.byConnection.get(connection)?.registration
  }

  /**
   * The phone links the client as a new companion of `account`, once it shares `advSecret` with it (the QR's,
   * or the one both sides derived from a pairing code): `<pair-success>` with the device identity, the
   * client's `<pair-device-sign>` checked, then 515.
   */
  async link(
    connection: Connection,
    registration: Registration,
    account: Account,
    advSecret: Uint8Array
  ): Promise<{ readonly account: Account; readonly device: Device }> {
    this.end(connection)
    const slot = account.allocateCompanion()
    const issued = issueDeviceIdentity({
      account: account.phoneKeys.identity,
      companionIdentityKey: registration.identityKey,
      advSecret,
      rawId: account.advRawId,
      keyIndex: slot.keyIndex,
      timestampSeconds: this.nowSeconds()
    })
    const iq = serverIq(this.requests.nextId(), "set", "md", [
      node("pair-success", {}, [
        node("device-identity", {}, issued.container),
        node("platform", { name: PHONE_PLATFORM }),
        node("device", { jid: slot.jid, lid: slot.lid })
      ])
    ])
    const answer = await this.requests.request(connection, iq, ANSWER_TIMEOUT_MS).catch((error: unknown) => {
      throw new WaSimError("conflict", `the client did not complete the pairing: ${String(error)}`)
    })
    const signed = contentBytes(child(child(answer, "pair-device-sign"), "device-identity"))
    if (answer.attrs["type"] !== "result" || signed === undefined) {
      const error = child(answer, "error")
      connection.terminate()
      throw new WaSimError("conflict", `the client refused the pairing: ${error?.attrs["text"] ?? "no pair-device-sign"}`)
    }
    const valid = verifyDeviceSignature({
      signed,
      issuedDetails: issued.details,
      companionIdentityKey: registration.identityKey,
      accountKey: account.phoneKeys.identity.public
    })
    if (!valid) {
      connection.terminate()
      throw new WaSimError("conflict", "the client's device signature does not verify")
    }
    const device: Device = {
      id: slot.id,
      jid: slot.jid,
      lid: slot.lid,
      keys: {
        registrationId: registration.registrationId,
        identityKey: registration.identityKey,
        signedPreKey: registration.signedPreKey,
        preKeys: new Map()
      },
      noiseKey: registration.noiseKey,
      keyIndex: slot.keyIndex,
      platform: registration.platform
    }
    account.link(device)
    this.log("info", "device linked", { device: device.jid, platform: device.platform })
    connection.end(restartRequired())
    return { account, device }
  }

  /** The account of a phone number; a validation error for numbers not on WhatsApp. */
  accountFor(phone: string): Account {
    try {
      return this.world.account(phone)
    } catch (error) {
      if (error instanceof NotOnWhatsApp) {
        throw new WaSimError("validation_error", error.message, { phone: "not on WhatsApp (numbers starting 000)" })
      }
      throw error
    }
  }
}

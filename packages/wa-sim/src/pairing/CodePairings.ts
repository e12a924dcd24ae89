import { randomBytes, timingSafeEqual } from "node:crypto"
import type { Account, Device } from "../accounts/Account.ts"
import { WaSimError } from "../errors.ts"
import type { Log } from "../Log.ts"
import { type BinaryNode, Curve, S_WHATSAPP_NET } from "../protocol/baileys.ts"
import { child, contentBytes, node } from "../protocol/nodes.ts"
import { iqError, iqResult } from "../protocol/stanzas.ts"
import type { Connection } from "../transport/Connection.ts"
import { advSecretOf, normaliseCode, openKeyBundle, unwrapWithCode, wrapWithCode } from "./linkCode.ts"
import type { Pairings } from "./Pairings.ts"
import type { Registration } from "./registration.ts"

/** How long the phone waits for the client's `companion_finish` after its `primary_hello`. */
const FINISH_TIMEOUT_MS = 10_000
const WRAPPED_KEY_LENGTH = 80

/** A fresh client that asked for a code (`companion_hello`) and waits for its phone to enter it. */
interface Hello {
  readonly connection: Connection
  readonly registration: Registration
  /** The number the client asked for: only that phone can enter its code. */
  readonly phone: string
  readonly wrappedCompanionEphemeral: Uint8Array
  readonly ref: Uint8Array
  /** Set while the phone has sent `primary_hello` and waits for `companion_finish`. */
  finish: { readonly resolve: (iq: BinaryNode) => void; readonly reject: (error: Error) => void } | undefined
}

const sameBytes = (a: Uint8Array | undefined, b: Uint8Array): boolean =>
  a !== undefined && a.length === b.length && timingSafeEqual(a, b)

/**
 * Linking by pairing code (`link_code_companion_reg`), WhatsApp's "link with phone number instead":
 *
 * 1. the client sends `companion_hello` for a number, with its ephemeral key wrapped with the code it shows
 *    and its Noise key; the server answers a `link_code_pairing_ref`;
 * 2. the phone of that number enters the code (control `enterPairingCode`): it unwraps the client's ephemeral
 *    key, wraps an ephemeral key of its own with the same code, and the server tells the client in a
 *    `<notification type="link_code_companion_reg">` at stage `primary_hello` (with the phone's identity key);
 * 3. the client answers `companion_finish` with a key bundle sealed with the ephemeral shared secret: it opens
 *    only when both sides used the same code (otherwise the IQ is refused and the client stays unpaired);
 * 4. both sides derive the adv secret, and the phone links the client as for a QR scan (`pair-success`, 515).
 */
export class CodePairings {
  private readonly byConnection = new Map<Connection, Hello>()
  private readonly pairings: Pairings
  private readonly nextId: () => string
  private readonly log: Log
  private readonly nowSeconds: () => number

  constructor(pairings: Pairings, nextId: () => string, log: Log, nowSeconds: () => number) {
    this.pairings = pairings
    this.nextId = nextId
    this.log = log
    this.nowSeconds = nowSeconds
  }

  /** A stanza from a socket that is not logged in: the `md` `link_code_companion_reg` IQs; anything else is ignored. */
  received(connection: Connection, stanza: BinaryNode): ReadonlyArray<BinaryNode> {
    const reg = child(stanza, "link_code_companion_reg")
    if (stanza.tag !== "iq" || stanza.attrs["xmlns"] !== "md" || reg === undefined) return []
    const registration = this.pairings.registrationOf(connection)
    if (stanza.attrs["type"] !== "set" || registration === undefined) return [iqError(stanza, 400, "bad-request")]
    switch (reg.attrs["stage"]) {
      case "companion_hello":
        return [this.hello(connection, registration, stanza, reg)]
      case "companion_finish": {
        const hello = this.byConnection.get(connection)
        if (hello?.finish === undefined) return [iqError(stanza, 400, "bad-request")]
        hello.finish.resolve(stanza)
        return []
      }
      default:
        return [iqError(stanza, 400, "bad-request")]
    }
  }

  /** Forgets a client that closed or was linked. */
  end(connection: Connection): void {
    this.byConnection.get(connection)?.finish?.reject(
      new WaSimError("not_found", "the client that asked for the code closed its socket")
    )
    this.byConnection.delete(connection)
  }

  /** `companion_hello`: the client asks for a code for `jid`; answered with the pairing ref. */
  private hello(connection: Connection, registration: Registration, iq: BinaryNode, reg: BinaryNode): BinaryNode {
    const phone = /^(\d{5,20})@s\.whatsapp\.net$/.exec(reg.attrs["jid"] ?? "")?.[1]
    const wrapped = contentBytes(child(reg, "link_code_pairing_wrapped_companion_ephemeral_pub"))
    const serverAuthKey = contentBytes(child(reg, "companion_server_auth_key_pub"))
    if (phone === undefined || wrapped?.length !== WRAPPED_KEY_LENGTH || !sameBytes(serverAuthKey, registration.noiseKey)) {
      return iqError(iq, 400, "bad-request")
    }
    const ref = new Uint8Array(Buffer.from(`2@${randomBytes(24).toString("base64")}`, "utf8"))
    this.byConnection.set(connection, { connection, registration, phone, wrappedCompanionEphemeral: wrapped, ref, finish: undefined })
    this.log("info", "a client asks for a pairing code", { connection: connection.id, phone })
    return iqResult(iq, [node("link_code_companion_reg", {}, [node("link_code_pairing_ref", {}, ref)])])
  }

  /** The phones whose clients wait for their code to be entered. */
  get waiting(): ReadonlyArray<string> {
    return [...this.byConnection.values()].map((hello) => hello.phone)
  }

  /**
   * The phone of `phone` (or, without one, of the only client waiting) enters `typed`; resolves once the client
   * is linked. A code that is not the client's is refused (validation error), and the client still waits.
   */
  async enter(typed: string, phone: string | undefined): Promise<{ readonly account: Account; readonly device: Device }> {
    const code = normaliseCode(typed)
    if (code === undefined) {
      throw new WaSimError("validation_error", "invalid code", { code: "must be the 8 characters the client shows (ABCD-EFGH)" })
    }
    const hello = this.helloOf(phone)
    if (hello.finish !== undefined) throw new WaSimError("conflict", `a code is being entered for ${hello.phone} already`)
    const account = this.pairings.accountFor(hello.phone)
    const companionEphemeral = await unwrapWithCode(hello.wrappedCompanionEphemeral, code)
    const primaryEphemeral = Curve.generateKeyPair()
    const wrappedPrimary = await wrapWithCode(primaryEphemeral.public, code)
    if (this.byConnection.get(hello.connection) !== hello) {
      throw new WaSimError("not_found", `the client that asked for a code for ${hello.phone} is gone`)
    }
    const finishIq = await new Promise<BinaryNode>((resolve, reject) => {
      const timer = setTimeout(() => {
        hello.finish = undefined
        reject(new WaSimError("conflict", `the client did not answer the phone's primary_hello in ${FINISH_TIMEOUT_MS} ms`))
      }, FINISH_TIMEOUT_MS)
      const settle = () => {
        clearTimeout(timer)
        hello.finish = undefined
      }
      hello.finish = {
        resolve: (iq) => {
          settle()
          resolve(iq)
        },
        reject: (error) => {
          settle()
          reject(error)
        }
      }
      // Baileys `processNotification` case 'link_code_companion_reg'; whatsmeow `handleCodePairNotification`.
      hello.connection.send(
        node("notification", { from: S_WHATSAPP_NET, type: "link_code_companion_reg", id: this.nextId(), t: String(this.nowSeconds()) }, [
          node("link_code_companion_reg", { stage: "primary_hello" }, [
            node("link_code_pairing_ref", {}, hello.ref),
            node("primary_identity_pub", {}, account.phoneKeys.identity.public),
            node("link_code_pairing_wrapped_primary_ephemeral_pub", {}, wrappedPrimary)
          ])
        ])
      )
    })
    const reg = child(finishIq, "link_code_companion_reg")
    const bundle = contentBytes(child(reg, "link_code_pairing_wrapped_key_bundle"))
    const companionIdentity = contentBytes(child(reg, "companion_identity_public"))
    const registration = hello.registration
    if (
      bundle === undefined || !sameBytes(contentBytes(child(reg, "link_code_pairing_ref")), hello.ref) ||
      !sameBytes(companionIdentity, registration.identityKey)
    ) {
      hello.connection.send(iqError(finishIq, 400, "bad-request"))
      throw new WaSimError("conflict", "the client's companion_finish does not match its hello")
    }
    const ephemeralShared = Curve.sharedKey(primaryEphemeral.private, companionEphemeral)
    const opened = openKeyBundle(bundle, ephemeralShared)
    if (
      opened === undefined || !sameBytes(opened.companionIdentity, registration.identityKey) ||
      !sameBytes(opened.primaryIdentity, account.phoneKeys.identity.public)
    ) {
      // The two sides did not derive the same keys: the phone entered another code than the client shows.
      hello.connection.send(iqError(finishIq, 400, "bad-request"))
      this.log("info", "a wrong pairing code was entered", { connection: hello.connection.id, phone: hello.phone })
      throw new WaSimError("validation_error", "the code is not the one the client shows", { code: "does not match the client's code" })
    }
    const identityShared = Curve.sharedKey(account.phoneKeys.identity.private, registration.identityKey)
    const advSecret = advSecretOf(ephemeralShared, identityShared, opened.advRandom)
    hello.connection.send(iqResult(finishIq))
    this.end(hello.connection)
    return this.pairings.link(hello.connection, registration, account, advSecret)
  }

  private helloOf(phone: string | undefined): Hello {
    const hellos = [...this.byConnection.values()]
    if (phone === undefined) {
      if (hellos.length === 1) return hellos[0]!
      if (hellos.length === 0) throw new WaSimError("not_found", "no client waits for a pairing code")
      throw new WaSimError("validation_error", "several clients wait for a pairing code", { phone: "is required: give phone or sessionId" })
    }
    const hello = hellos.findLast((candidate) => candidate.phone === phone)
    if (hello === undefined) throw new WaSimError("not_found", `no client asked for a pairing code for ${phone}`)
    return hello
  }
}

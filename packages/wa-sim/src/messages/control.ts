import { simulatedPhoneNumber } from "@wagate/core"
import type { Account } from "../accounts/Account.ts"
import type { Target } from "../control/Target.ts"
import { WaSimError } from "../errors.ts"
import type { Simulator } from "../Simulator.ts"
import { accountOfJid } from "./addressing.ts"
import { composeMessage, type OutgoingContent } from "./compose.ts"
import { parseOutgoing, userJid } from "./controlInput.ts"
import type { ChatStateRecord } from "./ChatStates.ts"
import type { SendTarget } from "./Messaging.ts"
import type { ReceiptRecord, ReceiptSettings, ReceivedMessage, RefusedMessage, SubmittedMessage } from "./records.ts"
import { compositionFor } from "./references.ts"

export interface SendInput {
  /** The sending phone: a phone number or user JID (a virtual user exists on demand; any account's phone may send). */
  readonly from: string
  /** A user to send to: phone number, user JID or LID… */
  readonly to?: string | undefined
  /** …or the account of a gateway session id (its derived number)… */
  readonly toSessionId?: string | undefined
  /** …or a group (`…@g.us`) the sender is a participant of. */
  readonly group?: string | undefined
  readonly content: OutgoingContent
}

export type ReceiptSwitch = Target & { readonly [K in keyof ReceiptSettings]?: ReceiptSettings[K] | undefined }

export type ReadInput = Target & {
  /** Only these message ids; every unread message when omitted. */
  readonly ids?: ReadonlyArray<string> | undefined
}

/** The messages part of the control API. */
export interface MessageControl {
  /** What an account's phone received and decrypted (every account: virtual users and linked ones), in order. */
  readonly messages: (target: Target) => ReadonlyArray<ReceivedMessage>
  /**
   * The message ids an account's clients (its linked devices) sent, each with how many times it came, in the order
   * each was first accepted. A repeat was acked and not delivered again (WhatsApp de-duplicates by id).
   */
  readonly submissions: (target: Target) => ReadonlyArray<SubmittedMessage>
  /** The typing and recording states an account's clients showed (`<chatstate>`), in order. */
  readonly chatStates: (target: Target) => ReadonlyArray<ChatStateRecord>
  /** The receipts that came back for messages an account's phone sent. */
  readonly receipts: (target: Target) => ReadonlyArray<ReceiptRecord>
  /**
   * The messages an account's clients sent that the server refused (an error ack, delivered to nobody): a send
   * the model refuses, an edit or a delete for everyone the rules refuse; in order.
   */
  readonly refusals: (target: Target) => ReadonlyArray<RefusedMessage>
  /**
   * A phone sends a text (a reply with `replyTo`), poll, location, contact, reaction, an edit or a delete for
   * everyone of an earlier message, or a vote on a poll; resolves once every copy is delivered or queued.
   */
  readonly send: (input: SendInput) => Promise<{ readonly id: string }>
  /** Whether an account's phone confirms delivery, and reads at once; the settings now in force. */
  readonly setReceipts: (input: ReceiptSwitch) => ReceiptSettings
  /** An account's phone reads what it received and has not read: read receipts go to the senders. */
  readonly read: (input: ReadInput) => Promise<{ readonly read: number }>
}

const GROUP = /^[0-9]+(-[0-9]+)?@g\.us$/

/** The messages control over a simulator; `accountOf` resolves a target as the rest of the control API does. */
export const makeMessageControl = (simulator: Simulator, accountOf: (target: Target) => Account): MessageControl => {
  const { messaging, world } = simulator

  const sender = (from: unknown): Account => {
    const account = accountOfJid(world, userJid(from, "from"))
    if (account === undefined) throw new WaSimError("validation_error", "invalid from", { from: "is not on WhatsApp" })
    return account
  }

  const target = (input: SendInput): SendTarget => {
    const given = [input.to, input.toSessionId, input.group].filter((value) => value !== undefined)
    if (given.length !== 1) {
      throw new WaSimError("validation_error", "give one of to, toSessionId, group", { to: "give exactly one of to, toSessionId, group" })
    }
    if (input.group !== undefined) {
      if (!GROUP.test(input.group)) throw new WaSimError("validation_error", "invalid group", { group: "must be a group JID (…@g.us)" })
      return { group: input.group }
    }
    const jid = input.to !== undefined ? userJid(input.to, "to") : `${simulatedPhoneNumber(input.toSessionId!)}@s.whatsapp.net`
    const user = accountOfJid(world, jid)
    if (user === undefined) throw new WaSimError("not_found", `${jid} is not on WhatsApp`)
    return { user }
  }

  return {
    messages: (t) => messaging.received(accountOf(t)),
    submissions: (t) => messaging.submitted(accountOf(t)),
    refusals: (t) => messaging.refusedOf(accountOf(t)),
    chatStates: (t) => messaging.chatStatesOf(accountOf(t)),
    receipts: (t) => messaging.receiptsOf(accountOf(t)),
    send: async (input) => {
      const from = sender(input.from)
      const to = target(input)
      const content = parseOutgoing(input.content)
      const message = await composeMessage(content, compositionFor(messaging, from, to, content))
      return { id: await messaging.sendAs(from, to, message) }
    },
    setReceipts: (input) => {
      const change: { delivered?: boolean; read?: boolean } = {}
      for (const name of ["delivered", "read"] as const) {
        const value = input[name]
        if (value === undefined) continue
        if (typeof value !== "boolean") throw new WaSimError("validation_error", `invalid ${name}`, { [name]: "must be true or false" })
        change[name] = value
      }
      return messaging.setReceiptSettings(accountOf(input), change)
    },
    read: async (input) => {
      const ids = input.ids
      if (ids !== undefined && (!Array.isArray(ids) || ids.some((id) => typeof id !== "string" || id.length === 0))) {
        throw new WaSimError("validation_error", "invalid ids", { ids: "must be a list of message ids" })
      }
      return { read: await messaging.read(accountOf(input), ids) }
    }
  }
}

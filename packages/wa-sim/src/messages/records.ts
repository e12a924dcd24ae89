import type { MessageContent, MessageContext } from "./content.ts"
import type { Change, RefusalReason } from "./rules.ts"

/** A message an account's phone received and decrypted. */
export interface ReceivedMessage {
  readonly id: string
  /** The group's JID, or in a direct chat the other party's phone JID. */
  readonly chat: string
  /** The sender's phone JID (`<phone>@s.whatsapp.net`). */
  readonly sender: string
  readonly senderLid: string
  /** The sending device's phone JID (`<phone>[:<device>]@s.whatsapp.net`). */
  readonly senderDevice: string
  /** True for a copy of what the account itself sent from another of its devices. */
  readonly fromMe: boolean
  /** Server time (seconds) when the message arrived at the server. */
  readonly timestamp: number
  /** The stanza type (`text`, `media`, `poll`, `reaction`…). */
  readonly type: string
  readonly content: MessageContent
  /** The message it replies to and who it mentions (its `contextInfo`), when it says. */
  readonly context: MessageContext | undefined
  /** The decrypted `proto.Message` as JSON (bytes in base64), sender keys left out; undefined when undecryptable. */
  readonly raw: Record<string, unknown> | undefined
}

/** A receipt that came back for a message an account's phone sent. */
export interface ReceiptRecord {
  readonly messageId: string
  /** The group's JID, or the recipient's phone JID. */
  readonly chat: string
  /** The phone JID of whoever received or read the message. */
  readonly from: string
  /** Which of their devices sent the receipt (`<phone>[:<device>]@s.whatsapp.net`; each device confirms delivery). */
  readonly device: string
  readonly type: "delivery" | "read" | "played" | "retry"
  readonly timestamp: number
}

/** How an account's phone answers messages it receives. */
export interface ReceiptSettings {
  /** A delivery receipt as soon as a message arrives. */
  readonly delivered: boolean
  /** A read receipt right after it, or none until the control API's `read`. */
  readonly read: boolean
}

/** A message id an account's clients sent: the chat, and how many times the id came (repeats are not delivered). */
export interface SubmittedMessage {
  readonly id: string
  /** The group's JID, or the recipient's phone JID. */
  readonly chat: string
  readonly times: number
  /**
   * The device JIDs the first submission's `<participants>` addressed (`<to jid>`, as the client wrote them): in a
   * group, the devices handed the sender key (a `pkmsg`/`msg` each); in a direct chat, every device of both users.
   */
  readonly addressed: ReadonlyArray<string>
}

/** A message an account's client sent that the server refused (acked with an error and delivered to nobody). */
export interface RefusedMessage {
  readonly id: string
  /** The stanza's `to`: the group, or the user as the client named it. */
  readonly chat: string
  /** The client that sent it (`<phone>:<device>@s.whatsapp.net`). */
  readonly device: string
  /** The `error` code of the ack. */
  readonly error: number
  readonly reason: RefusalReason
  /** For an edit or a delete for everyone: which, and the id of the message it was about (when the server read it). */
  readonly change: Change | undefined
  readonly target: string | undefined
  readonly timestamp: number
}

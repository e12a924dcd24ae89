import type { ChatMessage } from "./ChatMessage.ts"
import type { WaMessageId } from "./Ids.ts"
import type { Recipient, UserJid } from "./Jid.ts"
import type { SendRequest, TextMessage } from "./SendRequest.ts"

/** The earlier message a send refers to (what a reply quotes, or an act is on), as the chat stored it. */
export type ReferredMessage = ChatMessage

type TextRequest = typeof TextMessage.Type

/** A request as sent: mentions of everyone expanded to the group's members. */
export type ResolvedRequest =
  | Exclude<SendRequest, TextRequest>
  | (Omit<TextRequest, "mentions"> & { readonly mentions?: ReadonlyArray<UserJid> | undefined })

/**
 * What the WhatsApp port sends: a validated request, under the WhatsApp message id the core chose for it, with the
 * message it refers to (`replyTo`, `targetWaMessageId`) as stored.
 */
export type OutboundMessage = ResolvedRequest & {
  readonly to: Recipient
  readonly waMessageId: WaMessageId
  readonly ref?: ReferredMessage | undefined
}


import {
  vcardOf,
  isGroupJid,
  NotFound,
  NotGroupAdmin,
  NotGroupMember,
  NotOnWhatsApp,
  type OutboundMessage,
  type ReferredMessage,
  type SentMessage,
  WaMessageId,
  WhatsAppFailure
} from "@wagate/core"
import {
  type AnyMessageContent,
  type BinaryNode,
  jidNormalizedUser,
  type proto,
  type WAMessage,
  type WAMessageKey,
  type WASocket
} from "@whiskeysockets/baileys"
import { Effect, Fiber } from "effect"
import { timedOut, toFailure } from "../errors/toDomainError.ts"
import { call, groupCall } from "./call.ts"

/** The Baileys content of a message wagate sends. */
export const contentOf = (message: OutboundMessage): AnyMessageContent => {
  switch (message.type) {
    case "text":
      return { text: message.text, ...(message.mentions === undefined ? {} : { mentions: [...message.mentions] }) }
    case "poll":
      return { poll: { name: message.name, values: [...message.options], selectableCount: message.selectableCount ?? 1 } }
    case "location":
      return {
        location: {
          degreesLatitude: message.latitude,
          degreesLongitude: message.longitude,
          ...(message.name === undefined ? {} : { name: message.name }),
          ...(message.address === undefined ? {} : { address: message.address })
        }
      }
    case "contact":
      return {
        contacts: {
          displayName: message.contacts.length === 1 ? (message.contacts[0]?.name ?? "") : `${message.contacts.length} contacts`,
          contacts: message.contacts.map((c) => ({ displayName: c.name, vcard: vcardOf(c) }))
        }
      }
    case "reaction":
      return { react: { text: message.emoji, key: keyOf(message.to, message.targetWaMessageId, message.ref) } }
    case "edit":
      return { text: message.text, edit: keyOf(message.to, message.targetWaMessageId, message.ref) }
    case "delete":
      return { delete: keyOf(message.to, message.targetWaMessageId, message.ref) }
  }
}

/**
 * The key of the stored message a send acts on or quotes, as the sender's client names it: the chat, whether the
 * account sent it, its id, and in a group who sent it.
 */
const keyOf = (chat: string, id: string, ref: ReferredMessage | undefined): WAMessageKey => ({
  remoteJid: chat,
  fromMe: ref?.direction === "out",
  id,
  ...(isGroupJid(chat) && ref !== undefined && ref.direction === "in" ? { participant: ref.from.jid } : {})
})

/** A stored message as the protobuf content a quote carries (what the reply shows above itself). */
const quotedContent = (ref: ReferredMessage): proto.IMessage => {
  switch (ref.type) {
    case "text":
      return { conversation: ref.content.text }
    case "poll":
      return { pollCreationMessage: { name: ref.content.name, options: ref.content.options.map((optionName) => ({ optionName })) } }
    case "location":
      return { locationMessage: { degreesLatitude: ref.content.latitude, degreesLongitude: ref.content.longitude } }
    case "contact":
      return { contactMessage: { displayName: ref.content.contacts[0]?.name ?? "" } }
    default:
      return { conversation: "" }
  }
}

/** The message a reply quotes, as Baileys takes it (`sendMessage`'s `quoted`). */
const quotedOf = (message: OutboundMessage): WAMessage | undefined => {
  if (message.type === "reaction" || message.type === "edit" || message.type === "delete" || message.ref === undefined) return undefined
  return { key: keyOf(message.to, message.ref.waMessageId, message.ref), message: quotedContent(message.ref) }
}

/** WhatsApp's ack of a sent message: `undefined` when it took it, else the `error` code it answered. */
const awaitAck = (sock: WASocket, messageId: string, timeoutMs: number) =>
  Effect.callback<string | undefined>((resume) => {
    const onAck = (node: BinaryNode) => {
      if (node.attrs["id"] !== messageId) return
      sock.ws.off("CB:ack,class:message", onAck)
      resume(Effect.succeed(node.attrs["error"]))
    }
    sock.ws.on("CB:ack,class:message", onAck)
    return Effect.sync(() => sock.ws.off("CB:ack,class:message", onAck))
  }).pipe(Effect.timeoutOrElse({ duration: timeoutMs, orElse: () => Effect.fail(timedOut("the message")) }))

/** An ack's error code as the domain's refusal (403 in a group: not a member, or not an admin of an announcement group). */
const refusal = Effect.fn("Baileys.sendRefusal")(function*(sock: WASocket, to: string, code: string) {
  if (isGroupJid(to)) {
    if (code === "403") {
      const meta = yield* Effect.promise(() => sock.groupMetadata(to).then((m) => m, () => undefined))
      const me = [sock.user?.id, sock.user?.lid].filter((j) => j !== undefined).map((j) => jidNormalizedUser(j))
      const member = meta?.participants.some((p) => me.includes(jidNormalizedUser(p.id)) || (p.phoneNumber !== undefined && me.includes(jidNormalizedUser(p.phoneNumber))))
      return member === true ? new NotGroupAdmin({ groupJid: to }) : new NotGroupMember({ groupJid: to })
    }
    if (code === "404") return new NotFound({ resource: "group", id: to })
  }
  if (code === "404") return new NotOnWhatsApp({ jid: to })
  return toFailure("the message", Object.assign(new Error(`ack error ${code}`), { data: Number(code) }))
})

/**
 * Sends under the id the core minted (so a receipt never races the `sent` write, and a retry is the same
 * message), and waits for WhatsApp's ack: an ack with an error is the send's failure.
 */
export const send = Effect.fn("Baileys.send")(function*(
  sock: WASocket,
  message: OutboundMessage,
  ackTimeoutMs: number
) {
  const messageId = message.waMessageId
  const to = message.to
  const quoted = quotedOf(message)
  const run = () => sock.sendMessage(to, contentOf(message), { messageId, ...(quoted === undefined ? {} : { quoted }) })
  // Listening before sending: the ack can come back before sendMessage resolves.
  const ack = yield* Effect.forkChild(awaitAck(sock, messageId, ackTimeoutMs), { startImmediately: true })
  const sent = yield* (isGroupJid(to) ? groupCall("the message", to, run) : call("the message", run)).pipe(
    Effect.onError(() => Fiber.interrupt(ack))
  )
  const id = sent?.key.id
  if (id == null) return yield* new WhatsAppFailure({ message: "WhatsApp did not take the message" })
  const error = yield* Fiber.join(ack)
  if (error !== undefined) return yield* Effect.fail(yield* refusal(sock, to, error))
  // The message as Baileys built it, for the session's own view of the chat (the echo WhatsApp does not send).
  return { sent: { waMessageId: WaMessageId.make(id) } satisfies SentMessage, message: sent }
})

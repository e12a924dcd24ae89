import { type ContactCard, isGroupJid, type OutboundMessage, type SentMessage, WaMessageId, WhatsAppFailure } from "@wagate/core"
import { type AnyMessageContent, generateMessageIDV2, type WASocket } from "@whiskeysockets/baileys"
import { Effect } from "effect"
import { call, groupCall } from "./call.ts"

const vcard = (contact: ContactCard): string => {
  const digits = contact.phone.replace(/[^0-9]/g, "")
  return ["BEGIN:VCARD", "VERSION:3.0", `FN:${contact.name}`, `TEL;type=CELL;type=VOICE;waid=${digits}:+${digits}`, "END:VCARD"].join("\n")
}

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
          contacts: message.contacts.map((c) => ({ displayName: c.name, vcard: vcard(c) }))
        }
      }
  }
}

/** Sends under the id the core minted (so a receipt never races the `sent` write), or a new one. */
export const send = Effect.fn("Baileys.send")(function*(sock: WASocket, message: OutboundMessage & { readonly waMessageId?: WaMessageId | undefined }) {
  const messageId = message.waMessageId ?? generateMessageIDV2(sock.user?.id)
  const to = message.to
  const run = () => sock.sendMessage(to, contentOf(message), { messageId })
  const sent = yield* (isGroupJid(to) ? groupCall("the message", to, run) : call("the message", run))
  const id = sent?.key.id
  if (id == null) return yield* new WhatsAppFailure({ message: "WhatsApp did not take the message" })
  return { waMessageId: WaMessageId.make(id) } satisfies SentMessage
})

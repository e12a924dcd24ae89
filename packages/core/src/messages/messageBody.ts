import type { MessageBody } from "../domain/ChatMessage.ts"
import type { ContactCard } from "../domain/SendRequest.ts"

/** The parts of a message that say what it holds, as sends and simulated users give them. */
export type MessageParts =
  | { readonly type: "text"; readonly text: string }
  | { readonly type: "poll"; readonly name: string; readonly options: ReadonlyArray<string>; readonly selectableCount?: number | undefined }
  | {
    readonly type: "location"
    readonly latitude: number
    readonly longitude: number
    readonly name?: string | undefined
    readonly address?: string | undefined
  }
  | { readonly type: "contact"; readonly contacts: ReadonlyArray<ContactCard> }

/** A message's kind and content as stored and read (API.md, Conversations), from what a send gave. */
export const messageBodyOf = (parts: MessageParts): MessageBody => {
  switch (parts.type) {
    case "text":
      return { type: "text", content: { text: parts.text } }
    case "poll":
      return { type: "poll", content: { name: parts.name, options: parts.options, selectableCount: parts.selectableCount ?? 1 } }
    case "location":
      return {
        type: "location",
        content: { latitude: parts.latitude, longitude: parts.longitude, name: parts.name ?? null, address: parts.address ?? null }
      }
    case "contact":
      return { type: "contact", content: { contacts: parts.contacts } }
  }
}

/** A contact card as the vCard WhatsApp clients send (the number also as `waid`, so the card links to the chat). */
export const vcardOf = (contact: ContactCard): string => {
  const digits = contact.phone.replace(/[^0-9]/g, "")
  return ["BEGIN:VCARD", "VERSION:3.0", `FN:${contact.name}`, `TEL;type=CELL;type=VOICE;waid=${digits}:+${digits}`, "END:VCARD"].join("\n")
}

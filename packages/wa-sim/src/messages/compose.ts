import { type AnyMessageContent, generateWAMessageContent, type proto } from "../protocol/baileys.ts"

/** What a played phone can send through the control API. */
export type OutgoingContent =
  | { readonly text: string; readonly mentions?: ReadonlyArray<string> | undefined }
  | { readonly poll: { readonly name: string; readonly options: ReadonlyArray<string>; readonly selectableCount?: number | undefined } }
  | {
    readonly location: {
      readonly latitude: number
      readonly longitude: number
      readonly name?: string | undefined
      readonly address?: string | undefined
    }
  }
  | { readonly contact: { readonly displayName: string; readonly vcard: string } }
  | { readonly reaction: { readonly messageId: string; readonly text: string } }

/** Who sent the message a reaction is about, as the reacting phone sees it. */
export interface ReactionKey {
  readonly remoteJid: string
  readonly fromMe: boolean
  readonly participant: string | undefined
}

const noUpload = async (): Promise<never> => {
  throw new Error("the simulator's phones send no media")
}

/**
 * The protobuf message a client would build for the content: Baileys' own `generateWAMessageContent` (what
 * `sendMessage` uses), so a poll gets its options and a fresh message secret, a text its mentions.
 */
export const composeMessage = (content: OutgoingContent, reactionKey: ReactionKey): Promise<proto.Message> => {
  let input: AnyMessageContent
  if ("text" in content) input = { text: content.text, mentions: [...(content.mentions ?? [])] }
  else if ("poll" in content) {
    input = { poll: { name: content.poll.name, values: [...content.poll.options], selectableCount: content.poll.selectableCount ?? 0 } }
  } else if ("location" in content) {
    const { address, latitude, longitude, name } = content.location
    input = { location: { degreesLatitude: latitude, degreesLongitude: longitude, name: name ?? null, address: address ?? null } }
  } else if ("contact" in content) {
    input = { contacts: { displayName: content.contact.displayName, contacts: [{ ...content.contact }] } }
  } else {
    const { participant, ...key } = reactionKey
    input = {
      react: { text: content.reaction.text, key: { ...key, id: content.reaction.messageId, ...(participant ? { participant } : {}) } }
    }
  }
  return generateWAMessageContent(input, { upload: noUpload })
}

/**
 * The `type` attribute of a `<message>` (Baileys `getMessageType` in Socket/messages-send.js, whatsmeow
 * `getTypeFromMessage` in send.go): reaction, poll, media, or text.
 */
export const stanzaTypeOf = (message: proto.IMessage): string => {
  if (message.reactionMessage != null) return "reaction"
  if (message.pollCreationMessage != null || message.pollCreationMessageV2 != null || message.pollCreationMessageV3 != null) return "poll"
  return mediaTypeOf(message) === undefined ? "text" : "media"
}

/** The `mediatype` attribute of an `<enc>` for the non-media kinds a phone sends (Baileys `getMediaType`). */
export const mediaTypeOf = (message: proto.IMessage): string | undefined => {
  if (message.contactMessage != null) return "vcard"
  if (message.contactsArrayMessage != null) return "contact_array"
  return undefined
}

import {
  type AnyMessageContent,
  type BinaryNode,
  generateWAMessageContent,
  generateWAMessageFromContent,
  proto,
  type WAMessageKey
} from "../protocol/baileys.ts"
import { node } from "../protocol/nodes.ts"
import { encryptPollVote } from "./pollVote.ts"

/** What a played phone can send through the control API. */
export type OutgoingContent =
  | { readonly text: string; readonly mentions?: ReadonlyArray<string> | undefined; readonly replyTo?: string | undefined }
  | {
    readonly poll: { readonly name: string; readonly options: ReadonlyArray<string>; readonly selectableCount?: number | undefined }
    readonly replyTo?: string | undefined
  }
  | {
    readonly location: {
      readonly latitude: number
      readonly longitude: number
      readonly name?: string | undefined
      readonly address?: string | undefined
    }
    readonly replyTo?: string | undefined
  }
  | { readonly contact: { readonly displayName: string; readonly vcard: string }; readonly replyTo?: string | undefined }
  | { readonly reaction: { readonly messageId: string; readonly text: string } }
  /** An edit of the phone's own earlier message: its new text. */
  | { readonly edit: { readonly messageId: string; readonly text: string } }
  /** A delete for everyone (revoke). */
  | { readonly delete: { readonly messageId: string } }
  /** A vote on a poll, by option names (none takes the vote back). */
  | { readonly vote: { readonly pollMessageId: string; readonly selected: ReadonlyArray<string> } }

/** The id of the earlier message a content names; undefined when it names none. */
export const referencedId = (content: OutgoingContent): string | undefined => {
  if ("reaction" in content) return content.reaction.messageId
  if ("edit" in content) return content.edit.messageId
  if ("delete" in content) return content.delete.messageId
  if ("vote" in content) return content.vote.pollMessageId
  return content.replyTo
}

/** An earlier message as the sending phone sees it: its key and (to quote it) what it says. */
export interface Referenced {
  readonly key: { readonly remoteJid: string; readonly fromMe: boolean; readonly id: string; readonly participant: string | undefined }
  readonly message: proto.IMessage
}

/** What a content is composed with: the chat and the phone as the chat names them, and the message it names. */
export interface Composition {
  readonly chatJid: string
  /** The sending phone's own JID in the chat (Baileys' `userJid`). */
  readonly selfJid: string
  readonly referenced: Referenced | undefined
  /** For a vote: the poll's message secret and its creator, as the chat names them. */
  readonly poll?: { readonly secret: Uint8Array; readonly creatorJid: string } | undefined
}

const noUpload = async (): Promise<never> => {
  throw new Error("the simulator's phones send no media")
}

const keyOf = ({ key }: Referenced): WAMessageKey => {
  const { participant, ...rest } = key
  return { ...rest, ...(participant === undefined ? {} : { participant }) }
}

const needed = (referenced: Referenced | undefined): Referenced => {
  if (referenced === undefined) throw new Error("the content names a message that was not resolved")
  return referenced
}

/**
 * The protobuf message a client would build for the content: Baileys' own `generateWAMessageContent` (what
 * `sendMessage` uses), so a poll gets its options and a fresh message secret, a text its mentions, an edit its
 * `protocolMessage` (MESSAGE_EDIT with `editedMessage`), a delete its REVOKE; a reply gets its `contextInfo`
 * (`stanzaId`, `participant`, `quotedMessage`) from Baileys' `generateWAMessageFromContent` with `quoted`. A
 * vote is a `pollUpdateMessage` encrypted with the poll's secret (`pollVote.ts`).
 */
export const composeMessage = async (content: OutgoingContent, composition: Composition): Promise<proto.Message> => {
  const { referenced } = composition
  let input: AnyMessageContent
  if ("text" in content) input = { text: content.text, mentions: [...(content.mentions ?? [])] }
  else if ("poll" in content) {
    input = { poll: { name: content.poll.name, values: [...content.poll.options], selectableCount: content.poll.selectableCount ?? 0 } }
  } else if ("location" in content) {
    const { address, latitude, longitude, name } = content.location
    input = { location: { degreesLatitude: latitude, degreesLongitude: longitude, name: name ?? null, address: address ?? null } }
  } else if ("contact" in content) {
    input = { contacts: { displayName: content.contact.displayName, contacts: [{ ...content.contact }] } }
  } else if ("reaction" in content) {
    input = { react: { text: content.reaction.text, key: keyOf(needed(referenced)) } }
  } else if ("edit" in content) {
    input = { text: content.edit.text, edit: keyOf(needed(referenced)) }
  } else if ("delete" in content) {
    input = { delete: keyOf(needed(referenced)) }
  } else {
    const poll = composition.poll
    if (poll === undefined) throw new Error("a vote needs the poll's secret")
    const key = keyOf(needed(referenced))
    const vote = encryptPollVote(poll.secret, { pollId: key.id ?? "", creatorJid: poll.creatorJid, voterJid: composition.selfJid }, content.vote.selected)
    return proto.Message.create({ pollUpdateMessage: { pollCreationMessageKey: key, vote, senderTimestampMs: Date.now() } })
  }
  const message = await generateWAMessageContent(input, { upload: noUpload })
  if (!("replyTo" in content) || content.replyTo === undefined) return message
  const quoted = needed(referenced)
  const withQuote = generateWAMessageFromContent(composition.chatJid, message, {
    userJid: composition.selfJid,
    quoted: { key: keyOf(quoted), message: quoted.message }
  })
  return proto.Message.create(withQuote.message ?? message)
}

/**
 * The `type` attribute of a `<message>` (Baileys `getMessageType` in Socket/messages-send.js, whatsmeow
 * `getTypeFromMessage` in send.go): reaction, poll (a vote too), media, or text.
 */
export const stanzaTypeOf = (message: proto.IMessage): string => {
  if (message.reactionMessage != null) return "reaction"
  if (
    message.pollCreationMessage != null || message.pollCreationMessageV2 != null || message.pollCreationMessageV3 != null ||
    message.pollUpdateMessage != null
  ) return "poll"
  return mediaTypeOf(message) === undefined ? "text" : "media"
}

/** The `mediatype` attribute of an `<enc>` for the non-media kinds a phone sends (Baileys `getMediaType`). */
export const mediaTypeOf = (message: proto.IMessage): string | undefined => {
  if (message.contactMessage != null) return "vcard"
  if (message.contactsArrayMessage != null) return "contact_array"
  return undefined
}

/**
 * The `edit` attribute of a `<message>` (Baileys `sendMessage`, whatsmeow `getEditAttribute`, types
 * `EditAttribute`): `1` an edit, `7` a revoke of one's own message, `8` an admin's revoke of someone else's.
 */
export const editAttributeOf = (message: proto.IMessage): string | undefined => {
  const protocol = message.protocolMessage
  const Type = proto.Message.ProtocolMessage.Type
  if (protocol?.type === Type.MESSAGE_EDIT) return "1"
  if (protocol?.type === Type.REVOKE) return protocol.key?.fromMe === true ? "7" : "8"
  return undefined
}

/** `<meta polltype="creation|vote"/>`, which clients send with a poll and a vote (whatsmeow `getMessageContent`). */
export const pollMetaOf = (message: proto.IMessage): ReadonlyArray<BinaryNode> => {
  if (message.pollUpdateMessage != null) return [node("meta", { polltype: "vote" })]
  return stanzaTypeOf(message) === "poll" ? [node("meta", { polltype: "creation" })] : []
}

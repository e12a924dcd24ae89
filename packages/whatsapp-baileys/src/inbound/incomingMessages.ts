import {
  type ContactCard,
  GroupJid,
  InboundChange,
  type IncomingMessage,
  isGroupJid,
  isLidJid,
  isPhoneJid,
  isUserJid,
  type MessageBody,
  type MessageRevision,
  type ParticipantRef,
  type Recipient,
  type SessionId,
  type UserJid,
  WaMessageId
} from "@wagate/core"
import { getContentType, jidNormalizedUser, normalizeMessageContent, proto, type WAMessage, type WAMessageKey } from "@whiskeysockets/baileys"
import { isoFromSeconds, participantRefOf, type PhoneOf } from "../groups/toGroupInfo.ts"

/** The session's own account, as Baileys knows it (`sock.user`). */
export interface OwnAccount {
  readonly id: string | undefined
  readonly lid: string | undefined
}

/** The account a socket is logged in as. */
export const ownAccountOf = (sock: { readonly user?: { readonly id: string; readonly lid?: string | undefined } | undefined }): OwnAccount => ({
  id: sock.user?.id,
  lid: sock.user?.lid
})

/** Protocol messages and key material that ride in messages but are not messages of a chat. */
const NOT_CHAT_CONTENT: ReadonlySet<string> = new Set([
  "senderKeyDistributionMessage",
  // A vote is read by `pollVotes.ts`, with the poll's secret.
  "pollUpdateMessage",
  "messageContextInfo",
  "protocolMessage",
  "keepInChatMessage",
  "pinInChatMessage",
  "encReactionMessage",
  "botInvokeMessage"
])

type Long = number | { toNumber(): number } | null | undefined

const toNumber = (value: Long): number | undefined =>
  value == null ? undefined : typeof value === "number" ? value : value.toNumber()

const text = (value: string | null | undefined): string | null => (value == null || value === "" ? null : value)

const mentionsOf = (context: proto.IContextInfo | null | undefined): ReadonlyArray<UserJid> =>
  (context?.mentionedJid ?? []).map((jid) => jidNormalizedUser(jid)).filter(isUserJid)

const replyToOf = (context: proto.IContextInfo | null | undefined): WaMessageId | null =>
  context?.stanzaId == null || context.stanzaId === "" ? null : WaMessageId.make(context.stanzaId)

/** A vCard's name and number (`FN`, and the `waid` or the number of its first `TEL`); none when it has neither. */
const contactOf = (displayName: string | null | undefined, vcard: string | null | undefined): ContactCard | undefined => {
  const lines = (vcard ?? "").split(/\r?\n/)
  const name = text(displayName) ?? lines.find((line) => line.startsWith("FN:"))?.slice(3).trim()
  const tel = lines.find((line) => line.startsWith("TEL"))
  const waid = tel?.match(/waid=(\d+)/)?.[1]
  const number = waid ?? tel?.split(":").at(-1)?.replace(/[^0-9+]/g, "")
  const digits = number?.replace(/[^0-9]/g, "")
  // The domain's contact card takes 5 to 30 digits; a card outside that is not understood (the message is `unsupported`).
  if (name === undefined || name === "" || digits === undefined || digits.length < 5 || digits.length > 30) return undefined
  return { name: name.slice(0, 255), phone: `+${digits}` }
}

interface Media {
  readonly type: "image" | "video" | "audio" | "document" | "sticker"
  readonly mimetype?: string | null | undefined
  readonly fileLength?: Long
  readonly caption?: string | null | undefined
  readonly fileName?: string | null | undefined
  readonly contextInfo?: proto.IContextInfo | null | undefined
}

/** A media message's metadata (the bytes are not fetched); a document's caption rides in its own wrapper. */
const mediaOf = (content: proto.IMessage): Media | undefined => {
  if (content.imageMessage != null) return { type: "image", ...content.imageMessage }
  if (content.videoMessage != null) return { type: "video", ...content.videoMessage }
  if (content.ptvMessage != null) return { type: "video", ...content.ptvMessage }
  if (content.audioMessage != null) return { type: "audio", ...content.audioMessage }
  if (content.documentMessage != null) return { type: "document", ...content.documentMessage }
  if (content.stickerMessage != null) return { type: "sticker", ...content.stickerMessage }
  return undefined
}

/** What a message holds as the domain's body, with its quote and mentions; `unsupported` when not understood. */
export const bodyOf = (content: proto.IMessage): { body: MessageBody; context: proto.IContextInfo | null | undefined } => {
  if (content.conversation != null) return { body: { type: "text", content: { text: content.conversation } }, context: undefined }
  const extended = content.extendedTextMessage
  if (extended?.text != null) return { body: { type: "text", content: { text: extended.text } }, context: extended.contextInfo }
  const poll = content.pollCreationMessage ?? content.pollCreationMessageV2 ?? content.pollCreationMessageV3
  if (poll != null) {
    return {
      body: {
        type: "poll",
        content: {
          name: poll.name ?? "",
          options: (poll.options ?? []).map((option) => option.optionName ?? ""),
          selectableCount: poll.selectableOptionsCount ?? 0
        }
      },
      context: poll.contextInfo
    }
  }
  const location = content.locationMessage ?? content.liveLocationMessage
  if (location != null) {
    return {
      body: {
        type: "location",
        content: {
          latitude: location.degreesLatitude ?? 0,
          longitude: location.degreesLongitude ?? 0,
          name: "name" in location ? text(location.name) : null,
          address: "address" in location ? text(location.address) : null
        }
      },
      context: location.contextInfo
    }
  }
  const cards = content.contactMessage != null ? [content.contactMessage] : content.contactsArrayMessage?.contacts ?? []
  const contacts = cards.map((card) => contactOf(card.displayName, card.vcard))
  if (cards.length > 0 && contacts.every((card) => card !== undefined)) {
    return {
      body: { type: "contact", content: { contacts: contacts.filter((card) => card !== undefined) } },
      context: content.contactMessage?.contextInfo ?? content.contactsArrayMessage?.contextInfo
    }
  }
  if (content.reactionMessage?.key?.id != null && content.reactionMessage.key.id !== "") {
    return {
      body: { type: "reaction", content: { emoji: content.reactionMessage.text ?? "", targetWaMessageId: WaMessageId.make(content.reactionMessage.key.id) } },
      context: undefined
    }
  }
  const media = mediaOf(content)
  if (media !== undefined) {
    const { caption, contextInfo, fileLength, fileName, mimetype, type: mediaType } = media
    return {
      body: {
        type: mediaType,
        content: { mimetype: text(mimetype), size: toNumber(fileLength) ?? null, caption: text(caption), fileName: text(fileName) }
      },
      context: contextInfo
    }
  }
  return { body: { type: "unsupported", content: { waType: getContentType(content) ?? "unknown" } }, context: undefined }
}

/** A JID as the domain names a chat: a group, or a user by phone JID where known (else by LID). */
const chatOf = (key: WAMessageKey, phoneOf: PhoneOf): Recipient | undefined => {
  const remote = key.remoteJid == null ? undefined : jidNormalizedUser(key.remoteJid)
  if (remote === undefined) return undefined
  if (isGroupJid(remote)) return GroupJid.make(remote)
  if (isPhoneJid(remote)) return remote
  if (!isLidJid(remote)) return undefined
  const alt = key.remoteJidAlt == null ? undefined : jidNormalizedUser(key.remoteJidAlt)
  return alt !== undefined && isPhoneJid(alt) ? alt : phoneOf(remote) ?? remote
}

/** Who sent it: in a group the participant, in a direct chat the other party, or the account itself. */
export const senderRefOf = (key: WAMessageKey, own: OwnAccount, phoneOf: PhoneOf): ParticipantRef | undefined => {
  if (key.fromMe === true) {
    return own.id === undefined ? undefined : participantRefOf({ id: own.id, ...(own.lid === undefined ? {} : { lid: own.lid }) }, phoneOf)
  }
  const inGroup = key.remoteJid != null && isGroupJid(jidNormalizedUser(key.remoteJid))
  const id = inGroup ? key.participant : key.remoteJid
  const alt = inGroup ? key.participantAlt : key.remoteJidAlt
  if (id == null) return undefined
  const altJid = alt == null ? undefined : jidNormalizedUser(alt)
  return participantRefOf({
    id,
    ...(altJid !== undefined && isPhoneJid(altJid) ? { phoneNumber: altJid } : {}),
    ...(altJid !== undefined && isLidJid(altJid) ? { lid: altJid } : {})
  }, phoneOf)
}

/**
 * What one message Baileys delivered (`messages.upsert`, or the message it built for a send) means to the session:
 * a message of a chat (`MessageReceived`), an edit or a deletion for everyone of an earlier one, or nothing (key
 * material and other protocol messages that are not part of a chat, and stubs without content).
 */
export const incomingChange = (
  sessionId: SessionId,
  message: WAMessage,
  own: OwnAccount,
  phoneOf: PhoneOf,
  echo: boolean
): InboundChange | undefined => {
  const { key } = message
  const content = normalizeMessageContent(message.message)
  if (content == null || key.id == null || key.id === "") return undefined
  const chatJid = chatOf(key, phoneOf)
  const from = senderRefOf(key, own, phoneOf)
  if (chatJid === undefined || from === undefined) return undefined
  const timestamp = isoFromSeconds(toNumber(message.messageTimestamp))
  const fromMe = key.fromMe === true
  const protocol = content.protocolMessage
  if (protocol != null) {
    const target = protocol.key?.id
    if (target == null || target === "") return undefined
    const revision: MessageRevision = { chatJid, fromMe, from, targetWaMessageId: WaMessageId.make(target), timestamp }
    if (protocol.type === proto.Message.ProtocolMessage.Type.REVOKE) return InboundChange.MessageDeleted({ sessionId, revision })
    if (protocol.type === proto.Message.ProtocolMessage.Type.MESSAGE_EDIT && protocol.editedMessage != null) {
      const edited = normalizeMessageContent(protocol.editedMessage)
      return edited == null ? undefined : InboundChange.MessageEdited({ sessionId, revision, body: bodyOf(edited).body })
    }
    return undefined
  }
  const kinds = Object.keys(content).filter((kind) => content[kind as keyof proto.IMessage] != null)
  if (kinds.every((kind) => NOT_CHAT_CONTENT.has(kind))) return undefined
  const { body, context } = bodyOf(content)
  const incoming: IncomingMessage = {
    chatJid,
    fromMe,
    echo,
    from,
    waMessageId: WaMessageId.make(key.id),
    timestamp,
    body,
    replyTo: replyToOf(context),
    mentions: mentionsOf(context)
  }
  return InboundChange.MessageReceived({ sessionId, message: incoming })
}

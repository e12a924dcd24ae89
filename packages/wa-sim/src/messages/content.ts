import { proto } from "../protocol/baileys.ts"

/** What a message says, as a test reads it. */
export type MessageContent =
  | { readonly kind: "text"; readonly text: string; readonly mentions: ReadonlyArray<string> }
  | {
    readonly kind: "poll"
    readonly name: string
    readonly options: ReadonlyArray<string>
    readonly selectableCount: number
    /** The poll's message secret (base64): votes are encrypted with it. */
    readonly messageSecret: string | undefined
  }
  | {
    readonly kind: "location"
    readonly latitude: number
    readonly longitude: number
    readonly name: string | undefined
    readonly address: string | undefined
  }
  | { readonly kind: "contacts"; readonly contacts: ReadonlyArray<{ readonly displayName: string; readonly vcard: string }> }
  | {
    readonly kind: "reaction"
    readonly text: string
    /** The id of the message reacted to. */
    readonly messageId: string
  }
  | {
    readonly kind: "edit"
    /** The id of the message edited, and its new text. */
    readonly messageId: string
    readonly text: string
  }
  | {
    readonly kind: "delete"
    /** The id of the message deleted for everyone. */
    readonly messageId: string
  }
  | {
    readonly kind: "vote"
    /** The id of the poll voted on (the vote itself is encrypted with the poll's secret). */
    readonly pollMessageId: string
  }
  | { readonly kind: "other"; readonly type: string }
  | { readonly kind: "undecryptable"; readonly reason: string }

const base64 = (bytes: Uint8Array | null | undefined): string | undefined =>
  bytes === null || bytes === undefined || bytes.length === 0 ? undefined : Buffer.from(bytes).toString("base64")

const orUndefined = (value: string | null | undefined): string | undefined => value ?? undefined

/** The first field of a message that carries content (Baileys' `getContentType` rule), bookkeeping fields aside. */
const contentType = (message: proto.IMessage): string => {
  const skip = new Set(["senderKeyDistributionMessage", "messageContextInfo"])
  return Object.keys(message).find((key) => !skip.has(key) && message[key as keyof proto.IMessage] != null) ?? "none"
}

/** What a message says about others: the message it replies to, and who it mentions (its `contextInfo`). */
export interface MessageContext {
  /** The quoted message: its id (`stanzaId`) and its sender (`participant`, as the replying client named it). */
  readonly quoted: { readonly id: string; readonly sender: string | undefined } | undefined
  readonly mentions: ReadonlyArray<string>
}

const textOf = (message: proto.IMessage | null | undefined): string =>
  message?.conversation ?? message?.extendedTextMessage?.text ?? ""

/** The `contextInfo` of the message's content field, if it has one. */
export const contextOf = (message: proto.IMessage): MessageContext | undefined => {
  const field = message[contentType(message) as keyof proto.IMessage]
  if (typeof field !== "object" || field === null || !("contextInfo" in field)) return undefined
  const info: proto.IContextInfo | null | undefined = field.contextInfo
  if (info === null || info === undefined) return undefined
  const id = info.stanzaId ?? undefined
  return {
    quoted: id === undefined ? undefined : { id, sender: orUndefined(info.participant) },
    mentions: [...(info.mentionedJid ?? [])]
  }
}

/** Summarises a decrypted message: text (with mentions), poll, location, contact(s), reaction; anything else by its type. */
export const contentOf = (message: proto.IMessage): MessageContent => {
  if (message.conversation != null) return { kind: "text", text: message.conversation, mentions: [] }
  const extended = message.extendedTextMessage
  if (extended != null) {
    return { kind: "text", text: extended.text ?? "", mentions: [...(extended.contextInfo?.mentionedJid ?? [])] }
  }
  const poll = message.pollCreationMessage ?? message.pollCreationMessageV2 ?? message.pollCreationMessageV3
  if (poll != null) {
    return {
      kind: "poll",
      name: poll.name ?? "",
      options: (poll.options ?? []).map((option) => option.optionName ?? ""),
      selectableCount: poll.selectableOptionsCount ?? 0,
      messageSecret: base64(message.messageContextInfo?.messageSecret)
    }
  }
  const location = message.locationMessage
  if (location != null) {
    return {
      kind: "location",
      latitude: location.degreesLatitude ?? 0,
      longitude: location.degreesLongitude ?? 0,
      name: orUndefined(location.name),
      address: orUndefined(location.address)
    }
  }
  const contact = message.contactMessage
  if (contact != null) return { kind: "contacts", contacts: [{ displayName: contact.displayName ?? "", vcard: contact.vcard ?? "" }] }
  const contacts = message.contactsArrayMessage
  if (contacts != null) {
    return {
      kind: "contacts",
      contacts: (contacts.contacts ?? []).map((c) => ({ displayName: c.displayName ?? "", vcard: c.vcard ?? "" }))
    }
  }
  const reaction = message.reactionMessage
  if (reaction != null) return { kind: "reaction", text: reaction.text ?? "", messageId: reaction.key?.id ?? "" }
  // An edit comes as Baileys builds it (a `protocolMessage`) or as whatsmeow does (inside `editedMessage`).
  const protocol = message.protocolMessage ?? message.editedMessage?.message?.protocolMessage
  const Type = proto.Message.ProtocolMessage.Type
  if (protocol?.type === Type.REVOKE) return { kind: "delete", messageId: protocol.key?.id ?? "" }
  if (protocol?.type === Type.MESSAGE_EDIT) {
    return { kind: "edit", messageId: protocol.key?.id ?? "", text: textOf(protocol.editedMessage) }
  }
  const vote = message.pollUpdateMessage
  if (vote != null) return { kind: "vote", pollMessageId: vote.pollCreationMessageKey?.id ?? "" }
  return { kind: "other", type: contentType(message) }
}

/**
 * The message as JSON (protobuf field names, bytes in base64), without the sender key distribution message
 * a group's first message carries (it holds the sender's chain key).
 */
export const rawOf = (message: proto.IMessage): Record<string, unknown> => {
  const copy = proto.Message.fromObject(proto.Message.toObject(proto.Message.create(message)))
  copy.senderKeyDistributionMessage = null
  return copy.toJSON()
}

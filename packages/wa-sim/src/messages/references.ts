import type { Account } from "../accounts/Account.ts"
import { WaSimError } from "../errors.ts"
import { type Addressing, userJidIn } from "./addressing.ts"
import { type Composition, type OutgoingContent, referencedId } from "./compose.ts"
import type { Chat } from "./envelope.ts"
import type { Messaging, SendTarget } from "./Messaging.ts"
import { refusalOf } from "./rules.ts"

/** The field of a content that names an earlier message. */
const referenceField = (content: OutgoingContent): string => {
  if ("reaction" in content) return "content.reaction.messageId"
  if ("edit" in content) return "content.edit.messageId"
  if ("delete" in content) return "content.delete.messageId"
  if ("vote" in content) return "content.vote.pollMessageId"
  return "content.replyTo"
}

const invalid = (field: string, problem: string): WaSimError => new WaSimError("validation_error", `invalid ${field}`, { [field]: problem })

/**
 * What a phone's content is composed with: the chat as the phone names it (a virtual user's phone names people
 * by phone JID in direct chats, as the group's addressing mode says in groups), and the earlier message the
 * content names, from what the phone holds (received or sent). An edit or a delete for everyone is held to the
 * rules the server holds clients to (`rules.ts`): refused with a conflict.
 */
export const compositionFor = (messaging: Messaging, from: Account, to: SendTarget, content: OutgoingContent): Composition => {
  const addressing: Addressing = "group" in to ? messaging.groupAddressing(to.group) : "pn"
  const chatJid = "group" in to ? to.group : to.user.jid
  const selfJid = userJidIn(from, addressing)
  const id = referencedId(content)
  if (id === undefined) return { chatJid, selfJid, referenced: undefined }
  const field = referenceField(content)
  const held = messaging.history.find(from, chatJid, id)
  if (held === undefined) throw invalid(field, "names no message the sender has in this chat")
  const senderJid = held.fromMe ? selfJid : userJidIn(held.sender, addressing)
  const referenced = {
    key: { remoteJid: chatJid, fromMe: held.fromMe, id, participant: "group" in to && !held.fromMe ? senderJid : undefined },
    message: held.message
  }
  if ("edit" in content || "delete" in content) {
    const chat: Chat = "group" in to ? { kind: "group", jid: to.group } : { kind: "direct", peer: to.user }
    const refusal = refusalOf({
      change: "edit" in content ? "edit" : "delete",
      actor: from,
      chat,
      target: messaging.routedMessage(id),
      now: messaging.nowSeconds(),
      isAdmin: (group, account) => messaging.isAdmin(group, account)
    })
    if (refusal !== undefined) {
      throw new WaSimError("conflict", `${from.jid} may not ${"edit" in content ? "edit" : "delete"} ${id}: ${refusal.reason}`)
    }
  }
  if (!("vote" in content)) return { chatJid, selfJid, referenced }
  const poll = held.message.pollCreationMessage ?? held.message.pollCreationMessageV2 ?? held.message.pollCreationMessageV3
  const secret = held.message.messageContextInfo?.messageSecret
  if (poll == null) throw invalid(field, "is not a poll")
  if (secret == null || secret.length === 0) throw invalid(field, "is a poll without a message secret")
  const options = (poll.options ?? []).map((option) => option.optionName ?? "")
  const { selected } = content.vote
  for (const [i, option] of selected.entries()) {
    if (!options.includes(option)) throw invalid(`content.vote.selected[${i}]`, "is not an option of the poll")
  }
  const most = poll.selectableOptionsCount ?? 0
  if (most > 0 && selected.length > most) throw invalid("content.vote.selected", `must hold at most ${most} options`)
  return { chatJid, selfJid, referenced, poll: { secret, creatorJid: senderJid } }
}

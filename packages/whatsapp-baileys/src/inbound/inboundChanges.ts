import { GroupJid, InboundChange, isGroupJid, type MessageStatus, type SessionId, type UserJid, WaMessageId } from "@wagate/core"
import { type BaileysEventMap, jidNormalizedUser, proto } from "@whiskeysockets/baileys"
import { type PhoneOf, phoneJidOf, toGroupInfo } from "../groups/toGroupInfo.ts"

type Emit = (change: InboundChange) => void

const groupJidOf = (id: string): GroupJid | undefined => {
  const jid = jidNormalizedUser(id)
  return isGroupJid(jid) ? GroupJid.make(jid) : undefined
}

/** A message status Baileys reports (`proto.WebMessageInfo.Status`) as the domain's receipt status. */
export const receiptStatus = (status: number | null | undefined): MessageStatus | undefined => {
  if (status === proto.WebMessageInfo.Status.DELIVERY_ACK) return "delivered"
  if (status === proto.WebMessageInfo.Status.READ || status === proto.WebMessageInfo.Status.PLAYED) return "read"
  return undefined
}

/**
 * Maps what Baileys emits for one session to the core's inbound changes: groups the account joined or was added
 * to (`groups.upsert` → `GroupSeen`), metadata changes (`groups.update` → `GroupChanged`), participant changes,
 * and receipts for messages the session sent (`messages.update`, and per-participant `message-receipt.update` in
 * groups). `group.join-request` has no inbound change in the core yet (docs/baileys.md).
 */
export const inboundHandlers = (sessionId: SessionId, emit: Emit, phoneOf: PhoneOf) => ({
  "groups.upsert": (groups: BaileysEventMap["groups.upsert"]) => {
    for (const meta of groups) {
      if (groupJidOf(meta.id) === undefined) continue
      emit(InboundChange.GroupSeen({ sessionId, group: toGroupInfo(meta, phoneOf) }))
    }
  },
  "groups.update": (updates: BaileysEventMap["groups.update"]) => {
    for (const update of updates) {
      const groupJid = update.id === undefined ? undefined : groupJidOf(update.id)
      // Full metadata (groupFetchAllParticipating re-emits what it fetched): the sync pushes GroupSeen for those.
      if (groupJid === undefined || update.participants !== undefined) continue
      const settings = {
        ...(update.announce === undefined ? {} : { isAnnounce: update.announce }),
        ...(update.restrict === undefined ? {} : { isLocked: update.restrict }),
        ...(update.joinApprovalMode === undefined ? {} : { joinApproval: update.joinApprovalMode }),
        ...(update.memberAddMode === undefined ? {} : { memberAddMode: update.memberAddMode ? "all_member_add" as const : "admin_add" as const })
      }
      const change = {
        sessionId,
        groupJid,
        ...(update.subject === undefined ? {} : { subject: update.subject }),
        ...("desc" in update ? { description: update.desc ?? null } : {}),
        ...(Object.keys(settings).length === 0 ? {} : { settings })
      }
      if (Object.keys(change).length > 2) emit(InboundChange.GroupChanged(change))
    }
  },
  "group-participants.update": (update: BaileysEventMap["group-participants.update"]) => {
    const groupJid = groupJidOf(update.id)
    if (groupJid === undefined || update.action === "modify") return
    const participants: Array<UserJid> = []
    for (const participant of update.participants) {
      const jid = phoneJidOf(participant, phoneOf)
      if (jid !== undefined) participants.push(jid)
    }
    if (participants.length > 0) emit(InboundChange.ParticipantsChanged({ sessionId, groupJid, action: update.action, participants }))
  },
  "messages.update": (updates: BaileysEventMap["messages.update"]) => {
    for (const { key, update } of updates) {
      const status = receiptStatus(update.status)
      if (key.fromMe !== true || key.id == null || status === undefined) continue
      emit(InboundChange.MessageStatusChanged({ sessionId, waMessageId: WaMessageId.make(key.id), status }))
    }
  },
  "message-receipt.update": (updates: BaileysEventMap["message-receipt.update"]) => {
    for (const { key, receipt } of updates) {
      if (key.fromMe !== true || key.id == null) continue
      const status: MessageStatus | undefined = receipt.readTimestamp != null
        ? "read"
        : receipt.receiptTimestamp != null
        ? "delivered"
        : undefined
      if (status !== undefined) emit(InboundChange.MessageStatusChanged({ sessionId, waMessageId: WaMessageId.make(key.id), status }))
    }
  }
})

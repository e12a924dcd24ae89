import {
  GroupJid,
  InboundChange,
  isGroupJid,
  type JoinRequestChange,
  isLidJid,
  isPhoneJid,
  type MessageStatus,
  type ParticipantRef,
  type SessionId,
  WaMessageId
} from "@wagate/core"
import { type BaileysEventMap, jidNormalizedUser, proto } from "@whiskeysockets/baileys"
import { participantRefOf, type PhoneOf, phoneJidOf, toGroupInfo } from "../groups/toGroupInfo.ts"
import { incomingChange, type OwnAccount } from "./incomingMessages.ts"

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
 * Baileys' join-request actions (rc14 `RequestJoinAction`): `created` by the requester, `revoked` when the
 * requester withdrew (author = participant), `rejected` by an admin. An approval comes as a participant `add`.
 */
const joinRequestChanges: Record<string, JoinRequestChange> = {
  created: "created",
  revoked: "cancelled",
  rejected: "rejected"
}

/**
 * Maps what Baileys emits for one session to the core's inbound changes: groups the account joined or was added
 * to (`groups.upsert` → `GroupSeen`), metadata changes (`groups.update` → `GroupChanged`), participant changes,
 * and receipts for messages the session sent (`messages.update`, and per-participant `message-receipt.update` in
 * groups), join requests (`group.join-request` → `JoinRequestChanged`). Baileys' `lid-mapping.update`
 * (a phone JID and its LID) → `LidMappingLearned`. Messages of the session's chats (`messages.upsert`: received
 * ones, what the account sent from its other devices, edits and deletions) → `incomingChange`.
 */
export const inboundHandlers = (sessionId: SessionId, emit: Emit, phoneOf: PhoneOf, own: () => OwnAccount) => ({
  "messages.upsert": ({ messages }: BaileysEventMap["messages.upsert"]) => {
    for (const message of messages) {
      const change = incomingChange(sessionId, message, own(), phoneOf, false)
      if (change !== undefined) emit(change)
    }
  },
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
    const participants: Array<ParticipantRef> = []
    for (const participant of update.participants) {
      const ref = participantRefOf(participant, phoneOf)
      if (ref !== undefined) participants.push(ref)
    }
    // Who acted, by phone JID where Baileys or the session knows it (as a use-case names its own account).
    // `author` is typed a string, but Baileys copies it from a key that may lack it.
    const author = typeof update.author !== "string" || update.author === "" ? undefined : phoneJidOf({ id: update.author, phoneNumber: update.authorPn }, phoneOf)
    if (participants.length > 0) {
      emit(InboundChange.ParticipantsChanged({ sessionId, groupJid, action: update.action, participants, author: author ?? null }))
    }
  },
  "group.join-request": (request: BaileysEventMap["group.join-request"]) => {
    const groupJid = groupJidOf(request.id)
    const action = Object.hasOwn(joinRequestChanges, request.action) ? joinRequestChanges[request.action] : undefined
    // `participant` is the requester as the group names it. When the notification's <participant> has no
    // phone_number Baileys fills `participantPn` with the author's: right when the requester acted (created,
    // revoked), the rejecting admin's phone for `rejected`, so there it is dropped when it is the author's.
    const author = request.author === undefined ? undefined : jidNormalizedUser(request.author)
    const authorPhone = author !== undefined && isLidJid(author) ? phoneOf(author) : author
    const phoneNumber = request.action === "rejected" && request.participantPn !== undefined &&
        jidNormalizedUser(request.participantPn) === authorPhone
      ? undefined
      : request.participantPn
    const participant = participantRefOf({ id: request.participant, phoneNumber }, phoneOf)
    if (groupJid === undefined || action === undefined || participant === undefined) return
    emit(InboundChange.JoinRequestChanged({ sessionId, groupJid, participant, action }))
  },
  "lid-mapping.update": (mapping: BaileysEventMap["lid-mapping.update"]) => {
    const phoneJid = jidNormalizedUser(mapping.pn)
    const lid = jidNormalizedUser(mapping.lid)
    if (isPhoneJid(phoneJid) && isLidJid(lid)) emit(InboundChange.LidMappingLearned({ sessionId, pairs: [{ phoneJid, lid }] }))
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

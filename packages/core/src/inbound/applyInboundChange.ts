import { Effect, Exit, Option } from "effect"
import type { EventPayload } from "../domain/Event.ts"
import type { InboundChange } from "../domain/InboundChange.ts"
import { type GroupJid, isLidJid, type UserJid } from "../domain/Jid.ts"
import { type ParticipantRef, pairsOf } from "../domain/Member.ts"
import { isStatusAdvance, statusesBefore } from "../domain/SendResult.ts"
import type { Session, SessionOwner } from "../domain/Session.ts"
import { ownerOf } from "../access/session.ts"
import { recordEvent } from "../events/recordEvent.ts"
import { toSendResult } from "../messages/toSendResult.ts"
import { sessionStatusEvent } from "../sessions/sessionStatusEvent.ts"
import { storeStatus } from "../sessions/storeStatus.ts"
import { storeDeletion, storeEdit, storeIncoming, storeReceipt, storeVote } from "./storeConversation.ts"
import { now } from "../ports/Now.ts"
import { GroupStore } from "../ports/store/GroupStore.ts"
import { MessageStore } from "../ports/store/MessageStore.ts"
import { SessionStore } from "../ports/store/SessionStore.ts"
import { atomically } from "../ports/store/StoreTransaction.ts"
import { WhatsAppPort } from "../ports/WhatsAppPort.ts"

/**
 * Applies what WhatsApp pushed to a session to that session's stored view and records the matching event in the
 * same store transaction, so stored reads stay true without asking WhatsApp. Changes for sessions the store does
 * not know are dropped.
 */
export const applyInboundChange = Effect.fn("inbound.apply")(function*(change: InboundChange) {
  const sessions = yield* SessionStore
  const session = yield* sessions.find(change.sessionId)
  if (Option.isNone(session)) {
    yield* Effect.logDebug("inbound change for an unknown session dropped", { sessionId: change.sessionId, change: change._tag })
    return
  }
  const current = session.value
  // The one WhatsApp call an inbound change may need is made before the store transaction, never inside it.
  if (change._tag === "GroupSeen" && (yield* isStaleSnapshot(ownerOf(current), current, change.group.groupJid))) return
  // The echo of the session's own send records no event: one statement, no transaction (ADR 0037).
  if (change._tag === "MessageReceived" && change.message.echo && change.message.body.type !== "reaction") {
    yield* storeIncoming(current, change.message)
    return
  }
  yield* atomically(Effect.gen(function*() {
    const event = yield* toStore(current, change)
    if (Option.isSome(event)) {
      yield* recordEvent(current.orgId, event.value)
    }
  }))
})

const none = Option.none<EventPayload>()

/**
 * A snapshot of a group the session has since left (it joined, and left before this change was applied) must not
 * bring the group back; a snapshot after being added again must. Only WhatsApp knows which: in that rare case,
 * and only then, ask it.
 */
const isStaleSnapshot = Effect.fn("inbound.isStaleSnapshot")(function*(owner: SessionOwner, session: Session, groupJid: GroupJid) {
  const groups = yield* GroupStore
  const stored = yield* groups.get(owner, groupJid)
  if (Option.isNone(stored) || !stored.value.left) return false
  const whatsapp = yield* WhatsAppPort
  const current = yield* Effect.exit(whatsapp.groupMetadata(session.id, groupJid))
  const mine = (jid: string | null | undefined) => jid != null && (jid === session.phoneJid || jid === session.lid)
  return Exit.isFailure(current) ||
    !current.value.members.some((member) => mine(member.jid) || mine(member.phoneJid) || mine(member.lid))
})

/** Whether a participant named in a change is the session's own account, in any of its forms. */
const isOwnAccount = (session: Session, participant: ParticipantRef): boolean => {
  const own: ReadonlyArray<string | null> = [session.phoneJid, session.lid]
  return [participant.jid, participant.phoneJid, participant.lid].some((jid) => jid != null && own.includes(jid))
}

/**
 * A user as wagate names the author of a change (as a use-case names its own account): by phone JID where the
 * session knows it (its own account, or a member's twin in the group), else as WhatsApp named it.
 */
const phoneFormOf = Effect.fn("inbound.phoneFormOf")(function*(owner: SessionOwner, session: Session, groupJid: GroupJid, jid: UserJid) {
  if (!isLidJid(jid)) return jid
  if (jid === session.lid && session.phoneJid !== null) return session.phoneJid
  const groups = yield* GroupStore
  const member = yield* groups.member(owner, groupJid, jid)
  return Option.getOrElse(Option.flatMap(member, (m) => Option.fromNullishOr(m.phoneJid)), (): UserJid => jid)
})

const toStore = Effect.fn("inbound.toStore")(function*(session: Session, change: InboundChange) {
  const owner: SessionOwner = ownerOf(session)
  const groups = yield* GroupStore
  const at = yield* now
  switch (change._tag) {
    case "SessionStatusChanged": {
      const phoneJid = change.phoneJid ?? session.phoneJid
      // A LID belongs to the account: a new phone JID without one means another account, whose LID is not known yet.
      const lid = change.lid ?? (phoneJid === session.phoneJid ? session.lid : null)
      const stored = yield* storeStatus(session.id, change.status, phoneJid, lid, at)
      if (phoneJid !== null && lid !== null) yield* groups.learnTwins(owner, [{ phoneJid, lid }], at)
      return Option.flatMap(stored, (s) => (s.changed ? Option.some(sessionStatusEvent(s.session)) : none))
    }
    case "GroupSeen": {
      const group = yield* groups.upsert(owner, change.group, at)
      return Option.some<EventPayload>({ type: "group.updated", sessionId: session.id, data: group })
    }
    case "GroupChanged": {
      const group = yield* groups.patch(owner, change.groupJid, {
        ...(change.subject === undefined ? {} : { subject: change.subject }),
        ...(change.description === undefined ? {} : { description: change.description }),
        ...(change.settings === undefined ? {} : { settings: change.settings })
      }, at)
      return Option.map(group, (g): EventPayload => ({ type: "group.updated", sessionId: session.id, data: g }))
    }
    case "ParticipantsChanged": {
      // Looked up before the change applies: an author who left is a member no more after it.
      const author = change.author == null ? null : yield* phoneFormOf(owner, session, change.groupJid, change.author)
      const updated = yield* groups.applyParticipants(owner, change.groupJid, change.action, change.participants, at)
      if (Option.isNone(updated)) return none
      if (change.action === "remove" && change.participants.some((p) => isOwnAccount(session, p))) {
        yield* groups.markLeft(owner, change.groupJid, at)
      }
      return Option.some<EventPayload>({
        type: "group.participants",
        sessionId: session.id,
        data: {
          groupJid: change.groupJid,
          action: change.action,
          participants: change.participants.map((p) => p.jid),
          author
        }
      })
    }
    case "JoinRequestChanged": {
      // A requester named with both twins tells the pair, as a participant change does.
      const pairs = pairsOf([change.participant])
      if (pairs.length > 0) yield* groups.learnTwins(owner, pairs, at)
      return Option.some<EventPayload>({
        type: "group.join_request",
        sessionId: session.id,
        data: { groupJid: change.groupJid, jid: change.participant.jid, action: change.action }
      })
    }
    case "LidMappingLearned": {
      yield* groups.learnTwins(owner, change.pairs, at)
      return none
    }
    case "CommunityLinkChanged": {
      const group = yield* groups.setParent(owner, change.groupJid, change.linked ? change.communityJid : null, at)
      return Option.map(group, (g): EventPayload => ({ type: "group.updated", sessionId: session.id, data: g }))
    }
    case "MessageStatusChanged": {
      yield* storeReceipt(session, change.waMessageId, change.status)
      const messages = yield* MessageStore
      const message = yield* messages.findByWaId(session.id, change.waMessageId)
      if (Option.isNone(message) || !isStatusAdvance(message.value.status, change.status)) return none
      // Conditional in the store: a drain's `sent` (or another receipt) landing between the read and this write
      // can only be overtaken forwards, never moved back.
      const updated = yield* messages.update(message.value.id, { status: change.status, at, from: statusesBefore(change.status) })
      return Option.map(updated, (stored): EventPayload => ({
        type: "message.status",
        sessionId: session.id,
        data: toSendResult(stored)
      }))
    }
    case "MessageReceived":
      return yield* storeIncoming(session, change.message)
    case "MessageEdited":
      return yield* storeEdit(session, change.revision, change.body)
    case "MessageDeleted":
      return yield* storeDeletion(session, change.revision)
    case "PollVoted":
      return yield* storeVote(session, change.pollWaMessageId, change.voter, change.selected, change.timestamp)
  }
})

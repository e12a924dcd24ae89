import { Effect, Option } from "effect"
import { exclusive } from "../access/exclusive.ts"
import type { GroupJid, UserJid } from "../domain/Jid.ts"
import type { ParticipantRef } from "../domain/Member.ts"
import {
  type ParticipantAction,
  type ParticipantOutcome,
  type ParticipantResult,
  type ParticipantStatus,
  toParticipantResult
} from "../domain/Participant.ts"
import { requireGroupAdmin } from "../access/group.ts"
import type { LiveSession } from "../access/session.ts"
import { recordEvent } from "../events/recordEvent.ts"
import { now } from "../ports/Now.ts"
import { GroupStore } from "../ports/store/GroupStore.ts"
import { WhatsAppPort } from "../ports/WhatsAppPort.ts"

/** The result status that means WhatsApp applied the action to that participant. */
const applied: Record<ParticipantAction, ParticipantStatus> = {
  add: "added",
  remove: "removed",
  promote: "promoted",
  demote: "demoted"
}

/** A participant as the caller named it, and as the group knows it (the stored member, in any of its forms). */
interface Resolved {
  readonly input: UserJid
  readonly ref: ParticipantRef
}

/**
 * Names each participant the way its group does: a stored member found by any of its forms is addressed by its
 * `jid` in the group (a phone JID given for a member the group lists by LID becomes that LID, and the reverse);
 * anyone else is addressed as given. Adding looks nobody up: the new member is named as the caller named it.
 */
const resolve = Effect.fn("members.resolve")(function*(
  live: LiveSession,
  groupJid: GroupJid,
  action: ParticipantAction,
  participants: ReadonlyArray<UserJid>
) {
  const groups = yield* GroupStore
  return yield* Effect.forEach(participants, (input) =>
    action === "add"
      ? Effect.succeed<Resolved>({ input, ref: { jid: input } })
      : Effect.map(groups.member(live.owner, groupJid, input), (member): Resolved => ({
        input,
        ref: Option.match(member, {
          onNone: () => ({ jid: input }),
          onSome: (m) => ({ jid: m.jid, phoneJid: m.phoneJid, lid: m.lid })
        })
      })))
})

/**
 * The participant as the group addresses it after the call: as WhatsApp answered (`member`: the group's address
 * and the twins it gave), the twins it did not give taken from the stored member; else as resolved before.
 */
const addressed = (ref: ParticipantRef, answer: ParticipantOutcome | undefined): ParticipantRef => {
  const member = answer?.member
  if (member === undefined) return ref
  return { jid: member.jid, phoneJid: member.phoneJid ?? ref.phoneJid, lid: member.lid ?? ref.lid }
}

/**
 * The shared tail of every member and admin change, after validation, capability and connection checks:
 * admin check → participants resolved to the group's members → WhatsApp call → store update for the
 * participants it applied to, under the group's address with both twins where WhatsApp told them → event.
 * Each outcome names the participant as the caller did (`jid`) and as the group does (`member`).
 */
export const changeParticipantOutcomes = Effect.fn("members.change")(function*(
  live: LiveSession,
  groupJid: GroupJid,
  action: ParticipantAction,
  participants: ReadonlyArray<UserJid>
) {
  yield* requireGroupAdmin(live, groupJid)
  const whatsapp = yield* WhatsAppPort
  return yield* exclusive(live.session.id)(Effect.gen(function*() {
    const resolved = yield* resolve(live, groupJid, action, participants)
    const addresses = Array.from(new Set(resolved.map((r) => r.ref.jid)))
    const answered: ReadonlyArray<ParticipantOutcome> = yield* whatsapp.updateParticipants(
      live.session.id,
      groupJid,
      action,
      addresses
    )
    const answerTo = new Map(answered.map((r) => [r.jid, r]))
    // Two inputs naming one member (its phone JID and its LID) are one WhatsApp call: each echoes its own input.
    const outcomes = resolved.map((r): ParticipantOutcome => {
      const answer = answerTo.get(r.ref.jid)
      return { jid: r.input, status: answer?.status ?? "failed", member: addressed(r.ref, answer) }
    })
    yield* applyResults(live, groupJid, action, outcomes)
    return outcomes
  }))
})

/** `changeParticipantOutcomes` as the caller sees it: one `{jid, status}` per participant, `jid` as it named it. */
export const changeParticipants = (
  live: LiveSession,
  groupJid: GroupJid,
  action: ParticipantAction,
  participants: ReadonlyArray<UserJid>
) =>
  Effect.map(
    changeParticipantOutcomes(live, groupJid, action, participants),
    (outcomes): ReadonlyArray<ParticipantResult> => outcomes.map(toParticipantResult)
  )

/**
 * Writes what WhatsApp applied to the stored member list and records the event. Each participant is stored as
 * `member` names it (the group's address, with its twins) where the outcome has one, else as its `jid`.
 */
export const applyResults = Effect.fn("members.applyResults")(function*(
  live: LiveSession,
  groupJid: GroupJid,
  action: ParticipantAction,
  results: ReadonlyArray<ParticipantOutcome>
) {
  yield* applyRefs(live, groupJid, action, results.map((r) => ({ ref: r.member ?? { jid: r.jid }, status: r.status })))
})

const applyRefs = Effect.fn("members.applyRefs")(function*(
  live: LiveSession,
  groupJid: GroupJid,
  action: ParticipantAction,
  results: ReadonlyArray<{ readonly ref: ParticipantRef; readonly status: ParticipantStatus }>
) {
  const changed = results.filter((r) => r.status === applied[action] || (action === "add" && r.status === "approved"))
  // WhatsApp says who is not (or already) a member: the store follows, so stale rows heal themselves.
  const absent = action === "remove" ? results.filter((r) => r.status === "not_member") : []
  const present = action === "add" ? results.filter((r) => r.status === "already_member") : []
  const groups = yield* GroupStore
  const at = yield* now
  for (const [act, rows] of [[action, changed], ["remove", absent], ["add", present]] as const) {
    if (rows.length > 0) {
      yield* groups.applyParticipants(live.owner, groupJid, act, rows.map((r) => r.ref), at)
    }
  }
  if (changed.length > 0) {
    yield* recordEvent(live.owner.orgId, {
      type: "group.participants",
      sessionId: live.session.id,
      data: {
        groupJid,
        action,
        participants: Array.from(new Set(changed.map((r) => r.ref.jid))),
        author: live.phoneJid
      }
    })
  }
})

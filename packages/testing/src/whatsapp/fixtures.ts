import {
  type GroupInfo,
  GroupJid,
  type GroupSettingsPatch,
  type ParticipantOutcome,
  type ParticipantRef,
  type ParticipantResult,
  type Role,
  type UserJid,
  toParticipantResult,
  WhatsAppPort
} from "@wagate/core"
import type { Vitest } from "@effect/vitest"
import { Effect } from "effect"
import type { ChangeInbox } from "./ChangeInbox.ts"
import { type HarnessSession, WhatsAppHarness } from "./WhatsAppHarness.ts"

/** The services every contract test may use. */
export type ContractServices = WhatsAppPort | WhatsAppHarness | ChangeInbox

/** The `it` a contract section registers its tests with. */
export type ContractIt = Vitest.MethodsNonLive<ContractServices>

/** A group JID no adapter hands out in a test run. */
export const unknownGroupJid: GroupJid = GroupJid.make("99999999999999999999@g.us")

/** A group created by `owner` with `participants`, as created. */
export const groupOf = Effect.fn("contract.groupOf")(function*(
  owner: HarnessSession,
  participants: ReadonlyArray<UserJid>,
  settings?: GroupSettingsPatch
) {
  const port = yield* WhatsAppPort
  const created = yield* port.createGroup(owner.sessionId, { subject: "Contract group", participants, settings })
  return created.group
})

/** Two fresh sessions, and a group `owner` created with `member` in it. */
export const ownerAndMember = Effect.fn("contract.ownerAndMember")(function*(settings?: GroupSettingsPatch) {
  const harness = yield* WhatsAppHarness
  const owner = yield* harness.newSession
  const member = yield* harness.newSession
  const group = yield* groupOf(owner, [member.phoneJid], settings)
  return { owner, member, group }
})

/** The group as `viewer` sees it now. */
export const metadataFor = Effect.fn("contract.metadataFor")(function*(viewer: HarnessSession, group: GroupInfo) {
  const port = yield* WhatsAppPort
  return yield* port.groupMetadata(viewer.sessionId, group.groupJid)
})

/** Whether a member (or a participant of a change) is `jid`, named by its address or either twin. */
export const isNamed = (member: ParticipantRef, jid: UserJid): boolean =>
  member.jid === jid || member.phoneJid === jid || member.lid === jid

/** The role of `jid` (in any of its forms) in the group, or `null` when not a member. */
export const roleOf = (group: GroupInfo, jid: UserJid): Role | null => group.members.find((m) => isNamed(m, jid))?.role ?? null

/** The phone JIDs of a change's participants (each named by the group's address, with its twins). */
export const phonesOf = (participants: ReadonlyArray<ParticipantRef>): ReadonlyArray<UserJid> =>
  participants.map((p) => p.phoneJid ?? p.jid)

/** The results of outcomes, as a caller sees them (`{jid, status}`), for comparing with what a test expects. */
export const resultsOf = (outcomes: ReadonlyArray<ParticipantOutcome>): ReadonlyArray<ParticipantResult> =>
  outcomes.map(toParticipantResult)

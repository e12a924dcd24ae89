import { Effect, Option, Schema } from "effect"
import { NotFound } from "../domain/errors.ts"
import { SessionId } from "../domain/Ids.ts"
import type { Community } from "../domain/Community.ts"
import { type GroupJid, GroupJidInput } from "../domain/Jid.ts"
import type { PageResult } from "../domain/Page.ts"
import type { Principal } from "../domain/Principal.ts"
import { requireCapability } from "../access/capability.ts"
import { requireGroupAdmin } from "../access/group.ts"
import { type PageInput, toPage, toPageQuery } from "../access/paging.ts"
import { type LiveSession, ownedSession, ownerOf, requireConnected } from "../access/session.ts"
import { decodeInput } from "../access/validate.ts"
import { recordEvent } from "../events/recordEvent.ts"
import { participantList, withPath } from "../groups/inputs.ts"
import { toParticipantResult } from "../domain/Participant.ts"
import { applyResults, changeParticipantOutcomes } from "../members/changeParticipants.ts"
import { ParticipantsInput } from "../members/inputs.ts"
import { now } from "../ports/Now.ts"
import { GroupStore } from "../ports/store/GroupStore.ts"
import { WhatsAppPort } from "../ports/WhatsAppPort.ts"

/** `POST /communities` body. */
export const CreateCommunityBody = Schema.Struct({
  name: Schema.String.annotate({ description: "The community's name: 1 to 100 characters, not only spaces." }).pipe(
    Schema.check(Schema.makeFilter((s: string) => s.trim().length > 0 || "must not be empty")),
    Schema.check(Schema.isMaxLength(100))
  ),
  description: Schema.optionalKey(
    Schema.String.annotate({ description: "The community's description, up to 2048 characters." }).pipe(Schema.check(Schema.isMaxLength(2048)))
  ),
  participants: Schema.optionalKey(participantList("First members: 1 to 1024 users (JIDs or phone numbers), none twice; none when omitted."))
}).annotate({ description: "A new community: its name, and optionally a description and first members." })
/** `POST /communities/{cid}/groups` body. */
export const LinkGroupBody = Schema.Struct({
  groupJid: GroupJidInput.pipe(Schema.annotateEncoded({ description: "The group to link; the session's account must be an admin of it." }))
}).annotate({ description: "The group to link to the community." })
const decodeCreate = decodeInput(Schema.Struct({ ...CreateCommunityBody.fields, sessionId: SessionId }))
const decodeSession = decodeInput(Schema.Struct({ sessionId: SessionId }))
const decodeLink = decodeInput(Schema.Struct({ ...LinkGroupBody.fields, sessionId: SessionId, communityJid: GroupJidInput }))
const decodeMembers = decodeInput(ParticipantsInput)

/** Creates a community (a parent group) with its announcement group; both are stored at once. */
export const createCommunity = Effect.fn("communities.create")(function*(principal: Principal, sessionId: string, input: unknown) {
  const body = yield* decodeCreate(withPath(input, { sessionId }))
  yield* requireCapability(principal, "send")
  const live = yield* requireConnected(yield* ownedSession(principal, body.sessionId))
  const whatsapp = yield* WhatsAppPort
  const created = yield* whatsapp.createCommunity(live.session.id, {
    subject: body.name.trim(),
    description: body.description,
    participants: (body.participants ?? []).filter((jid) => jid !== live.phoneJid)
  })
  const groups = yield* GroupStore
  const at = yield* now
  yield* groups.upsert(live.owner, created.community, at)
  const announcement = yield* groups.upsert(live.owner, created.announcement, at)
  yield* recordEvent(live.owner.orgId, { type: "group.updated", sessionId: live.session.id, data: announcement })
  return { communityJid: created.community.groupJid, announcementGroupJid: created.announcement.groupJid }
})

/** The session's communities from the store. */
export const listCommunities = Effect.fn("communities.list")(function*(principal: Principal, sessionId: string, page?: PageInput) {
  const ref = yield* decodeSession({ sessionId })
  const query = yield* toPageQuery(page)
  yield* requireCapability(principal, "read")
  const session = yield* ownedSession(principal, ref.sessionId)
  const groups = yield* GroupStore
  return toPage(yield* groups.communities(ownerOf(session), query))
})

const relink = (linked: boolean) =>
  Effect.fn(linked ? "communities.link" : "communities.unlink")(function*(
    principal: Principal,
    sessionId: string,
    communityJid: string,
    input: unknown
  ) {
    const body = yield* decodeLink(withPath(input, { sessionId, communityJid }))
    yield* requireCapability(principal, "send")
    const live = yield* requireConnected(yield* ownedSession(principal, body.sessionId))
    yield* requireGroupAdmin(live, body.communityJid)
    yield* requireGroupAdmin(live, body.groupJid)
    const whatsapp = yield* WhatsAppPort
    yield* (linked ? whatsapp.linkGroup : whatsapp.unlinkGroup)(live.session.id, body.communityJid, body.groupJid).pipe(
      // To the caller, a group addressed as a community that is not one is a community that does not exist.
      Effect.catchTag("NotACommunity", (error) => Effect.fail(new NotFound({ resource: "community", id: error.groupJid })))
    )
    const groups = yield* GroupStore
    const updated = yield* groups.setParent(live.owner, body.groupJid, linked ? body.communityJid : null, yield* now)
    if (Option.isSome(updated)) {
      yield* recordEvent(live.owner.orgId, { type: "group.updated", sessionId: live.session.id, data: updated.value })
    }
  })

/** Links an existing group (`{groupJid}`) to the community; the session must be an admin of both. */
export const linkCommunityGroup = relink(true)

/** Unlinks a group from the community. */
export const unlinkCommunityGroup = (principal: Principal, sessionId: string, communityJid: string, groupJid: string) =>
  relink(false)(principal, sessionId, communityJid, { groupJid })

/** Adds members to the community; WhatsApp also puts them in its announcement group, and so does the store. */
export const addCommunityMembers = Effect.fn("communities.addMembers")(function*(
  principal: Principal,
  sessionId: string,
  communityJid: string,
  input: unknown
) {
  const body = yield* decodeMembers(withPath(input, { sessionId, groupJid: communityJid }))
  yield* requireCapability(principal, "send")
  const live = yield* requireConnected(yield* ownedSession(principal, body.sessionId))
  const outcomes = yield* changeParticipantOutcomes(live, body.groupJid, "add", body.participants)
  const announcement = yield* announcementOf(live, body.groupJid)
  if (Option.isSome(announcement)) {
    yield* applyResults(live, announcement.value, "add", outcomes)
  }
  return outcomes.map(toParticipantResult)
})

const announcementOf = Effect.fn("communities.announcementOf")(function*(live: LiveSession, communityJid: GroupJid) {
  const groups = yield* GroupStore
  let after: string | null = null
  while (true) {
    const page: PageResult<Community> = yield* groups.communities(live.owner, { limit: 100, after })
    const found = page.items.find((c) => c.communityJid === communityJid)
    if (found !== undefined) return Option.fromNullishOr(found.announcementGroupJid)
    if (page.lastKey === null) return Option.none<GroupJid>()
    after = page.lastKey
  }
})

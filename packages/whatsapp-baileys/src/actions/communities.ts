import {
  type CreatedCommunityGroups,
  type GroupJid,
  GroupJid as GroupJidSchema,
  isGroupJid,
  type NewCommunity,
  NotACommunity,
  WhatsAppFailure
} from "@wagate/core"
import { jidNormalizedUser, type WASocket } from "@whiskeysockets/baileys"
import { Effect } from "effect"
import type { PhoneOf } from "../groups/toGroupInfo.ts"
import { call, groupCall } from "./call.ts"
import { groupMetadata } from "./groups.ts"
import { updateParticipants } from "./participants.ts"

/** Creates a community (with its announcement group), then adds the participants to the community. */
export const createCommunity = Effect.fn("Baileys.createCommunity")(function*(sock: WASocket, community: NewCommunity, phoneOf: PhoneOf) {
  const created = yield* call("the community creation", () => sock.communityCreate(community.subject, community.description ?? ""))
  const id = created === null ? "" : jidNormalizedUser(created.id)
  if (!isGroupJid(id)) return yield* new WhatsAppFailure({ message: "WhatsApp answered the community creation without a community" })
  const communityJid = GroupJidSchema.make(id)
  const results = community.participants.length === 0
    ? []
    // A new community is not stored yet: its addressing comes from its metadata.
    : yield* updateParticipants(sock, communityJid, "add", community.participants, Effect.succeed(undefined))
  const info = yield* groupMetadata(sock, communityJid, phoneOf)
  const linked = yield* groupCall("the community's groups", communityJid, () => sock.communityFetchLinkedGroups(communityJid))
  const announceId = linked.linkedGroups.map((g) => jidNormalizedUser(g.id)).find(isGroupJid)
  const announcement = announceId === undefined
    ? yield* new WhatsAppFailure({ message: "WhatsApp created the community without its announcement group" })
    : yield* groupMetadata(sock, GroupJidSchema.make(announceId), phoneOf)
  return { community: info, announcement, results } satisfies CreatedCommunityGroups
})

const requireCommunity = Effect.fn("Baileys.requireCommunity")(function*(sock: WASocket, communityJid: GroupJid, phoneOf: PhoneOf) {
  const info = yield* groupMetadata(sock, communityJid, phoneOf)
  if (info.kind !== "community") return yield* new NotACommunity({ groupJid: communityJid })
})

export const linkGroup = Effect.fn("Baileys.linkGroup")(function*(sock: WASocket, communityJid: GroupJid, groupJid: GroupJid, phoneOf: PhoneOf) {
  yield* requireCommunity(sock, communityJid, phoneOf)
  yield* groupCall("linking the group", groupJid, () => sock.communityLinkGroup(groupJid, communityJid))
})

export const unlinkGroup = Effect.fn("Baileys.unlinkGroup")(function*(sock: WASocket, communityJid: GroupJid, groupJid: GroupJid, phoneOf: PhoneOf) {
  yield* requireCommunity(sock, communityJid, phoneOf)
  yield* groupCall("unlinking the group", groupJid, () => sock.communityUnlinkGroup(groupJid, communityJid))
})

import {
  type CreatedGroup,
  type GroupJid,
  GroupJid as GroupJidSchema,
  type GroupSettingsPatch,
  isGroupJid,
  type NewGroup,
  type MemberInfo,
  type ParticipantOutcome,
  UserJid,
  WhatsAppFailure
} from "@wagate/core"
import { type BinaryNode, getBinaryNodeChild, getBinaryNodeChildren, jidNormalizedUser, type WASocket } from "@whiskeysockets/baileys"
import { extractGroupMetadata } from "@whiskeysockets/baileys/lib/Socket/groups.js"
import { Effect, Random } from "effect"
import { participantStatus } from "../errors/toDomainError.ts"
import { answeredMember } from "../groups/addressing.ts"
import { type PhoneOf, toGroupInfo } from "../groups/toGroupInfo.ts"
import { call, defined, groupCall } from "./call.ts"
import { addRequestOf, sendAddRequestInvite } from "./participants.ts"

/** Whether a listed member is `jid`, by its address or either twin. */
const isListed = (member: MemberInfo, jid: string): boolean => member.jid === jid || member.phoneJid === jid || member.lid === jid

const KEY_ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"

/** The group's metadata, fresh from WhatsApp. */
export const groupMetadata = Effect.fn("Baileys.groupMetadata")(function*(sock: WASocket, groupJid: GroupJid, phoneOf: PhoneOf) {
  const meta = yield* groupCall("the group's metadata", groupJid, () => sock.groupMetadata(groupJid))
  return toGroupInfo(meta, phoneOf)
})

/**
 * Every group the account is in, in one WhatsApp query (`participating`, as Baileys' `groupFetchAllParticipating`
 * sends it), never one metadata call per group. The query is sent here rather than through that helper because
 * the helper answers an empty list when WhatsApp did not answer in time, and a resync would then take every
 * group for left; an answer without `<groups>` is a failure instead.
 */
export const participatingGroups = Effect.fn("Baileys.participatingGroups")(function*(sock: WASocket, phoneOf: PhoneOf) {
  const what = "the groups the account is in"
  const reply = yield* defined(what)(call(what, () =>
    sock.query({
      tag: "iq",
      attrs: { to: "@g.us", xmlns: "w:g2", type: "get" },
      content: [{ tag: "participating", attrs: {}, content: [{ tag: "participants", attrs: {} }, { tag: "description", attrs: {} }] }]
    })))
  const groups = getBinaryNodeChild(reply, "groups")
  if (groups === undefined) return yield* new WhatsAppFailure({ message: `WhatsApp answered ${what} without a group list` })
  return getBinaryNodeChildren(groups, "group").map((group) =>
    toGroupInfo(extractGroupMetadata({ tag: "result", attrs: {}, content: [group] }), phoneOf)
  )
})

/** Applies settings one WhatsApp call each (announce, locked, member-add mode, join approval). */
export const updateSettings = Effect.fn("Baileys.updateSettings")(function*(sock: WASocket, groupJid: GroupJid, settings: GroupSettingsPatch) {
  if (settings.isAnnounce !== undefined) {
    const value = settings.isAnnounce ? "announcement" : "not_announcement"
    yield* groupCall("the announce setting", groupJid, () => sock.groupSettingUpdate(groupJid, value))
  }
  if (settings.isLocked !== undefined) {
    const value = settings.isLocked ? "locked" : "unlocked"
    yield* groupCall("the locked setting", groupJid, () => sock.groupSettingUpdate(groupJid, value))
  }
  if (settings.memberAddMode !== undefined) {
    const mode = settings.memberAddMode
    yield* groupCall("the member-add mode", groupJid, () => sock.groupMemberAddMode(groupJid, mode))
  }
  if (settings.joinApproval !== undefined) {
    const mode = settings.joinApproval ? "on" : "off"
    yield* groupCall("the join-approval mode", groupJid, () => sock.groupJoinApprovalMode(groupJid, mode))
  }
})

/**
 * Creates a group. Baileys' `groupCreate` drops WhatsApp's per-participant codes, so the create IQ is sent
 * as Baileys sends it and its reply read here: 403 → `invite_sent` (the add request's invite is then sent to the
 * user, as WhatsApp clients do), 404 → `not_on_whatsapp`, 409 → `already_member`, 408 → `recently_left`.
 */
export const createGroup = Effect.fn("Baileys.createGroup")(function*(sock: WASocket, group: NewGroup, phoneOf: PhoneOf) {
  // The creation's key (WhatsApp Web sends a random one), from Effect's Random.
  let key = ""
  for (let i = 0; i < 10; i++) key += KEY_ALPHABET[yield* Random.nextIntBetween(0, KEY_ALPHABET.length - 1)]
  const reply = yield* defined("the group creation")(call("the group creation", () =>
    sock.query({
      tag: "iq",
      attrs: { type: "set", xmlns: "w:g2", to: "@g.us" },
      content: [{
        tag: "create",
        attrs: { subject: group.subject, key },
        content: group.participants.map((jid) => ({ tag: "participant", attrs: { jid } }))
      }]
    })))
  const node = getBinaryNodeChild(reply, "group")
  const id = node?.attrs["id"]
  const groupJid = id === undefined ? "" : jidNormalizedUser(id.includes("@") ? id : `${id}@g.us`)
  if (node === undefined || !isGroupJid(groupJid)) {
    return yield* new WhatsAppFailure({ message: "WhatsApp answered the group creation without a group" })
  }
  const answered = getBinaryNodeChildren(node, "participant")
  const outcomes: Array<{ readonly result: ParticipantOutcome; readonly node: BinaryNode | undefined }> = []
  const invites: Array<{ readonly jid: string; readonly node: BinaryNode }> = []
  for (const jid of group.participants) {
    const participant = answered.find((p) => p.attrs["jid"] === jid || p.attrs["phone_number"] === jid || p.attrs["lid"] === jid)
    const code = participant?.attrs["error"] ?? "200"
    const status = participant === undefined && code === "200" ? "failed" : participantStatus("add", code)
    if (status === "invite_sent" && participant !== undefined) invites.push({ jid, node: participant })
    outcomes.push({ result: { jid: UserJid.make(jid), status }, node: participant })
  }
  const created = GroupJidSchema.make(groupJid)
  if (group.description !== undefined && group.description !== "") {
    const description = group.description
    yield* groupCall("the group description", created, () => sock.groupUpdateDescription(created, description))
  }
  if (group.settings !== undefined) yield* updateSettings(sock, created, group.settings)
  for (const invite of invites) {
    const request = addRequestOf(invite.node)
    if (request !== undefined) yield* sendAddRequestInvite(sock, created, group.subject, invite.jid, request)
  }
  const info = yield* groupMetadata(sock, created, phoneOf)
  // Each participant as the new group lists it (its address and twins), else as WhatsApp answered the creation.
  const results = outcomes.map(({ node, result }): ParticipantOutcome => {
    const answer = answeredMember(node, undefined)
    const listed = info.members.find((m) => isListed(m, result.jid) || (answer !== undefined && isListed(m, answer.jid)))
    const member = listed === undefined ? answer : { jid: listed.jid, phoneJid: listed.phoneJid ?? answer?.phoneJid ?? null, lid: listed.lid ?? answer?.lid ?? null }
    return member === undefined ? result : { ...result, member }
  })
  return { group: info, results } satisfies CreatedGroup
})

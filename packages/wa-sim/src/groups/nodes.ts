import type { Account } from "../accounts/Account.ts"
import type { BinaryNode } from "../protocol/baileys.ts"
import { contentBytes, node } from "../protocol/nodes.ts"
import type { Group } from "./Group.ts"

/** Text content as bytes: both clients read these children as bytes (whatsmeow `Content.([]byte)`). */
export const text = (value: string): Uint8Array => Buffer.from(value, "utf8")

/** A child's content as text (clients send strings, which may arrive tokenised, or bytes). */
export const textOf = (n: BinaryNode | undefined): string | undefined => {
  const bytes = contentBytes(n)
  return bytes === undefined ? undefined : Buffer.from(bytes).toString("utf8")
}

/** The other address of an account in a group: `phone_number` in a LID-addressed group, `lid` in a phone-addressed one. */
export const twinAttrs = (group: Group, account: Account): Record<string, string> =>
  group.addressingMode === "lid" ? { phone_number: account.jid } : { lid: account.lid }

/**
 * An account as a group names it: `<participant jid="<lid>@lid" phone_number="<pn>"/>` in a LID-addressed
 * group, `<participant jid="<pn>" lid="<lid>"/>` in a phone-addressed one (Baileys `extractGroupMetadata` and
 * whatsmeow `parseParticipant` read both forms), with `type` for admins.
 */
export const participantNode = (group: Group, account: Account, withRole = true): BinaryNode => {
  const role = group.roleOf(account)
  return node("participant", {
    jid: group.addressOf(account),
    ...twinAttrs(group, account),
    type: withRole && role !== undefined && role !== "member" ? role : undefined
  })
}

/** Who did something, as the group names them: `{participant}` (LID or phone JID) and `participant_pn` in LID groups. */
export const authorAttrs = (group: Group, author: Account | undefined, prefix = "participant"): Record<string, string> => {
  if (author === undefined) return {}
  return group.addressingMode === "lid"
    ? { [prefix]: author.lid, [`${prefix}_pn`]: author.jid }
    : { [prefix]: author.jid }
}

const descriptionNode = (group: Group): BinaryNode | undefined => {
  const description = group.description
  if (description === undefined) return undefined
  return node("description", {
    id: description.id,
    ...authorAttrs(group, description.author),
    t: String(description.time)
  }, [node("body", {}, text(description.body))])
}

/** The settings children a `<group>` carries when they are on (both clients treat presence as "on"). */
const settingNodes = (group: Group): Array<BinaryNode> => {
  const nodes: Array<BinaryNode> = []
  if (group.announce) nodes.push(node("announcement"))
  if (group.locked) nodes.push(node("locked"))
  if (group.ephemeral > 0) nodes.push(node("ephemeral", { expiration: String(group.ephemeral) }))
  nodes.push(node("member_add_mode", {}, text(group.memberAddMode)))
  if (group.joinApproval) nodes.push(node("membership_approval_mode", {}, [node("group_join", { state: "on" })]))
  if (group.community !== undefined) {
    nodes.push(node("parent", { default_membership_approval_mode: group.community.defaultMembershipApprovalMode }))
  }
  if (group.parent !== undefined) nodes.push(node("linked_parent", { jid: group.parent.jid }))
  if (group.isAnnouncement) nodes.push(node("default_sub_group"))
  return nodes
}

export interface GroupNodeOptions {
  /** Leave the member list out (an invite preview shows the size only). */
  readonly participants?: boolean
  /** Extra `<participant>` children after the members (the failed adds of a create). */
  readonly extra?: ReadonlyArray<BinaryNode>
}

/**
 * `<group id subject s_t s_o creation creator size addressing_mode …>` with participants, description and
 * settings, as `extractGroupMetadata` (Baileys Socket/groups.js) and `parseGroupNode` (whatsmeow group.go)
 * parse it. `id` is the bare id: whatsmeow appends `@g.us` itself.
 */
export const groupNode = (group: Group, options: GroupNodeOptions = {}): BinaryNode => {
  const members = [...group.members.keys()]
  return node("group", {
    id: group.id,
    subject: group.subject,
    s_t: String(group.subjectTime),
    ...authorAttrs(group, group.subjectOwner, "s_o"),
    creation: String(group.creation),
    ...authorAttrs(group, group.creator, "creator"),
    size: String(members.length),
    addressing_mode: group.addressingMode,
    p_v_id: String(group.participantVersion),
    a_v_id: String(group.announceVersion)
  }, [
    ...(options.participants === false ? [] : members.map((account) => participantNode(group, account))),
    ...(options.extra ?? []),
    ...[descriptionNode(group)].filter((n) => n !== undefined),
    ...settingNodes(group)
  ])
}

/** A group as a community lists it (`sub_groups`, `link` notifications): whatsmeow `parseGroupLinkTargetNode`. */
export const linkTargetNode = (group: Group): BinaryNode =>
  node("group", {
    id: group.id,
    jid: group.jid,
    subject: group.subject,
    s_t: String(group.subjectTime),
    creation: String(group.creation),
    ...authorAttrs(group, group.creator, "creator"),
    size: String(group.members.size)
  }, group.isAnnouncement ? [node("default_sub_group")] : [])

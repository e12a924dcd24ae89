import { errors, jids } from "./examples.ts"
import { invalid, missing, missingOrNotAdmin, notConnected, sessionNotFound, sessionOrGroupNotFound, whatsappFailed } from "./meanings.ts"
import type { OperationDoc } from "./Reference.ts"

export const communitiesTag =
  "A community is a parent group that links groups together and has an announcement group where only admins post. Its JID is a group JID; community members are members of its announcement group."

const created = { communityJid: jids.community, announcementGroupJid: jids.announcement }

export const createCommunity: OperationDoc = {
  summary: "Create a community",
  what: "Creates a community with the given **name**, optionally a description and first members; WhatsApp creates its announcement group with it.",
  capability: "send",
  served: "live",
  success: "**201 Created** with `{communityJid, announcementGroupJid}`.",
  sideEffects:
    "The community and its announcement group are created on WhatsApp with the session's account as owner, and both are stored at once (a `group.updated` event is recorded for the announcement group).",
  idempotency: "Not idempotent: calling twice creates two communities.",
  errors: {
    validation_error: invalid("an empty or over-long `name`, a description over 2048 characters, or a malformed participant", {
      emptyName: errors.emptyName,
      unknownField: errors.unknownField
    }),
    forbidden: missing("send"),
    not_found: sessionNotFound,
    not_implemented: notConnected,
    whatsapp_error: whatsappFailed
  },
  request: { readers: { summary: "A community with a description", value: { name: "Readers", description: "All our reading groups" } } },
  responses: { 201: { description: "The new community.", examples: { created: { summary: "Created", value: created } } } }
}

export const listCommunities: OperationDoc = {
  summary: "List a session's communities",
  what: "Lists the communities the session belongs to, each with its announcement group and linked groups, a page at a time.",
  capability: "read",
  served: "stored",
  success: "**200 OK** with a `List` of Community.",
  sideEffects: "None.",
  idempotency: "A read: safe to repeat.",
  errors: {
    validation_error: invalid("a malformed session id, `limit` outside 1..1000, or a `cursor` this API did not return", {
      invalidLimit: errors.invalidLimit
    }),
    forbidden: missing("read"),
    not_found: sessionNotFound
  },
  responses: {
    200: {
      description: "A page of communities.",
      examples: {
        one: {
          summary: "One community with one linked group",
          value: { items: [{ ...created, subject: "Readers", groups: [jids.group] }], nextCursor: "" }
        }
      }
    }
  }
}

const bothAdmin =
  "**Precondition (live action, admin):** this talks to WhatsApp in real time, so the session must be **connected** (otherwise **501 `not_implemented`**), and the session's account must be an **admin** of both the community and the group (otherwise **403 `forbidden`**)."

export const linkGroup: OperationDoc = {
  summary: "Link a group to a community",
  what: "Links an existing group (`{groupJid}`) to the community.",
  capability: "send",
  served: "live-admin",
  precondition: bothAdmin,
  success: "**204 No Content**.",
  sideEffects: "WhatsApp links the group; the stored group records its community and a `group.updated` event is recorded.",
  idempotency: "Idempotent in effect: linking a linked group again leaves it linked.",
  errors: {
    validation_error: invalid("a malformed session id, community JID or `groupJid`", { invalidGroupJid: errors.invalidGroupJid }),
    forbidden: missingOrNotAdmin,
    not_found: {
      when:
        "no session with this id belongs to your organisation, the community or the group is not stored for it, or `{cid}` is a plain group, not a community (`details.resource`: `session`, `group` or `community`).",
      examples: { groupNotFound: errors.groupNotFound, communityNotFound: errors.communityNotFound }
    },
    not_implemented: notConnected,
    whatsapp_error: whatsappFailed
  },
  request: { group: { summary: "Link alice's group", value: { groupJid: jids.group } } }
}

export const unlinkGroup: OperationDoc = {
  summary: "Unlink a group from a community",
  what: "Unlinks the group `{gid}` from the community; the group goes on as a standalone group.",
  capability: "send",
  served: "live-admin",
  precondition: bothAdmin,
  success: "**204 No Content**.",
  sideEffects: "WhatsApp unlinks the group; the stored group loses its community and a `group.updated` event is recorded.",
  idempotency: "Idempotent in effect: unlinking a group that is not linked leaves it unlinked.",
  errors: {
    validation_error: invalid("a malformed session id, community JID or group JID"),
    forbidden: missingOrNotAdmin,
    not_found: {
      when:
        "no session with this id belongs to your organisation, the community or the group is not stored for it, or `{cid}` is a plain group, not a community (`details.resource`: `session`, `group` or `community`).",
      examples: { groupNotFound: errors.groupNotFound, communityNotFound: errors.communityNotFound }
    },
    not_implemented: notConnected,
    whatsapp_error: whatsappFailed
  }
}

export const addCommunityMembers: OperationDoc = {
  summary: "Add members to a community",
  what: "Adds the listed **participants** to the community; WhatsApp puts them in its announcement group.",
  capability: "send",
  served: "live-admin",
  precondition:
    "**Precondition (live action, admin):** this talks to WhatsApp in real time, so the session must be **connected** (otherwise **501 `not_implemented`**), and the session's account must be an **admin** of the community (otherwise **403 `forbidden`**).",
  success: "**204 No Content**; with `Prefer: return=representation`, **200 OK** with `{items}`: one ParticipantResult per participant.",
  sideEffects: "As for group members: the stored member lists of the community and its announcement group gain them, and `group.participants` events are recorded.",
  idempotency: "Idempotent in effect: adding a member again changes nothing (`already_member`).",
  errors: {
    validation_error: invalid(
      "a malformed session id or community JID, no `participants`, more than 1024, one listed twice, or a malformed JID or phone number",
      { noParticipants: errors.noParticipants }
    ),
    forbidden: missingOrNotAdmin,
    not_found: sessionOrGroupNotFound,
    not_implemented: notConnected,
    whatsapp_error: whatsappFailed
  },
  request: { one: { summary: "One new member", value: { participants: ["6284444444444@s.whatsapp.net"] } } },
  responses: {
    200: {
      description: "One result per participant (with `Prefer: return=representation`).",
      examples: { added: { summary: "Added", value: { items: [{ jid: "6284444444444@s.whatsapp.net", status: "added" }] } } }
    },
    204: { description: "Done (without `Prefer: return=representation`)." }
  }
}

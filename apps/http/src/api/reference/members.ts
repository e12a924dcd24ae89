import { addResults, errors, invite, jids, members, revokedInvite } from "./examples.ts"
import { invalid, missing, missingOrNotAdmin, notConnected, sessionOrGroupNotFound, whatsappFailed } from "./meanings.ts"
import type { ErrorDoc, OperationDoc } from "./Reference.ts"

export const membersTag =
  "A group's members and admins, its invite link, and the requests to join it when it needs approval. The member list is served from the store; every change is a live action by an admin of the group. Bulk actions take `{participants}` (JIDs or phone numbers) and answer 204, or with `Prefer: return=representation` one result per participant."

const invalidParticipants = invalid(
  "a malformed session id or group JID, no `participants`, more than 1024, one listed twice, or a malformed JID or phone number",
  { noParticipants: errors.noParticipants }
)

const adminErrors: Readonly<Record<"forbidden" | "not_found" | "not_implemented" | "whatsapp_error", ErrorDoc>> = {
  forbidden: missingOrNotAdmin,
  not_found: sessionOrGroupNotFound,
  not_implemented: notConnected,
  whatsapp_error: whatsappFailed
}

/** The 403 of a single-member change: as for every admin action, and WhatsApp refusing it for that member. */
const refusedForParticipant = (example: string): ErrorDoc => ({
  when: `${missingOrNotAdmin.when.replace(/\.$/, "")}; or WhatsApp refused the change for this member (\`details.reason\`: \`refused\`; ${example}, for one).`,
  examples: { ...missingOrNotAdmin.examples, participantRefused: errors.participantRefused }
})

const representation = "**204 No Content**; with `Prefer: return=representation`, **200 OK** with `{items}`: one ParticipantResult per participant, in the request's order."

export const listMembers: OperationDoc = {
  summary: "List a group's members",
  what:
    "Lists the group's members with their roles (`member`, `admin`, `superadmin`), a page at a time, in JID order. The list is what the session last saw: WhatsApp's notifications (people joining, leaving, being promoted) keep it current.",
  capability: "read",
  served: "stored",
  success: "**200 OK** with a `List` of Member.",
  sideEffects: "None.",
  idempotency: "A read: safe to repeat.",
  errors: {
    validation_error: invalid("a malformed session id or group JID, `limit` outside 1..1000, or a `cursor` this API did not return", {
      invalidGroupJid: errors.invalidGroupJid
    }),
    forbidden: missing("read"),
    not_found: sessionOrGroupNotFound
  },
  responses: { 200: { description: "A page of members.", examples: { members: { summary: "Four members", value: members } } } }
}

export const addMembers: OperationDoc = {
  summary: "Add members to a group",
  what: "Adds the listed **participants** (JIDs or phone numbers) to the group.",
  capability: "send",
  served: "live-admin",
  success: representation,
  sideEffects:
    "WhatsApp adds whom it can and tells the members; the stored member list gains them and a `group.participants` event is recorded. WhatsApp may decline some numbers without failing the call: their privacy settings refuse direct adds (`invite_sent`: WhatsApp sent them an invite instead), they are not on WhatsApp (`not_on_whatsapp`), or they left recently (`recently_left`).",
  idempotency: "Idempotent in effect: adding someone who is already a member changes nothing (`already_member`).",
  errors: { validation_error: invalidParticipants, ...adminErrors },
  request: {
    three: {
      summary: "One addable, one private, one not on WhatsApp",
      value: { participants: ["6281111111111@s.whatsapp.net", "9991234567@s.whatsapp.net", "0001234567@s.whatsapp.net"] }
    }
  },
  responses: {
    200: { description: "One result per participant (with `Prefer: return=representation`).", examples: { results: { summary: "Results", value: addResults } } },
    204: { description: "Done (without `Prefer: return=representation`)." }
  }
}

export const removeMember: OperationDoc = {
  summary: "Remove a member from a group",
  what: "Removes the member named by `jid` from the group.",
  capability: "send",
  served: "live-admin",
  success: "**204 No Content**.",
  sideEffects: "WhatsApp removes the member and tells the group; the stored member list loses them and a `group.participants` event is recorded.",
  idempotency: "Idempotent: removing someone who is not (or no longer) a member still answers 204 and ends with them not in the group.",
  errors: {
    validation_error: invalid("a malformed session id, group JID or member", { invalidJid: errors.invalidJid }),
    ...adminErrors,
    forbidden: refusedForParticipant("removing the group's creator")
  }
}

export const promoteAdmins: OperationDoc = {
  summary: "Make members admins",
  what: "Promotes the listed **participants** to admins of the group.",
  capability: "send",
  served: "live-admin",
  success: representation,
  sideEffects: "WhatsApp promotes them and tells the group; their stored role becomes `admin` and a `group.participants` event is recorded.",
  idempotency: "Idempotent in effect: promoting an admin again changes nothing.",
  notes: "Only members can be promoted: a participant who is not in the group gets `not_member`.",
  errors: { validation_error: invalidParticipants, ...adminErrors },
  request: { one: { summary: "Promote one member", value: { participants: ["6281111111111@s.whatsapp.net"] } } },
  responses: {
    200: {
      description: "One result per participant (with `Prefer: return=representation`).",
      examples: { promoted: { summary: "Promoted", value: { items: [{ jid: "6281111111111@s.whatsapp.net", status: "promoted" }] } } }
    },
    204: { description: "Done (without `Prefer: return=representation`)." }
  }
}

export const demoteAdmin: OperationDoc = {
  summary: "Make an admin a member again",
  what: "Demotes the admin named by `jid` to a plain member.",
  capability: "send",
  served: "live-admin",
  success: "**204 No Content**.",
  sideEffects: "WhatsApp demotes them and tells the group; their stored role becomes `member` and a `group.participants` event is recorded.",
  idempotency: "Idempotent: demoting someone who is not an admin still answers 204.",
  errors: {
    validation_error: invalid("a malformed session id, group JID or member", { invalidJid: errors.invalidJid }),
    ...adminErrors,
    forbidden: refusedForParticipant("demoting the group's creator")
  }
}

export const getInvite: OperationDoc = {
  summary: "Get a group's invite link",
  what: "Returns the group's current invite code and link; anyone with the link can join (or ask to, with join approval on).",
  capability: "send",
  served: "live-admin",
  success: "**200 OK** with `{code, link}`.",
  sideEffects: "None.",
  idempotency: "Safe to repeat: the same code until it is revoked.",
  errors: { validation_error: invalid("a malformed session id or group JID", { invalidGroupJid: errors.invalidGroupJid }), ...adminErrors },
  responses: { 200: { description: "The invite.", examples: { invite: { summary: "The current invite", value: invite } } } }
}

export const revokeInvite: OperationDoc = {
  summary: "Revoke a group's invite link",
  what: "Revokes the group's invite code, so the old link stops working, and returns the new one.",
  capability: "send",
  served: "live-admin",
  success: "**200 OK** with the new `{code, link}`.",
  sideEffects: "The old link stops working at once for everyone.",
  idempotency: "Not idempotent: every call revokes the current code and makes a new one.",
  errors: { validation_error: invalid("a malformed session id or group JID", { invalidGroupJid: errors.invalidGroupJid }), ...adminErrors },
  responses: { 200: { description: "The new invite.", examples: { invite: { summary: "The new invite", value: revokedInvite } } } }
}

export const listJoinRequests: OperationDoc = {
  summary: "List requests to join a group",
  what:
    "Lists the pending requests to join a group that needs approval (`joinApproval: true`), a page at a time, in JID order. Read live from WhatsApp, which is the only one that knows them.",
  capability: "send",
  served: "live-admin",
  success: "**200 OK** with a `List` of `{jid, requestedAt}`.",
  sideEffects: "None.",
  idempotency: "A read: safe to repeat.",
  errors: {
    validation_error: invalid("a malformed session id or group JID, `limit` outside 1..1000, or a `cursor` this API did not return", {
      invalidLimit: errors.invalidLimit
    }),
    ...adminErrors
  },
  responses: {
    200: {
      description: "A page of pending requests.",
      examples: { one: { summary: "One request", value: { items: [{ jid: jids.carol, requestedAt: "2026-11-22T03:41:02.459Z" }], nextCursor: "" } } }
    }
  }
}

export const approveJoinRequests: OperationDoc = {
  summary: "Approve requests to join a group",
  what: "Lets the listed requesters into the group.",
  capability: "send",
  served: "live-admin",
  success: "**200 OK** with `{items}`: `approved`, or `failed` for someone with no pending request.",
  sideEffects: "WhatsApp adds the approved requesters to the group; the stored member list gains them and a `group.participants` event is recorded.",
  idempotency: "Approving someone whose request is gone answers `failed` for them.",
  errors: { validation_error: invalidParticipants, ...adminErrors },
  request: { one: { summary: "Approve one requester", value: { participants: [jids.carol] } } },
  responses: {
    200: { description: "One result per participant.", examples: { approved: { summary: "Approved", value: { items: [{ jid: jids.carol, status: "approved" }] } } } }
  }
}

export const rejectJoinRequests: OperationDoc = {
  summary: "Reject requests to join a group",
  what: "Turns the listed requesters down.",
  capability: "send",
  served: "live-admin",
  success: "**200 OK** with `{items}`: `rejected`, or `failed` for someone with no pending request.",
  sideEffects: "WhatsApp drops their requests; nothing is stored.",
  idempotency: "Rejecting someone whose request is gone answers `failed` for them.",
  errors: { validation_error: invalidParticipants, ...adminErrors },
  request: { one: { summary: "Reject one requester", value: { participants: ["6283333333333@s.whatsapp.net"] } } },
  responses: {
    200: {
      description: "One result per participant.",
      examples: { noRequest: { summary: "No pending request", value: { items: [{ jid: "6283333333333@s.whatsapp.net", status: "failed" }] } } }
    }
  }
}

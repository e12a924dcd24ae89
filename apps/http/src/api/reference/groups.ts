import { bookClub, bookClubRenamed, errors, invite, jids } from "./examples.ts"
import {
  invalid,
  missing,
  missingOrNotAdmin,
  missingOrNotInGroup,
  notConnected,
  sessionNotFound,
  sessionOrGroupNotFound,
  whatsappFailed
} from "./meanings.ts"
import type { OperationDoc } from "./Reference.ts"

export const groupsTag =
  "WhatsApp groups as a session sees them. Reads (`GET`) are served from the gateway's store, which WhatsApp's own notifications keep current; changes are live actions that need a connected session. A group is named by its JID (`<digits>@g.us`); in a path the `@` may be sent as is or as `%40`."

export const listGroups: OperationDoc = {
  summary: "List a session's groups",
  what: "Lists the groups the session belongs to (and those it left, marked `left: true`), a page at a time, in JID order.",
  capability: "read",
  served: "stored",
  success: "**200 OK** with a `List` of Group; `nextCursor` is `\"\"` on the last page.",
  sideEffects: "None.",
  idempotency: "A read: safe to repeat.",
  errors: {
    validation_error: invalid("a malformed session id, `limit` outside 1..1000, or a `cursor` this API did not return", {
      invalidLimit: errors.invalidLimit
    }),
    forbidden: missing("read"),
    not_found: sessionNotFound
  },
  responses: { 200: { description: "A page of groups.", examples: { one: { summary: "One group", value: { items: [bookClub], nextCursor: "" } } } } }
}

export const createGroup: OperationDoc = {
  summary: "Create a group",
  what:
    "Creates a new WhatsApp group with the given **name** (the group's subject) and first **participants** (users, as JIDs or phone numbers), optionally with a description and settings, and returns the new group.",
  capability: "send",
  served: "live",
  success: "**201 Created** with the Group.",
  sideEffects:
    "The group is created on WhatsApp with the session's account as owner (`superadmin`); the participants WhatsApp accepts are added. The group is stored at once, so it lists immediately, and a `group.updated` event is recorded. Participants WhatsApp refuses (privacy settings, numbers not on WhatsApp) are skipped without failing the call: compare `participants` with what you asked for, or add them afterwards with `Prefer: return=representation` to see why.",
  idempotency: "Not idempotent: calling twice creates two distinct groups.",
  errors: {
    validation_error: invalid("an empty `name`, no `participants`, a malformed JID or phone number, a participant listed twice, a description over 2048 characters, or a field the body does not define", {
      missingFields: {
        summary: "Empty name and no participants",
        value: {
          error: {
            code: "validation_error",
            message: "invalid name, participants",
            details: { name: "must not be empty", participants: "must list 1 to 1024 participants" }
          }
        }
      }
    }),
    forbidden: missing("send"),
    not_found: sessionNotFound,
    not_implemented: notConnected,
    whatsapp_error: whatsappFailed
  },
  request: {
    phone: { summary: "A phone number is as good as a JID", value: { name: "Book club", participants: ["+62 812 3456 7890"] } },
    settings: {
      summary: "With a description and settings",
      value: {
        name: "Book club",
        participants: ["6281234567890@s.whatsapp.net", "6281111111111@s.whatsapp.net"],
        description: "One book a month",
        settings: { joinApproval: true, memberAddMode: "admin_add" }
      }
    }
  },
  responses: { 201: { description: "The new group.", examples: { created: { summary: "Alice's new group", value: bookClub } } } }
}

export const getGroup: OperationDoc = {
  summary: "Get a group",
  what: "Returns one of the session's stored groups. A group the session left stays readable, with `left: true`.",
  capability: "read",
  served: "stored",
  success: "**200 OK** with the Group.",
  sideEffects: "None.",
  idempotency: "A read: safe to repeat.",
  errors: {
    validation_error: invalid("a malformed session id or group JID", { invalidGroupJid: errors.invalidGroupJid }),
    forbidden: missing("read"),
    not_found: sessionOrGroupNotFound
  },
  responses: { 200: { description: "The group.", examples: { group: { summary: "A group", value: bookClub } } } }
}

export const updateGroup: OperationDoc = {
  summary: "Change a group's subject, description or settings",
  what:
    "Changes the group's `subject`, `description` (`null` clears it) and `settings` (`isAnnounce`, `isLocked`, `joinApproval`, `memberAddMode`); fields left out stay as they are.",
  capability: "send",
  served: "live-admin",
  success: "**200 OK** with the Group after the change.",
  sideEffects:
    "WhatsApp applies each change and tells every member; the stored group is updated and a `group.updated` event is recorded. A body that changes nothing answers the stored group without a WhatsApp call.",
  idempotency: "Idempotent in effect: sending the same values again leaves the group as it is.",
  errors: {
    validation_error: invalid(
      "an empty or over-long subject, a description over 2048 characters, an unknown setting value, or a malformed session id or group JID",
      { invalidSetting: errors.invalidSetting, unknownField: errors.unknownField }
    ),
    forbidden: missingOrNotAdmin,
    not_found: sessionOrGroupNotFound,
    not_implemented: notConnected,
    whatsapp_error: whatsappFailed
  },
  request: {
    rename: { summary: "Rename and describe", value: { subject: "Book club 2027", description: "One book a month" } },
    approval: { summary: "Turn join approval on", value: { settings: { joinApproval: true } } },
    clear: { summary: "Clear the description", value: { description: null } }
  },
  responses: { 200: { description: "The group after the change.", examples: { renamed: { summary: "Renamed", value: bookClubRenamed } } } }
}

export const leaveGroup: OperationDoc = {
  summary: "Leave a group",
  what: "Takes the session's **own** account out of the group.",
  capability: "send",
  served: "live",
  success: "**204 No Content**.",
  sideEffects:
    "WhatsApp removes the account from the group and tells the members. The stored group stays readable, marked `left: true`, with the member list as it was when the session left; live actions on it are refused from then on. A `group.updated` event is recorded.",
  idempotency: "Idempotent: leaving a group the session already left answers 204 without a WhatsApp call.",
  errors: {
    validation_error: invalid("a malformed session id or group JID", { invalidGroupJid: errors.invalidGroupJid }),
    forbidden: missingOrNotInGroup,
    not_found: sessionOrGroupNotFound,
    not_implemented: notConnected,
    whatsapp_error: whatsappFailed
  }
}

export const refreshGroup: OperationDoc = {
  summary: "Refresh a group from WhatsApp",
  what:
    "Re-reads one group from WhatsApp (metadata, settings and the member list with roles) into the store and returns it, for when the stored view may have missed a notification (the gateway was down, or the account changed the group from another device).",
  capability: "send",
  served: "live",
  success: "**200 OK** with the Group as stored after the refresh.",
  sideEffects:
    "One WhatsApp call. The stored group and its members are replaced by what WhatsApp answers (a group the session is in but had not stored is stored, and `left` is cleared). A `group.updated` event is recorded only when something a client can see changed: the Group's fields, or a member, role or twin. A stored group WhatsApp says the session is no longer in (it left or was removed unheard) is marked left and returned with `left: true`, with its event; `forbidden` `not_member` only for a group the session never had.",
  idempotency: "Idempotent: refreshing again when nothing changed on WhatsApp records no event.",
  errors: {
    validation_error: invalid("a malformed session id or group JID", { invalidGroupJid: errors.invalidGroupJid }),
    forbidden: missingOrNotInGroup,
    not_found: {
      when: "no session with this id belongs to your organisation, or WhatsApp does not know the group (`details.resource`: `session` or `group`).",
      examples: { sessionNotFound: errors.sessionNotFound, groupNotFound: errors.groupNotFound }
    },
    not_implemented: notConnected,
    whatsapp_error: whatsappFailed
  },
  responses: { 200: { description: "The group as stored now.", examples: { refreshed: { summary: "The group, renamed on a phone", value: bookClubRenamed } } } }
}

export const refreshGroups: OperationDoc = {
  summary: "Refresh all groups from WhatsApp",
  what:
    "Re-reads every group the session's account is in from WhatsApp, in one batch call (never one call per group), into the store, and says how many groups were listed, changed and found left.",
  capability: "send",
  served: "live",
  success: "**200 OK** with `{groups, changed, left}`.",
  sideEffects:
    "One WhatsApp call for all groups. Each group listed is stored as a single refresh stores it, with a `group.updated` event only when something a client can see changed. A stored group WhatsApp no longer lists (the account left it or was removed while the gateway was not told) is marked `left: true` and stays readable, with its `group.updated` event.",
  idempotency: "Idempotent: a second refresh with nothing changed on WhatsApp answers `changed: 0, left: 0` and records no event.",
  errors: {
    validation_error: invalid("a malformed session id"),
    forbidden: missing("send"),
    not_found: sessionNotFound,
    not_implemented: notConnected,
    whatsapp_error: whatsappFailed
  },
  responses: {
    200: {
      description: "What the refresh did.",
      examples: { refreshed: { summary: "Three groups, one renamed, one left while away", value: { groups: 3, changed: 1, left: 1 } } }
    }
  }
}

export const joinGroup: OperationDoc = {
  summary: "Join a group by invite",
  what:
    "Joins the group an invite leads to, given as the bare code or the whole `https://chat.whatsapp.com/<code>` link, and returns the group's JID. Use that JID with the other group endpoints.",
  capability: "send",
  served: "live",
  success:
    "**200 OK** with `{groupJid, pendingApproval}`. When the group needs an admin's approval (`joinApproval`), a request is queued instead and `pendingApproval` is `true`: the session is not a member until an admin approves it.",
  sideEffects: "The account joins the group on WhatsApp; the group is stored for the session at once and a `group.updated` event is recorded (not while approval is pending).",
  idempotency: "Idempotent in effect: joining a group the account already belongs to still answers 200 with the group's JID.",
  errors: {
    validation_error: invalid("a missing or unparseable invite, or one WhatsApp does not know (invalid, revoked or expired: `details.invite`)", {
      invalidInvite: {
        summary: "A revoked or unknown invite",
        value: { error: { code: "validation_error", message: "invalid invite", details: { invite: "invite AAAAAAAAAAAAAAAAAAAAAA is invalid, revoked or expired" } } }
      }
    }),
    forbidden: missingOrNotInGroup,
    not_found: {
      when: "no session with this id belongs to your organisation, or WhatsApp does not know the group the invite leads to (`details.resource`).",
      examples: { sessionNotFound: errors.sessionNotFound }
    },
    not_implemented: notConnected,
    whatsapp_error: whatsappFailed
  },
  request: {
    link: { summary: "The whole link", value: { invite: invite.link } },
    code: { summary: "The bare code", value: { invite: invite.code } }
  },
  responses: {
    200: {
      description: "The group joined, or asked to join.",
      examples: {
        joined: { summary: "Joined", value: { groupJid: jids.group, pendingApproval: false } },
        pending: { summary: "Waiting for an admin's approval", value: { groupJid: jids.group, pendingApproval: true } }
      }
    }
  }
}

export const previewInvite: OperationDoc = {
  summary: "Preview an invite",
  what: "Shows what an invite leads to (the group's JID, subject, description and size) without joining.",
  capability: "read",
  served: "live",
  success: "**200 OK** with the preview.",
  sideEffects: "None.",
  idempotency: "A read: safe to repeat.",
  errors: {
    validation_error: invalid("a malformed session id or invite code", { invalidCode: errors.invalidCode }),
    forbidden: missing("read"),
    not_found: {
      when: "no session with this id belongs to your organisation, or WhatsApp does not know the invite (invalid, revoked or expired).",
      examples: { sessionNotFound: errors.sessionNotFound, inviteNotFound: errors.inviteNotFound }
    },
    not_implemented: notConnected,
    whatsapp_error: whatsappFailed
  },
  responses: {
    200: {
      description: "What the invite leads to.",
      examples: {
        preview: { summary: "A preview", value: { groupJid: jids.group, subject: "Book club 2027", description: "One book a month", size: 4 } }
      }
    }
  }
}

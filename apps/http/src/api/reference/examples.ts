import type { Example } from "./Example.ts"

/**
 * Request and response bodies for the reference, as a simulator gateway answered them in the README's walkthrough
 * (`WAGATE_TRANSPORT=simulator npm start`): sessions alice and bob, alice's group "Book club", bob joining it and
 * sending a poll. Ids, phone numbers, codes and times differ from run to run. The few marked "illustrative" cannot
 * come from the in-process simulator (a QR code, a pairing code, an unreachable store) and show the shape only.
 */

export const jids = {
  alice: "872441143658272@s.whatsapp.net",
  bob: "518555961901386@s.whatsapp.net",
  carol: "394491876073870@s.whatsapp.net",
  aliceLid: "152228126245402@lid",
  bobLid: "139947553673663@lid",
  group: "120363000000000001@g.us",
  community: "120363000000000002@g.us",
  announcement: "120363000000000003@g.us"
} as const

export const aliceSession = {
  id: "alice",
  name: "Alice",
  status: "connected",
  phoneJid: jids.alice,
  lid: jids.aliceLid,
  createdAt: "2026-11-22T03:41:00.160Z",
  updatedAt: "2026-11-22T03:41:00.163Z"
}

export const bobSession = {
  id: "bob",
  name: null,
  status: "connected",
  phoneJid: jids.bob,
  lid: jids.bobLid,
  createdAt: "2026-11-22T03:41:00.191Z",
  updatedAt: "2026-11-22T03:41:00.193Z"
}

export const bookClub = {
  groupJid: jids.group,
  subject: "Book club",
  description: null,
  ownerJid: jids.alice,
  participants: 2,
  isAnnounce: false,
  isLocked: false,
  joinApproval: false,
  memberAddMode: "admin_add",
  createdAt: "2026-11-22T03:41:00.205Z",
  left: false
}

export const bookClubRenamed = {
  ...bookClub,
  subject: "Book club 2027",
  description: "One book a month"
}

export const members = {
  items: [
    { jid: jids.bobLid, phoneJid: jids.bob, lid: jids.bobLid, role: "member" },
    { jid: jids.aliceLid, phoneJid: jids.alice, lid: jids.aliceLid, role: "superadmin" },
    { jid: "371132975886527@lid", phoneJid: "6281111111111@s.whatsapp.net", lid: "371132975886527@lid", role: "member" },
    { jid: "646142668144380@lid", phoneJid: "6281234567890@s.whatsapp.net", lid: "646142668144380@lid", role: "member" }
  ],
  nextCursor: ""
}

export const addResults = {
  items: [
    { jid: "6281111111111@s.whatsapp.net", status: "added" },
    { jid: "9991234567@s.whatsapp.net", status: "invite_sent" },
    { jid: "0001234567@s.whatsapp.net", status: "not_on_whatsapp" }
  ]
}

export const invite = { code: "i720Ec80Z4WwwW6F2Vkvsg", link: "https://chat.whatsapp.com/i720Ec80Z4WwwW6F2Vkvsg" }
export const revokedInvite = { code: "t12UjI4o0wT9uW5C21xEVf", link: "https://chat.whatsapp.com/t12UjI4o0wT9uW5C21xEVf" }

export const pollResult = {
  id: "01M80NFJR8NJQSAVMDYQ37GXV4",
  sessionId: "bob",
  to: jids.group,
  type: "poll",
  status: "sent",
  waMessageId: "3EB07C1F0A9D4E2B8C6A15",
  attempts: 1,
  createdAt: "2026-11-22T03:41:00.552Z",
  updatedAt: "2026-11-22T03:41:00.552Z",
  error: null
}

/** The bodies of `POST /messages`, one per type built in v1. */
export const sendBodies: Readonly<Record<string, Example>> = {
  text: { summary: "Text to a group", value: { type: "text", to: jids.group, text: "See you on Thursday" } },
  poll: { summary: "A poll", value: { type: "poll", to: jids.group, name: "Next book?", options: ["Dune", "Emma", "Ulysses"] } },
  location: {
    summary: "A location, to a phone number",
    value: { type: "location", to: "+62 812 3456 7890", latitude: -6.2, longitude: 106.8, name: "Library" }
  },
  contact: {
    summary: "A contact card",
    value: { type: "contact", to: "6281234567890@s.whatsapp.net", contacts: [{ name: "Alice", phone: "+62 812 3456 7890" }] }
  },
  reply: {
    summary: "A reply that quotes a message, mentioning everyone",
    value: { type: "text", to: jids.group, text: "Thursday it is, @all", replyTo: "3EB0C431C26A1916F1A2", mentions: ["all"] }
  },
  reaction: { summary: "A reaction", value: { type: "reaction", to: jids.group, targetWaMessageId: "3EB0C431C26A1916F1A2", emoji: "👍" } },
  edit: { summary: "An edit of the session's own text", value: { type: "edit", to: jids.group, targetWaMessageId: "3EB0D2A41F7C90B35E8A6D", text: "See you on Friday" } },
  delete: { summary: "A deletion for everyone", value: { type: "delete", to: jids.group, targetWaMessageId: "3EB0D2A41F7C90B35E8A6D" } }
}

export const envelope = (code: string, message: string, details: Record<string, unknown> = {}) => ({
  error: { code, message, details }
})

/** Error bodies as the gateway answers them, by what went wrong. */
export const errors = {
  sessionNotFound: {
    summary: "No such session in your organisation",
    value: envelope("not_found", "session not found: nobody", { resource: "session", id: "nobody" })
  },
  groupNotFound: {
    summary: "No such group stored for the session",
    value: envelope("not_found", "group not found: 120363999999999999@g.us", { resource: "group", id: "120363999999999999@g.us" })
  },
  messageNotFound: {
    summary: "No such message",
    value: envelope("not_found", "message not found: 01M8RC1T0ND1W5J50J6MXXXXXX", { resource: "message", id: "01M8RC1T0ND1W5J50J6MXXXXXX" })
  },
  apiKeyNotFound: {
    summary: "No such key in your organisation",
    value: envelope("not_found", "api key not found: nope", { resource: "api_key", id: "nope" })
  },
  inviteNotFound: {
    summary: "WhatsApp does not know the code",
    value: envelope("not_found", "invite not found: AAAAAAAAAAAAAAAAAAAAAA", { resource: "invite", id: "AAAAAAAAAAAAAAAAAAAAAA" })
  },
  missingSend: {
    summary: "The caller lacks `send`",
    value: envelope("forbidden", "this action needs the \"send\" capability", { capability: "send" })
  },
  missingRead: {
    summary: "The caller lacks `read`",
    value: envelope("forbidden", "this action needs the \"read\" capability", { capability: "read" })
  },
  missingManage: {
    summary: "The caller lacks `manage`",
    value: envelope("forbidden", "this action needs the \"manage\" capability", { capability: "manage" })
  },
  notMember: {
    summary: "The session's account is not in the group",
    value: envelope("forbidden", "the session's account is not a participant of 120363000000000001@g.us", {
      groupJid: jids.group,
      reason: "not_member"
    })
  },
  participantRefused: {
    summary: "WhatsApp refused the change for this participant (illustrative)",
    value: envelope("forbidden", "WhatsApp refused the change for 872441143658272@s.whatsapp.net", { jid: jids.alice, reason: "refused" })
  },
  notAdmin: {
    summary: "The session's account is not an admin",
    value: envelope("forbidden", "the session's account is not an admin of 120363000000000001@g.us", {
      groupJid: jids.group,
      reason: "not_admin"
    })
  },
  notConnected: {
    summary: "The session is not connected",
    value: envelope("not_implemented", "session bob is not connected (status: disconnected)", {
      reason: "session_not_connected",
      sessionId: "bob",
      sessionStatus: "disconnected"
    })
  },
  sessionIdTaken: {
    summary: "The id is taken",
    value: envelope("conflict", "session id alice is taken", { reason: "session_id_taken" })
  },
  alreadyConnected: {
    summary: "The session is already linked and connected",
    value: envelope("conflict", "session alice is already connected", { reason: "already_connected" })
  },
  invalidGroupJid: {
    summary: "A malformed group JID in the path",
    value: envelope("validation_error", "invalid groupJid", { groupJid: "must be a group JID (<digits>[-<digits>]@g.us)" })
  },
  invalidSessionId: {
    summary: "A malformed session id",
    value: envelope("validation_error", "invalid sessionId", { sessionId: "must be 1 to 64 characters of A-Z, a-z, 0-9, _ or -" })
  },
  invalidJid: {
    summary: "A member that is neither a JID nor a phone number",
    value: envelope("validation_error", "invalid jid", { jid: "must be a user JID (<7 to 15 digits>@s.whatsapp.net or <1 to 20 digits>@lid) or a phone number" })
  },
  noParticipants: {
    summary: "No participants",
    value: envelope("validation_error", "invalid participants", { participants: "must list 1 to 1024 participants" })
  },
  invalidCode: {
    summary: "A malformed invite code",
    value: envelope("validation_error", "invalid code", { code: "must be an invite code or a https://chat.whatsapp.com/<code> link" })
  },
  invalidPhone: {
    summary: "Not a phone number",
    value: envelope("validation_error", "invalid phone", { phone: "must be a phone JID (<7 to 15 digits>@s.whatsapp.net) or a phone number" })
  },
  invalidCapability: {
    summary: "An unknown capability",
    value: envelope("validation_error", "invalid capabilities.0", { "capabilities.0": "Expected \"read\" | \"send\" | \"manage\"" })
  },
  emptyName: {
    summary: "An empty name",
    value: envelope("validation_error", "invalid name", { name: "must not be empty" })
  },
  invalidSetting: {
    summary: "An unknown setting value",
    value: envelope("validation_error", "invalid settings.memberAddMode", { "settings.memberAddMode": "Expected \"admin_add\" | \"all_member_add\"" })
  },
  invalidCursor: {
    summary: "A cursor this API did not return",
    value: envelope("validation_error", "invalid cursor", { cursor: "is not a cursor this API returned" })
  },
  unknownField: {
    summary: "A body field the operation does not define",
    value: envelope("validation_error", "invalid nope", { nope: "is not a field of this operation" })
  },
  invalidLimit: {
    summary: "A page size out of range",
    value: envelope("validation_error", "invalid limit", { limit: "must be an integer from 1 to 1000" })
  },
  invalidJson: {
    summary: "A body that is not JSON",
    value: envelope("validation_error", "the request body is not valid JSON", { body: "Expected a valid JSON body" })
  },
  communityNotFound: {
    summary: "A plain group where a community was expected",
    value: envelope("not_found", "community not found: 120363000000000001@g.us", { resource: "community", id: "120363000000000001@g.us" })
  },
  whatsappFailed: {
    summary: "WhatsApp failed the action (illustrative)",
    value: envelope("whatsapp_error", "WhatsApp did not answer in time")
  },
  missingToken: {
    summary: "No token",
    value: envelope("unauthorized", "a bearer token is required", { reason: "missing" })
  },
  unknownToken: {
    summary: "A token the gateway does not know",
    value: envelope("unauthorized", "the bearer token is not an api key (wgk_…), and JWTs are not configured on this gateway", {
      reason: "invalid"
    })
  },
  payloadTooLarge: {
    summary: "A body over the limit",
    value: envelope("payload_too_large", "the request body is over the limit of 1048576 bytes", { maxBytes: 1048576 })
  },
  internal: {
    summary: "A bug (illustrative)",
    value: envelope("internal", "internal error; quote request id 01M8RC1V69TWPNB48V344S8J29 when reporting it")
  },
  tokenIssuerUnavailable: {
    summary: "The JWT issuer's keys cannot be fetched (illustrative)",
    value: envelope("unavailable", "the token issuer's signing keys (JWKS) cannot be fetched right now; retry later (api keys are not affected)", {
      retryAfterSeconds: 30,
      reason: "token_issuer_unavailable"
    })
  },
  storeUnavailable: {
    summary: "The store cannot be reached (illustrative)",
    value: envelope("unavailable", "the store is unavailable; retry later", { retryAfterSeconds: 2 })
  }
} satisfies Record<string, Example>

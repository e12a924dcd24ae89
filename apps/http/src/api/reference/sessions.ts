import { aliceSession, bobSession, errors } from "./examples.ts"
import { invalid, missing, sessionNotFound, whatsappFailed } from "./meanings.ts"
import type { OperationDoc } from "./Reference.ts"

export const sessionsTag =
  "A session is one attached WhatsApp number: create it, link a phone to it (QR code or pairing code), and it connects. Everything else (groups, members, messages) happens under a session. Sessions belong to the organisation that created them; another organisation's sessions are invisible (404). Statuses: `pairing` → `connecting` → `connected`; `disconnected` when the gateway is not trying; `logged_out` when the phone unlinked the device."

export const createSession: OperationDoc = {
  summary: "Create a session",
  what:
    "Creates a session (one WhatsApp number) for your organisation and starts connecting it. Give it an `id` of your own (`[A-Za-z0-9_-]{1,64}`, unique across the gateway) or let the gateway choose a ULID, and optionally a display `name`.",
  capability: "manage",
  served: "gateway",
  success:
    "**201 Created** with the Session. On a real transport a new session is `pairing`: fetch its QR code (`GET …/qr`) or a pairing code to link a phone. On the in-process simulator it is `connected` at once.",
  sideEffects: "The session is stored and the gateway starts its connection; a `session.status` event is recorded.",
  idempotency: "Not idempotent: a second call with the same `id` is **409 `conflict`**; without an `id`, each call creates another session.",
  errors: {
    validation_error: invalid("a malformed `id` or a `name` over 255 characters, or a body that is not a JSON object", {
      invalidJson: errors.invalidJson,
      unknownField: errors.unknownField
    }),
    forbidden: missing("manage"),
    conflict: { when: "a session with this `id` already exists (`details.reason`: `session_id_taken`).", examples: { sessionIdTaken: errors.sessionIdTaken } }
  },
  request: {
    named: { summary: "With an id and a name", value: { id: "alice", name: "Alice" } },
    generated: { summary: "A ULID id, no name", value: {} }
  },
  responses: { 201: { description: "The new session.", examples: { alice: { summary: "Connected at once (simulator)", value: aliceSession } } } }
}

export const listSessions: OperationDoc = {
  summary: "List sessions",
  what: "Lists your organisation's sessions, a page at a time, in id order.",
  capability: "read",
  served: "stored",
  success: "**200 OK** with a `List` of Session; `nextCursor` is `\"\"` on the last page.",
  sideEffects: "None.",
  idempotency: "A read: safe to repeat.",
  errors: {
    validation_error: invalid("`limit` outside 1..1000, or a `cursor` this API did not return", { invalidLimit: errors.invalidLimit }),
    forbidden: missing("read")
  },
  responses: {
    200: { description: "A page of sessions.", examples: { two: { summary: "Two sessions", value: { items: [aliceSession, bobSession], nextCursor: "" } } } }
  }
}

export const getSession: OperationDoc = {
  summary: "Get a session",
  what: "Returns one of your organisation's sessions with its current status and linked number.",
  capability: "read",
  served: "stored",
  success: "**200 OK** with the Session.",
  sideEffects: "None.",
  idempotency: "A read: safe to repeat.",
  errors: {
    validation_error: invalid("a malformed session id"),
    forbidden: missing("read"),
    not_found: sessionNotFound
  },
  responses: { 200: { description: "The session.", examples: { alice: { summary: "A connected session", value: aliceSession } } } }
}

export const sessionQr: OperationDoc = {
  summary: "Get the QR code to link a phone",
  what:
    "Returns the session's current QR code: scan it in WhatsApp (Settings → Linked devices → Link a device) to link the phone's account to the session. WhatsApp replaces the code about every 20 s; this always returns the current one. With `Accept: image/png` or `image/svg+xml` the answer is the picture itself.",
  capability: "manage",
  served: "gateway",
  precondition:
    "**Precondition:** the session must **not** be connected (it is `pairing`, or `logged_out` and pairing again); a connected session is **409 `conflict`**. The transport must be able to reach WhatsApp; otherwise **501 `not_implemented`**.",
  success: "**200 OK** with `{qr, expiresAt}`, or the PNG or SVG picture when `Accept` asks for one.",
  sideEffects: "None; the phone links the session when it scans the code, and the session becomes `connecting`, then `connected`.",
  idempotency: "A read: safe to repeat, and meant to be polled while pairing.",
  errors: {
    validation_error: invalid("a malformed session id"),
    forbidden: missing("manage"),
    not_found: sessionNotFound,
    conflict: {
      when: "the session is already connected: there is nothing to link (`details.reason`: `already_connected`).",
      examples: { alreadyConnected: errors.alreadyConnected }
    },
    not_implemented: {
      when:
        "the transport cannot reach WhatsApp for this session (`details.reason`: `session_not_connected`): the `baileys` transport is not built yet, so its sessions stay `disconnected`.",
      examples: { notConnected: errors.notConnected }
    },
    whatsapp_error: whatsappFailed
  },
  responses: {
    200: {
      description: "The QR code: JSON, or the picture `Accept` asked for.",
      examples: {
        json: { summary: "The code as JSON (illustrative)", value: { qr: "2@Rn5d0tW9yq3k1Hf8,cK9+Tz0j4=,x0Qe1Z6b8w==", expiresAt: "2026-11-22T03:41:20.000Z" } }
      }
    }
  }
}

export const pairingCode: OperationDoc = {
  summary: "Get a code to link a phone by number",
  what:
    "Asks WhatsApp for a pairing code for the given phone number: type it on that phone (WhatsApp → Linked devices → Link with phone number instead) to link its account without scanning a QR code.",
  capability: "manage",
  served: "gateway",
  precondition:
    "**Precondition:** the session must **not** be connected; a connected session is **409 `conflict`**. The transport must be able to reach WhatsApp; otherwise **501 `not_implemented`**.",
  success: "**200 OK** with `{code}`.",
  sideEffects: "WhatsApp shows a notification on that phone; the session links when the code is typed.",
  idempotency: "Each call asks WhatsApp for a fresh code; the latest one is valid.",
  errors: {
    validation_error: invalid("a malformed session id or `phone`", { invalidPhone: errors.invalidPhone }),
    forbidden: missing("manage"),
    not_found: sessionNotFound,
    conflict: {
      when: "the session is already connected (`details.reason`: `already_connected`).",
      examples: { alreadyConnected: errors.alreadyConnected }
    },
    not_implemented: {
      when:
        "the transport cannot reach WhatsApp for this session (`details.reason`: `session_not_connected`): the `baileys` transport is not built yet, so its sessions stay `disconnected`.",
      examples: { notConnected: errors.notConnected }
    },
    whatsapp_error: whatsappFailed
  },
  request: { phone: { summary: "A phone number", value: { phone: "+62 812 3456 7890" } } },
  responses: { 200: { description: "The pairing code.", examples: { code: { summary: "A pairing code (illustrative)", value: { code: "ABCD-EFGH" } } } } }
}

export const logoutSession: OperationDoc = {
  summary: "Log a session out",
  what: "Unlinks the device from the phone's account: the session becomes `logged_out`, its WhatsApp credentials are wiped, and it must pair again (`GET …/qr`) to reconnect. Its stored groups and messages stay readable.",
  capability: "manage",
  served: "gateway",
  success: "**204 No Content**.",
  sideEffects: "WhatsApp drops the linked device; the session's status is stored as `logged_out` and a `session.status` event is recorded.",
  idempotency: "Idempotent: logging out a session that is already logged out ends the same way.",
  errors: {
    validation_error: invalid("a malformed session id"),
    forbidden: missing("manage"),
    not_found: sessionNotFound,
    whatsapp_error: whatsappFailed
  }
}

export const deleteSession: OperationDoc = {
  summary: "Delete a session",
  what: "Logs the session out and deletes it with everything stored under it (groups, members, messages). Its id becomes free again.",
  capability: "manage",
  served: "gateway",
  success: "**204 No Content**.",
  sideEffects: "WhatsApp drops the linked device; the session and all its stored data are deleted.",
  idempotency: "Deleting again is **404 `not_found`**: the session is gone.",
  errors: {
    validation_error: invalid("a malformed session id"),
    forbidden: missing("manage"),
    not_found: sessionNotFound,
    whatsapp_error: whatsappFailed
  }
}

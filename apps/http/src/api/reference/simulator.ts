import { envelope, errors } from "./examples.ts"
import { invalid, missing, notConnected, sessionNotFound, sessionOrGroupNotFound } from "./meanings.ts"
import type { ErrorDoc, OperationDoc } from "./Reference.ts"

export const simulatorTag =
  "Controls of the simulated WhatsApp worlds, for tests and demos: the phone scanning, unlinking, and the network failing. Mounted only when the gateway runs with `WAGATE_TRANSPORT=simulator` (the in-process world) or in the sandbox (`npm run sandbox`: the protocol simulator behind the real Baileys client, driven over its control API); on a real transport these paths answer 404. In the simulated worlds every well-formed number exists, except numbers starting `999` (their privacy settings refuse direct adds: an invite is sent) and `000` (not on WhatsApp)."

const refused: ErrorDoc = {
  when:
    "the simulated WhatsApp refused the control (`details.reason`: `simulator_refused`), e.g. the sandbox's simulator has never linked this session: `:link` it first.",
  examples: {
    neverLinked: {
      summary: "The simulator has never linked the session",
      value: envelope(
        "conflict",
        "session bob has never been linked to the simulator (POST …:link first); the simulator refused refuse: no account bob",
        { reason: "simulator_refused" }
      )
    }
  }
}

const simulatorSilent: ErrorDoc = {
  when: "the sandbox's simulator did not answer its control API, or answered in a way the gateway did not expect; nothing changed.",
  examples: {
    simulatorSilent: {
      summary: "The simulator does not answer",
      value: envelope("whatsapp_error", "the simulator at http://127.0.0.1:4100/control/ does not answer")
    }
  }
}

const networkErrors = {
  validation_error: invalid("a malformed session id"),
  forbidden: missing("manage"),
  not_found: sessionNotFound,
  conflict: refused,
  whatsapp_error: simulatorSilent
}

export const link: OperationDoc = {
  summary: "Link a session by the simulated phone (simulator)",
  what:
    "The simulated phone scans the session's current QR code, as a person would with WhatsApp's Linked devices: the session goes `connecting`, then `connected`. `phone` chooses the scanning phone; by default it is the number derived from the session id. In the in-process world a session is connected from the start, so this does nothing.",
  capability: "manage",
  served: "gateway",
  precondition: "The session must not be connected yet (a new session, or one that was logged out).",
  success: "**204 No Content** once the phone has scanned; the session reaches `connected` soon after (watch `GET /sessions/{session}` or the `session.status` events).",
  sideEffects: "The device is linked to the phone's account in the simulator; `session.status` events follow.",
  idempotency: "Not idempotent: a second call on a connected session answers 409.",
  errors: {
    validation_error: invalid("a malformed session id, or a `phone` that is not a phone number or phone JID"),
    forbidden: missing("manage"),
    not_found: sessionNotFound,
    conflict: {
      when: "the session is already connected (`details.reason`: `already_connected`), or the simulator refused the scan (`simulator_refused`).",
      examples: { alreadyConnected: errors.alreadyConnected, ...refused.examples }
    },
    not_implemented: notConnected,
    whatsapp_error: simulatorSilent
  },
  request: {
    derived: { summary: "The phone derived from the session id", value: {} },
    phone: { summary: "A phone of your choice", value: { phone: "+62 812 3456 7890" } }
  }
}

export const disconnect: OperationDoc = {
  summary: "Disconnect a session (simulator)",
  what: "Makes the network refuse the session, as an outage would: it becomes `disconnected` (in the sandbox, reconnecting with backoff) and live actions answer 501 until `:connect`.",
  capability: "manage",
  served: "gateway",
  success: "**204 No Content**.",
  sideEffects: "The session's status changes and a `session.status` event is recorded. Changes to its groups made meanwhile by others are held back.",
  idempotency: "Idempotent: disconnecting a disconnected session changes nothing.",
  errors: networkErrors
}

export const connect: OperationDoc = {
  summary: "Connect a session again (simulator)",
  what: "Lets the network accept the session again: it reconnects and receives what happened to its groups while it was away.",
  capability: "manage",
  served: "gateway",
  success: "**204 No Content**.",
  sideEffects: "The session becomes `connected`, held changes are delivered to the store, and `session.status` and group events are recorded.",
  idempotency: "Idempotent: connecting a connected session changes nothing.",
  errors: networkErrors
}

export const drop: OperationDoc = {
  summary: "Drop a session's connection once (simulator)",
  what: "The server closes the session's socket once, as a network failure would; the session reconnects by itself (`connecting`, then `connected`).",
  capability: "manage",
  served: "gateway",
  success: "**204 No Content**.",
  sideEffects: "`session.status` events for the drop and the reconnection.",
  idempotency: "Each call drops the live connection once; with none live, nothing happens.",
  errors: networkErrors
}

export const unlink: OperationDoc = {
  summary: "Unlink a session from the simulated phone (simulator)",
  what: "The phone removes the linked device, as from WhatsApp's Linked devices: the session becomes `logged_out`, its credentials are wiped, and it must pair again. The in-process world does not model this (501).",
  capability: "manage",
  served: "gateway",
  success: "**204 No Content**.",
  sideEffects: "The session becomes `logged_out`; a `session.status` event is recorded; its stored groups stay.",
  idempotency: "Unlinking an unlinked session changes nothing.",
  errors: {
    ...networkErrors,
    not_implemented: {
      when: "the gateway runs the in-process world (`WAGATE_TRANSPORT=simulator`), which does not unlink devices; the sandbox does.",
      examples: {
        notBuilt: {
          summary: "The in-process world does not unlink",
          value: envelope("not_implemented", "the in-process simulator does not unlink devices; the sandbox (npm run sandbox) does", {
            reason: "not_built"
          })
        }
      }
    }
  }
}

export const receive: OperationDoc = {
  summary: "A virtual user sends the session a message (simulator)",
  what:
    "The user `from` (a phone number on the simulated WhatsApp, whichever) sends the session's account a message: directly, or in `chatJid`, a group both are in. `message` is a send body without `to` (a text, with `replyTo` and `mentions`, a poll, a location, a contact) or an act on an earlier message: a `reaction`, an `edit` or a `delete` of the user's own message, or a `vote` on the session's poll. The session receives it as it would from WhatsApp: it is stored and told as `message.received` (or `message.updated` for an act on a stored message). While the session is offline WhatsApp holds it, and the session receives it when it connects again. The sandbox's simulator sends one contact at a time (several: 501); the in-process world sends several.",
  capability: "manage",
  served: "gateway",
  precondition: "The session must have been linked at least once (it has an account); it need not be connected.",
  success: "**200 OK** with the message's WhatsApp id, `{waMessageId}`.",
  sideEffects: "The message reaches the session (now, or when it connects): `message.received` or `message.updated` follows.",
  idempotency: "Not idempotent: each call sends a new message.",
  errors: {
    validation_error: invalid("a `from` that is not a phone number or phone JID, a `chatJid` that is not a group JID, or a `message` that is not one of the kinds above"),
    forbidden: {
      when: "the caller lacks `manage` (`details.capability`), or the user or the session's account is not in the group `chatJid` (`details.reason`: `not_member`).",
      examples: { missingCapability: errors.missingManage, notMember: errors.notMember }
    },
    not_found: sessionOrGroupNotFound,
    conflict: refused,
    not_implemented: {
      when: "the session has never been linked (`details.reason`: `session_not_connected`), or the sandbox's simulator was asked for several contacts at once (`not_built`).",
      examples: { notConnected: errors.notConnected }
    },
    whatsapp_error: simulatorSilent
  },
  request: {
    text: { summary: "A direct text", value: { from: "6281234567890", message: { type: "text", text: "Hi, is the shop open today?" } } },
    inGroup: {
      summary: "A reply in a group",
      value: { from: "6281234567890", chatJid: "120363000000000001@g.us", message: { type: "text", text: "Agreed", replyTo: "3EB0C431C26A1916F1A2" } }
    },
    reaction: { summary: "A reaction", value: { from: "6281234567890", message: { type: "reaction", targetWaMessageId: "3EB0C431C26A1916F1A2", emoji: "👍" } } },
    vote: { summary: "A vote on the session's poll", value: { from: "6281234567890", message: { type: "vote", pollWaMessageId: "3EB0D2A41F7C90B35E8A6D", selected: ["Dune"] } } }
  },
  responses: {
    200: {
      description: "The message the user sent, by its WhatsApp id.",
      examples: { sent: { summary: "A text sent", value: { waMessageId: "3EB043006E666E8881EEDD" } } }
    }
  }
}

import { errors } from "./examples.ts"
import { invalid, missing, sessionNotFound } from "./meanings.ts"
import type { OperationDoc } from "./Reference.ts"

export const simulatorTag =
  "Controls of the simulated WhatsApp world, for tests and demos. Mounted only when the gateway runs with `WAGATE_TRANSPORT=simulator`; on a real transport these paths answer 404. In the simulated world every well-formed number exists, except numbers starting `999` (their privacy settings refuse direct adds: an invite is sent) and `000` (not on WhatsApp)."

export const disconnect: OperationDoc = {
  summary: "Disconnect a session (simulator)",
  what: "Makes the network refuse the session, as an outage would: it becomes `disconnected` and live actions answer 501 until `:connect`.",
  capability: "manage",
  served: "gateway",
  success: "**204 No Content**.",
  sideEffects: "The session's status becomes `disconnected`; a `session.status` event is recorded. Changes to its groups made meanwhile by others are held back.",
  idempotency: "Idempotent: disconnecting a disconnected session changes nothing.",
  errors: { validation_error: invalid("a malformed session id"), forbidden: missing("manage"), not_found: sessionNotFound }
}

export const connect: OperationDoc = {
  summary: "Connect a session again (simulator)",
  what: "Lets the network accept the session again: it reconnects and receives what happened to its groups while it was away.",
  capability: "manage",
  served: "gateway",
  success: "**204 No Content**.",
  sideEffects: "The session becomes `connected`, held changes are delivered to the store, and `session.status` and group events are recorded.",
  idempotency: "Idempotent: connecting a connected session changes nothing.",
  errors: {
    validation_error: invalid("a malformed session id"),
    forbidden: missing("manage"),
    not_found: { ...sessionNotFound, examples: { sessionNotFound: errors.sessionNotFound } }
  }
}

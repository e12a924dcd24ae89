import { Schema } from "effect"
import { SessionId } from "../domain/Ids.ts"

/** `POST /sessions` body: an optional id (a ULID when omitted) and display name. */
export const CreateSessionInput = Schema.Struct({
  id: Schema.optionalKey(SessionId.annotate({ description: "The session's id, unique across the gateway; a ULID is chosen when omitted." })),
  name: Schema.optionalKey(
    Schema.NullOr(Schema.String.pipe(Schema.check(Schema.isMaxLength(255)))).annotate({ description: "A display name for people, up to 255 characters." })
  )
}).annotate({ description: "A new session: its id and name, both optional." })
export type CreateSessionInput = typeof CreateSessionInput.Encoded

export const SessionRef = Schema.Struct({ sessionId: SessionId })

import { Schema } from "effect"
import { SessionId } from "../domain/Ids.ts"

/** `POST /sessions` body: an optional id (a ULID when omitted) and display name. */
/** `POST /sessions` body. */
export const CreateSessionInput = Schema.Struct({
  id: Schema.optionalKey(SessionId),
  name: Schema.optionalKey(Schema.NullOr(Schema.String.pipe(Schema.check(Schema.isMaxLength(255)))))
})
export type CreateSessionInput = typeof CreateSessionInput.Encoded

export const SessionRef = Schema.Struct({ sessionId: SessionId })

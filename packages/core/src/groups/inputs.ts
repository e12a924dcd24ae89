import { Schema } from "effect"
import { GroupSettingsPatch } from "../domain/Group.ts"
import { SessionId } from "../domain/Ids.ts"
import { GroupJidInput, UserJidInput } from "../domain/Jid.ts"

const Subject = Schema.String.pipe(
  Schema.check(Schema.makeFilter((s: string) => s.trim().length > 0 || "must not be empty")),
  Schema.check(Schema.isMaxLength(100))
)
const Description = Schema.String.pipe(Schema.check(Schema.isMaxLength(2048)))

/** A non-empty list of user JIDs (phone numbers accepted), at most 1024, without duplicates after normalising. */
export const Participants = Schema.Array(UserJidInput).pipe(
  Schema.check(Schema.isBetweenLength(1, 1024, { message: "must list 1 to 1024 participants" })),
  Schema.check(Schema.isUnique({ message: "must not list a participant twice" }))
)

export const GroupRef = Schema.Struct({ sessionId: SessionId, groupJid: GroupJidInput })

/** `POST /groups` body. */
export const CreateGroupBody = Schema.Struct({
  name: Subject,
  participants: Participants,
  description: Schema.optionalKey(Description),
  settings: Schema.optionalKey(GroupSettingsPatch)
})
export const CreateGroupInput = Schema.Struct({ ...CreateGroupBody.fields, sessionId: SessionId })

/** `PATCH /groups/{gid}` body; `description: null` clears it. */
export const UpdateGroupBody = Schema.Struct({
  subject: Schema.optionalKey(Subject),
  description: Schema.optionalKey(Schema.NullOr(Description)),
  settings: Schema.optionalKey(GroupSettingsPatch)
})
export const UpdateGroupInput = Schema.Struct({ ...UpdateGroupBody.fields, sessionId: SessionId, groupJid: GroupJidInput })

/**
 * Merges path parameters into a body. A body that is not an object is passed on as it is, for the decoder to
 * refuse as a whole; the input schema declares the path's keys, so they are never unknown fields.
 */
export const withPath = (body: unknown, path: Record<string, string>): unknown =>
  typeof body === "object" && body !== null && !Array.isArray(body) ? { ...body, ...path } : body

import { Schema } from "effect"
import { GroupSettingsPatch } from "../domain/Group.ts"
import { SessionId } from "../domain/Ids.ts"
import { GroupJidInput, UserJidInput } from "../domain/Jid.ts"

const Subject = Schema.String.annotate({ description: "The group's name, as every member sees it: 1 to 100 characters, not only spaces." }).pipe(
  Schema.check(Schema.makeFilter((s: string) => s.trim().length > 0 || "must not be empty")),
  Schema.check(Schema.isMaxLength(100))
)
const Description = Schema.String.annotate({ description: "The group's description, up to 2048 characters." }).pipe(
  Schema.check(Schema.isMaxLength(2048))
)

/**
 * A non-empty list of user JIDs (phone numbers accepted), at most 1024, without duplicates after normalising;
 * `description` is what the reference says of it where it is used.
 */
export const participantList = (description: string) =>
  Schema.Array(UserJidInput).annotate({ description }).pipe(
    Schema.check(Schema.isBetweenLength(1, 1024, { message: "must list 1 to 1024 participants" })),
    Schema.check(Schema.isUnique({ message: "must not list a participant twice" }))
  )

export const Participants = participantList("1 to 1024 users, each a JID or a phone number, none twice.")

export const GroupRef = Schema.Struct({ sessionId: SessionId, groupJid: GroupJidInput })

/** `POST /groups` body. */
export const CreateGroupBody = Schema.Struct({
  name: Subject,
  participants: participantList(
    "The first members: 1 to 1024 users (JIDs or phone numbers), none twice; the session's own account is the owner and need not be listed."
  ),
  description: Schema.optionalKey(Description),
  settings: Schema.optionalKey(GroupSettingsPatch)
}).annotate({ description: "A new group: its name, first members, and optionally a description and settings." })
export const CreateGroupInput = Schema.Struct({ ...CreateGroupBody.fields, sessionId: SessionId })

/** `PATCH /groups/{gid}` body; `description: null` clears it. */
export const UpdateGroupBody = Schema.Struct({
  subject: Schema.optionalKey(Subject),
  description: Schema.optionalKey(
    Schema.NullOr(Description).annotate({ description: "The new description, up to 2048 characters; `null` clears it." })
  ),
  settings: Schema.optionalKey(GroupSettingsPatch)
}).annotate({ description: "What to change; fields left out stay as they are." })
export const UpdateGroupInput = Schema.Struct({ ...UpdateGroupBody.fields, sessionId: SessionId, groupJid: GroupJidInput })

/**
 * Merges path parameters into a body. A body that is not an object is passed on as it is, for the decoder to
 * refuse as a whole; the input schema declares the path's keys, so they are never unknown fields.
 */
export const withPath = (body: unknown, path: Record<string, string>): unknown =>
  typeof body === "object" && body !== null && !Array.isArray(body) ? { ...body, ...path } : body

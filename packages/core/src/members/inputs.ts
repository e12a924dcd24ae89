import { Schema } from "effect"
import { SessionId } from "../domain/Ids.ts"
import { GroupJidInput, UserJidInput } from "../domain/Jid.ts"
import { Participants } from "../groups/inputs.ts"

/** `{participants}`: the body of member, admin and join-request actions. */
export const ParticipantsBody = Schema.Struct({ participants: Participants }).annotate({
  description: "The users a bulk action applies to."
})
export const ParticipantsInput = Schema.Struct({ ...ParticipantsBody.fields, sessionId: SessionId, groupJid: GroupJidInput })

export const MemberRef = Schema.Struct({ sessionId: SessionId, groupJid: GroupJidInput, jid: UserJidInput })

import { Schema } from "effect"
import { SessionId } from "../domain/Ids.ts"
import { GroupJidInput, UserJidInput } from "../domain/Jid.ts"
import { Participants } from "../groups/inputs.ts"

export const ParticipantsInput = Schema.Struct({ sessionId: SessionId, groupJid: GroupJidInput, participants: Participants })

export const MemberRef = Schema.Struct({ sessionId: SessionId, groupJid: GroupJidInput, jid: UserJidInput })

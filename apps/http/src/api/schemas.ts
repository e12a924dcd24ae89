import {
  Community as CoreCommunity,
  CreateApiKeyBody,
  CreateCommunityBody,
  CreatedCommunity as CoreCreatedCommunity,
  CreateGroupBody,
  CreateSessionInput,
  Group as CoreGroup,
  GroupJid,
  Invite,
  JoinGroupBody,
  JoinRequest as CoreJoinRequest,
  LinkGroupBody,
  Member as CoreMember,
  PairingCodeBody,
  ParticipantResult as CoreParticipantResult,
  ParticipantsBody,
  SendPayload,
  SendResult as CoreSendResult,
  Session,
  UpdateGroupBody
} from "@wagate/core"
import { Schema } from "effect"

/**
 * The bodies and results of the API as they are on the wire, each named (`identifier`) so the OpenAPI document
 * shows it as a component and generated clients get a type by that name.
 */

/** The `List` envelope: `nextCursor` is `""` on the last page. */
export const ListOf = <S extends Schema.Top>(item: S, identifier: string) =>
  Schema.Struct({ items: Schema.Array(item), nextCursor: Schema.String }).annotate({ identifier })

/** `?limit=1..1000&cursor=`; the use-cases check the range, so a bad value gets the same error everywhere. */
export const PageQuery = {
  limit: Schema.optional(Schema.FiniteFromString),
  cursor: Schema.optional(Schema.String)
}

/**
 * A request body as callers send it: the core's body schema on its encoded side (phone numbers where users go,
 * untrimmed strings), which the use-case then decodes itself.
 */
const body = <S extends Schema.Top>(schema: S, identifier: string) => Schema.toEncoded(schema).annotate({ identifier })

export const CreateSessionJson = body(CreateSessionInput, "CreateSessionBody")
export const PairingCodeRequestJson = body(PairingCodeBody, "PairingCodeBody")
export const CreateGroupJson = body(CreateGroupBody, "CreateGroupBody")
export const UpdateGroupJson = body(UpdateGroupBody, "UpdateGroupBody")
export const JoinGroupJson = body(JoinGroupBody, "JoinGroupBody")
export const ParticipantsJson = body(ParticipantsBody, "ParticipantsBody")
export const CreateCommunityJson = body(CreateCommunityBody, "CreateCommunityBody")
export const LinkGroupJson = body(LinkGroupBody, "LinkGroupBody")
export const SendMessageJson = body(SendPayload, "SendMessageBody")
export const CreateApiKeyJson = body(CreateApiKeyBody, "CreateApiKeyBody")

/** A session as callers see it: its organisation is implied by who asks. */
export const SessionJson = Session.mapFields(({ orgId: _orgId, ...fields }) => fields).annotate({ identifier: "Session" })

export const Group = CoreGroup.annotate({ identifier: "Group" })
export const Member = CoreMember.annotate({ identifier: "Member" })
export const Community = CoreCommunity.annotate({ identifier: "Community" })
export const CreatedCommunity = CoreCreatedCommunity.annotate({ identifier: "CreatedCommunity" })
export const JoinRequest = CoreJoinRequest.annotate({ identifier: "JoinRequest" })
export const SendResult = CoreSendResult.annotate({ identifier: "SendResult" })
export const ParticipantResult = CoreParticipantResult.annotate({ identifier: "ParticipantResult" })

export const ParticipantResults = Schema.Struct({ items: Schema.Array(ParticipantResult) }).annotate({ identifier: "ParticipantResults" })

export const InviteJson = Invite.annotate({ identifier: "Invite" })
export const JoinResult = Schema.Struct({
  groupJid: GroupJid,
  /** True when the group needs approval: a request was queued and the session is not a member yet. */
  pendingApproval: Schema.Boolean
}).annotate({ identifier: "JoinResult" })
export const InvitePreviewJson = Schema.Struct({
  groupJid: GroupJid,
  subject: Schema.String,
  description: Schema.NullOr(Schema.String),
  size: Schema.Int
}).annotate({ identifier: "InvitePreview" })
export const QrJson = Schema.Struct({ qr: Schema.String, expiresAt: Schema.String }).annotate({ identifier: "Qr" })
export const PairingCodeJson = Schema.Struct({ code: Schema.String }).annotate({ identifier: "PairingCode" })

export const ApiKeyJson = Schema.Struct({
  id: Schema.String,
  name: Schema.NullOr(Schema.String),
  capabilities: Schema.Array(Schema.Literals(["read", "send", "manage"])),
  createdAt: Schema.String,
  lastUsedAt: Schema.NullOr(Schema.String),
  revokedAt: Schema.NullOr(Schema.String)
}).annotate({ identifier: "ApiKey" })
export const CreatedApiKeyJson = Schema.Struct({
  id: Schema.String,
  key: Schema.String,
  name: Schema.NullOr(Schema.String),
  capabilities: Schema.Array(Schema.Literals(["read", "send", "manage"])),
  createdAt: Schema.String
}).annotate({ identifier: "CreatedApiKey" })

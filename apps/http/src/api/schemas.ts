import {
  Community,
  CreatedCommunity,
  Group,
  GroupJid,
  Invite,
  JoinRequest,
  Member,
  ParticipantResult,
  SendResult,
  Session
} from "@wagate/core"
import { Schema } from "effect"

/** The `List` envelope: `nextCursor` is `""` on the last page. */
export const ListOf = <S extends Schema.Top>(item: S) => Schema.Struct({ items: Schema.Array(item), nextCursor: Schema.String })

/** `?limit=1..1000&cursor=`; the use-cases check the range, so a bad value gets the same error everywhere. */
export const PageQuery = {
  limit: Schema.optional(Schema.FiniteFromString),
  cursor: Schema.optional(Schema.String)
}

/** A session as callers see it: its organisation is implied by who asks. */
export const SessionJson = Session.mapFields(({ orgId: _orgId, ...fields }) => fields)

export const ParticipantResults = Schema.Struct({ items: Schema.Array(ParticipantResult) })

export const InviteJson = Invite
export const JoinResult = Schema.Struct({
  groupJid: GroupJid,
  /** True when the group needs approval: a request was queued and the session is not a member yet. */
  pendingApproval: Schema.Boolean
})
export const InvitePreviewJson = Schema.Struct({
  groupJid: GroupJid,
  subject: Schema.String,
  description: Schema.NullOr(Schema.String),
  size: Schema.Int
})
export const QrJson = Schema.Struct({ qr: Schema.String, expiresAt: Schema.String })
export const PairingCodeJson = Schema.Struct({ code: Schema.String })

export const ApiKeyJson = Schema.Struct({
  id: Schema.String,
  name: Schema.NullOr(Schema.String),
  capabilities: Schema.Array(Schema.Literals(["read", "send", "manage"])),
  createdAt: Schema.String,
  lastUsedAt: Schema.NullOr(Schema.String),
  revokedAt: Schema.NullOr(Schema.String)
})
export const CreatedApiKeyJson = Schema.Struct({
  id: Schema.String,
  key: Schema.String,
  name: Schema.NullOr(Schema.String),
  capabilities: Schema.Array(Schema.Literals(["read", "send", "manage"])),
  createdAt: Schema.String
})

export { Community, CreatedCommunity, Group, JoinRequest, Member, ParticipantResult, SendResult }

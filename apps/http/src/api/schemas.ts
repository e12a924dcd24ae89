import {
  Capability,
  Community as CoreCommunity,
  CreateApiKeyBody,
  CreateCommunityBody,
  CreatedCommunity as CoreCreatedCommunity,
  CreateGroupBody,
  Event as CoreEvent,
  CreateSessionInput,
  DeliveryAttempt,
  EventTypeSchema,
  Group as CoreGroup,
  GroupJid,
  Invite,
  JoinGroupBody,
  JoinRequest as CoreJoinRequest,
  LinkGroupBody,
  Member as CoreMember,
  PairingCodeBody,
  MarkReadBody,
  PresenceBody,
  ParticipantResult as CoreParticipantResult,
  ParticipantsBody,
  RegisterWebhookBody,
  SendPayload,
  SendResult as CoreSendResult,
  Session,
  Timestamp,
  UpdateGroupBody,
  WebhookId
} from "@wagate/core"
import { Schema } from "effect"

/**
 * The bodies and results of the API as they are on the wire, each named (`identifier`) so the OpenAPI document
 * shows it as a component and generated clients get a type by that name.
 */

/** The `List` envelope: `nextCursor` is `""` on the last page. */
export const ListOf = <S extends Schema.Top>(item: S, identifier: string) =>
  Schema.Struct({
    items: Schema.Array(item).annotate({ description: "This page's items." }),
    nextCursor: Schema.String.annotate({
      description: "Pass as `?cursor=` for the next page; `\"\"` on the last page.",
      examples: ["", "eyJrIjoiYWxpY2UifQ"]
    })
  }).annotate({ identifier, description: "A page of a list, in a stable order." })

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
export const PresenceJson = body(PresenceBody, "PresenceBody")
export const MarkReadJson = body(MarkReadBody, "MarkReadBody")
export const CreateApiKeyJson = body(CreateApiKeyBody, "CreateApiKeyBody")
export const RegisterWebhookJson = body(RegisterWebhookBody, "RegisterWebhookBody")

/** A session as callers see it: its organisation is implied by who asks. */
export const SessionJson = Session.mapFields(({ orgId: _orgId, ...fields }) => fields).annotate({
  identifier: "Session",
  description: "One attached WhatsApp number, owned by the organisation that created it."
})

export const Group = CoreGroup.annotate({ identifier: "Group" })
export const Member = CoreMember.annotate({ identifier: "Member" })
export const Community = CoreCommunity.annotate({ identifier: "Community" })
export const CreatedCommunity = CoreCreatedCommunity.annotate({ identifier: "CreatedCommunity" })
export const JoinRequest = CoreJoinRequest.annotate({ identifier: "JoinRequest" })
export const SendResult = CoreSendResult.annotate({ identifier: "SendResult" })
export const EventJson = CoreEvent.annotate({ identifier: "Event" })
export const ParticipantResult = CoreParticipantResult.annotate({ identifier: "ParticipantResult" })

export const ParticipantResults = Schema.Struct({
  items: Schema.Array(ParticipantResult).annotate({ description: "One result per participant of the request, in its order." })
}).annotate({ identifier: "ParticipantResults", description: "What happened to each participant of a bulk action." })

export const InviteJson = Invite.annotate({ identifier: "Invite" })
export const JoinResult = Schema.Struct({
  groupJid: GroupJid.annotate({ description: "The group the invite leads to." }),
  /** True when the group needs approval: a request was queued and the session is not a member yet. */
  pendingApproval: Schema.Boolean.annotate({
    description: "`true` when the group needs an admin's approval: a request was queued and the session is not a member yet."
  })
}).annotate({ identifier: "JoinResult", description: "The group joined (or asked to join) by invite." })
export const RefreshSummaryJson = Schema.Struct({
  groups: Schema.Int.annotate({ description: "How many groups WhatsApp listed for the session (all of them re-read into the store)." }),
  changed: Schema.Int.annotate({ description: "How many of them had changed in the store, each with its `group.updated` event." }),
  left: Schema.Int.annotate({
    description: "How many stored groups WhatsApp no longer lists for the session: now marked `left: true`, each with its `group.updated` event."
  })
}).annotate({ identifier: "GroupsRefreshed", description: "What a resync of all the session's groups did." })
export const InvitePreviewJson = Schema.Struct({
  groupJid: GroupJid.annotate({ description: "The group the invite leads to." }),
  subject: Schema.String.annotate({ description: "The group's name." }),
  description: Schema.NullOr(Schema.String).annotate({ description: "The group's description; `null` when it has none." }),
  size: Schema.Int.annotate({ description: "How many members the group has." })
}).annotate({ identifier: "InvitePreview", description: "What an invite leads to, seen without joining." })
export const QrJson = Schema.Struct({
  qr: Schema.String.annotate({ description: "The string the QR code encodes: render it as a QR code, or ask for `image/png`." }),
  expiresAt: Schema.String.annotate({ format: "date-time", description: "When WhatsApp replaces this code (about 20 s after it was issued)." })
}).annotate({ identifier: "Qr", description: "A QR code that links a phone to the session when scanned in WhatsApp." })
export const PairingCodeJson = Schema.Struct({
  code: Schema.String.annotate({
    description: "The code to type on the phone (WhatsApp → Linked devices → Link with phone number).",
    examples: ["ABCD-EFGH"]
  })
}).annotate({ identifier: "PairingCode", description: "A code that links the phone when typed in WhatsApp." })

const capabilities = Schema.Array(Capability).annotate({ description: "What the key may do." })
const keyName = Schema.NullOr(Schema.String).annotate({ description: "The name given at creation; `null` when none was." })
const keyId = Schema.String.annotate({ description: "The key's id, used to revoke it; not the key itself.", examples: ["01M8RC1V69TWPNB48V344S8J29"] })

export const ApiKeyJson = Schema.Struct({
  id: keyId,
  name: keyName,
  capabilities,
  createdAt: Timestamp.annotate({ description: "When the key was created." }),
  lastUsedAt: Schema.NullOr(Timestamp).annotate({ description: "When the key last authenticated a request; `null` if never." }),
  revokedAt: Schema.NullOr(Timestamp).annotate({ description: "When the key was revoked; `null` while it works." })
}).annotate({ identifier: "ApiKey", description: "An api key's record; the key itself is never shown again after creation." })
export const CreatedApiKeyJson = Schema.Struct({
  id: keyId,
  key: Schema.String.annotate({
    description: "The key: send it as `Authorization: Bearer <key>`. Shown in this response only; wagate keeps only its SHA-256 hash.",
    examples: ["wgk_MA70FL-VRvngLki-faR-ghpT2PBtNe_uQc24FDGWAQU"]
  }),
  name: keyName,
  capabilities,
  createdAt: Timestamp.annotate({ description: "When the key was created." })
}).annotate({ identifier: "CreatedApiKey", description: "A new api key, with the key itself (shown this once)." })

const webhookFields = {
  id: WebhookId.annotate({ description: "The webhook's id (`wh_…`)." }),
  url: Schema.String.annotate({ description: "Where deliveries are POSTed.", examples: ["https://example.com/wagate/events"] }),
  events: Schema.Array(EventTypeSchema).annotate({ description: "The event types delivered." }),
  createdAt: Timestamp.annotate({ description: "When the webhook was registered." })
}

export const WebhookJson = Schema.Struct(webhookFields).annotate({
  identifier: "Webhook",
  description: "A registered webhook; its secret is never shown again after registration."
})
export const RegisteredWebhookJson = Schema.Struct({
  id: webhookFields.id,
  url: webhookFields.url,
  events: webhookFields.events,
  secret: Schema.String.annotate({
    description: "The HMAC-SHA256 key deliveries are signed with (`Wagate-Signature`). Shown in this response only.",
    examples: ["whsec_3q2-7wBf1QdFhX4jz0PqvT8yk6mLr5sN9cUaEeGiHoI"]
  }),
  createdAt: webhookFields.createdAt
}).annotate({ identifier: "RegisteredWebhook", description: "A new webhook, with its signing secret (shown this once)." })
export const WebhookDeliveryJson = DeliveryAttempt.annotate({
  identifier: "WebhookDelivery",
  description:
    "One delivery attempt: the event, the attempt's number (from 1), what became of it (`succeeded`, `retrying`, `failed`), the receiver's status code (`null` when it did not answer) and the error (`null` on success), and when it was made."
})

import { Schema } from "effect"
import { ApiKeyId, OrgId, Timestamp } from "./Ids.ts"
import { Capability } from "./Principal.ts"

/** An api key record; the key itself is never stored, only its SHA-256 hash. */
export const ApiKey = Schema.Struct({
  id: ApiKeyId,
  orgId: OrgId,
  name: Schema.NullOr(Schema.String),
  capabilities: Schema.Array(Capability),
  createdAt: Timestamp,
  lastUsedAt: Schema.NullOr(Timestamp),
  revokedAt: Schema.NullOr(Timestamp)
})
export type ApiKey = typeof ApiKey.Type

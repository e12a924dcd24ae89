import { Context, type Effect, type Option } from "effect"
import type { ApiKey } from "../../domain/ApiKey.ts"
import type { StoreUnavailable } from "../../domain/errors.ts"
import type { ApiKeyId, OrgId, Timestamp } from "../../domain/Ids.ts"
import type { PageQuery, PageResult } from "../../domain/Page.ts"

/** Api key records; only the SHA-256 hash of a key is stored. */
export class ApiKeyStore extends Context.Service<ApiKeyStore, {
  readonly insert: (key: ApiKey, hash: string) => Effect.Effect<void, StoreUnavailable>
  readonly findByHash: (hash: string) => Effect.Effect<Option.Option<ApiKey>, StoreUnavailable>
  /** Any organisation's key by id, for the operator's CLI; never serves an API caller. */
  readonly findById: (id: ApiKeyId) => Effect.Effect<Option.Option<ApiKey>, StoreUnavailable>
  readonly list: (orgId: OrgId, page: PageQuery) => Effect.Effect<PageResult<ApiKey>, StoreUnavailable>
  /** Revokes the organisation's key; `None` when it has no such key. */
  readonly revoke: (orgId: OrgId, id: ApiKeyId, at: Timestamp) => Effect.Effect<Option.Option<ApiKey>, StoreUnavailable>
  readonly touch: (id: ApiKeyId, at: Timestamp) => Effect.Effect<void, StoreUnavailable>
}>()("@wagate/core/ApiKeyStore") {}

import { Effect, Option, Schema } from "effect"
import type { ApiKey } from "../domain/ApiKey.ts"
import { MissingCapability, NotFound } from "../domain/errors.ts"
import { ApiKeyId } from "../domain/Ids.ts"
import { Capability, type Principal } from "../domain/Principal.ts"
import { requireCapability } from "../access/capability.ts"
import { type PageInput, toPage, toPageQuery } from "../access/paging.ts"
import { decodeInput } from "../access/validate.ts"
import { IdGenerator } from "../ports/IdGenerator.ts"
import { now } from "../ports/Now.ts"
import { ApiKeyStore } from "../ports/store/ApiKeyStore.ts"
import { hashApiKey, newApiKey } from "./keyMaterial.ts"

/** `POST /api-keys` body. */
export const CreateApiKeyBody = Schema.Struct({
  name: Schema.optionalKey(
    Schema.NullOr(Schema.String.pipe(Schema.check(Schema.isMaxLength(255)))).annotate({
      description: "A name for people (what uses the key), up to 255 characters."
    })
  ),
  capabilities: Schema.Array(Capability).annotate({
    description: "What the key may do: 1 to 3 of `read`, `send`, `manage`, none twice, and none the caller lacks."
  }).pipe(
    Schema.check(Schema.isBetweenLength(1, 3, { message: "must list 1 to 3 of read, send, manage" })),
    Schema.check(Schema.isUnique({ message: "must not list a capability twice" }))
  )
}).annotate({ description: "A new api key: its capabilities and an optional name." })

const decodeCreate = decodeInput(CreateApiKeyBody)
const decodeId = decodeInput(Schema.Struct({ id: ApiKeyId }))

/** A new key with the record it belongs to; the key is shown here and never again. */
export interface CreatedApiKey extends ApiKey {
  readonly key: string
}

/** Mints an api key for the caller's organisation; nobody can mint capabilities they lack. */
export const createApiKey = Effect.fn("apiKeys.create")(function*(principal: Principal, input: unknown) {
  const body = yield* decodeCreate(input)
  yield* requireCapability(principal, "manage")
  const missing = body.capabilities.find((capability) => !principal.capabilities.includes(capability))
  if (missing !== undefined) {
    return yield* new MissingCapability({ capability: missing })
  }
  const key = yield* newApiKey
  const record: ApiKey = {
    id: ApiKeyId.make(yield* (yield* IdGenerator).next),
    orgId: principal.orgId,
    name: body.name ?? null,
    capabilities: body.capabilities,
    createdAt: yield* now,
    lastUsedAt: null,
    revokedAt: null
  }
  const keys = yield* ApiKeyStore
  yield* keys.insert(record, yield* hashApiKey(key))
  const created: CreatedApiKey = { ...record, key }
  return created
})

/** The organisation's keys, without the keys themselves. */
export const listApiKeys = Effect.fn("apiKeys.list")(function*(principal: Principal, page?: PageInput) {
  const query = yield* toPageQuery(page)
  yield* requireCapability(principal, "manage")
  const keys = yield* ApiKeyStore
  return toPage(yield* keys.list(principal.orgId, query))
})

/** Revokes one of the organisation's keys at once; another organisation's key is not found. */
export const revokeApiKey = Effect.fn("apiKeys.revoke")(function*(principal: Principal, id: string) {
  const ref = yield* decodeId({ id })
  yield* requireCapability(principal, "manage")
  const keys = yield* ApiKeyStore
  const revoked = yield* keys.revoke(principal.orgId, ref.id, yield* now)
  if (Option.isNone(revoked)) {
    return yield* new NotFound({ resource: "api_key", id: ref.id })
  }
})

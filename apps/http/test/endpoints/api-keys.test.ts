import { assert, describe, layer } from "@effect/vitest"
import { MissingCapability, OrgId, type Principal } from "@wagate/core"
import { Effect } from "effect"
import { allPages, api, expectError, expectJson, expectList, expectNoContent } from "../support/endpoints.ts"
import { clientFor, raw, TestGateway, testOptions, tokens } from "../support/gateway.ts"

/** A caller that may manage but not send: it can mint keys, but never a key that sends. */
const acmeManager = "tok-acme-manager"
const manager: Principal = { orgId: OrgId.make("acme"), capabilities: ["read", "manage"] }

const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/

interface KeyRow {
  readonly id: string
  readonly revokedAt: string | null
}

describe("api keys", () => {
  layer(TestGateway({ ...testOptions, auth: { devTokens: new Map([...testOptions.auth.devTokens, [acmeManager, manager]]) } }))((it) => {
    it.effect("POST /api-keys is 201 and shows the wgk_ key once; GET /api-keys lists it without the key", () =>
      Effect.gen(function*() {
        const client = yield* clientFor(tokens.acme)
        const [created, response] = yield* client.apiKeys.create({
          payload: { name: "ci", capabilities: ["read", "send"] },
          responseMode: "decoded-and-response"
        })
        assert.strictEqual(response.status, 201)
        assert.match(created.key, /^wgk_[A-Za-z0-9_-]{20,}$/)
        assert.strictEqual(created.name, "ci")
        assert.deepStrictEqual(created.capabilities, ["read", "send"])
        assert.match(created.createdAt, ISO)

        const raw201 = expectJson(yield* raw("POST", api("/api-keys"), { json: { capabilities: ["read"] } }), 201)
        assert.deepStrictEqual(Object.keys(raw201 as object).sort(), ["capabilities", "createdAt", "id", "key", "name"])
        assert.isNull((raw201 as { name: unknown }).name)

        const list = expectList(yield* raw("GET", api("/api-keys?limit=1000")))
        const row = list.items.find((k) => (k as KeyRow).id === created.id)
        assert.isDefined(row)
        assert.notProperty(row, "key", "a key is shown only when it is created")
        assert.notProperty(row, "hash")
        assert.isNull((row as KeyRow).revokedAt)
        assert.notInclude(JSON.stringify(list.items), created.key)

        const typed = yield* client.apiKeys.list({ query: {} })
        assert.include(typed.items.map((k) => k.id), created.id)
      }))

    it.effect("GET /api-keys pages with limit and cursor and shows only the caller's organisation", () =>
      Effect.gen(function*() {
        const client = yield* clientFor(tokens.acme)
        for (let i = 0; i < 3; i++) yield* client.apiKeys.create({ payload: { capabilities: ["read"] } })
        const theirs = yield* (yield* clientFor(tokens.globex)).apiKeys.create({ payload: { capabilities: ["read"] } })

        const whole = expectList(yield* raw("GET", api("/api-keys?limit=1000")))
        assert.strictEqual(whole.nextCursor, "")
        assert.notInclude(whole.items.map((k) => (k as KeyRow).id), theirs.id)
        const pages = yield* allPages(api("/api-keys"), 2)
        assert.isAtLeast(pages.length, 2)
        assert.deepStrictEqual(pages.flat(), whole.items)
      }))

    it.effect("DELETE /api-keys/{id} is 204 with an empty body and marks the key revoked; unknown or foreign ids are 404", () =>
      Effect.gen(function*() {
        const client = yield* clientFor(tokens.acme)
        const created = yield* client.apiKeys.create({ payload: { name: "short-lived", capabilities: ["read"] } })
        expectNoContent(yield* raw("DELETE", api(`/api-keys/${created.id}`)))
        const row = (yield* client.apiKeys.list({ query: { limit: 1000 } })).items.find((k) => k.id === created.id)
        assert.isString(row?.revokedAt)

        const another = yield* client.apiKeys.create({ payload: { capabilities: ["read"] } })
        const [, response] = yield* client.apiKeys.revoke({ params: { id: another.id }, responseMode: "decoded-and-response" })
        assert.strictEqual(response.status, 204)

        yield* expectError(yield* raw("DELETE", api("/api-keys/no-such-key")), 404, "not_found")
        const foreign = yield* client.apiKeys.create({ payload: { capabilities: ["read"] } })
        yield* expectError(yield* raw("DELETE", api(`/api-keys/${foreign.id}`), { token: tokens.globex }), 404, "not_found")
        const stillLive = (yield* client.apiKeys.list({ query: { limit: 1000 } })).items.find((k) => k.id === foreign.id)
        assert.strictEqual(stillLive?.revokedAt, null, "another organisation cannot revoke it")
      }))

    it.effect("a caller cannot mint a capability it lacks: 403 forbidden naming the capability", () =>
      Effect.gen(function*() {
        const minted = expectJson(
          yield* raw("POST", api("/api-keys"), { json: { capabilities: ["read", "manage"] }, token: acmeManager }),
          201
        )
        assert.deepStrictEqual((minted as { capabilities: unknown }).capabilities, ["read", "manage"])

        const error = yield* expectError(
          yield* raw("POST", api("/api-keys"), { json: { capabilities: ["read", "send"] }, token: acmeManager }),
          403,
          "forbidden"
        )
        assert.deepStrictEqual(error.details, { capability: "send" })

        const typed = yield* Effect.flip((yield* clientFor(acmeManager)).apiKeys.create({ payload: { capabilities: ["send"] } }))
        assert.deepStrictEqual(typed, new MissingCapability({ capability: "send" }))
      }))

    it.effect("api keys need manage: a sender or a reader gets 403 on create, list and delete", () =>
      Effect.gen(function*() {
        const created = yield* (yield* clientFor(tokens.acme)).apiKeys.create({ payload: { capabilities: ["read"] } })
        for (const token of [tokens.acmeSender, tokens.acmeReader]) {
          const onCreate = yield* expectError(
            yield* raw("POST", api("/api-keys"), { json: { capabilities: ["read"] }, token }),
            403,
            "forbidden"
          )
          assert.deepStrictEqual(onCreate.details, { capability: "manage" })
          yield* expectError(yield* raw("GET", api("/api-keys"), { token }), 403, "forbidden")
          yield* expectError(yield* raw("DELETE", api(`/api-keys/${created.id}`), { token }), 403, "forbidden")
        }
      }))

    it.effect("POST /api-keys with bad capabilities or name is 400 naming the field", () =>
      Effect.gen(function*() {
        const post = (json: unknown) => raw("POST", api("/api-keys"), { json })
        yield* expectError(yield* post({ capabilities: [] }), 400, "validation_error", ["capabilities"])
        yield* expectError(yield* post({ capabilities: ["read", "read"] }), 400, "validation_error", ["capabilities"])
        yield* expectError(yield* post({ capabilities: ["admin"] }), 400, "validation_error", ["capabilities"])
        yield* expectError(yield* post({}), 400, "validation_error", ["capabilities"])
        yield* expectError(yield* post({ name: "x".repeat(256), capabilities: ["read"] }), 400, "validation_error", ["name"])
      }))
  })
})

import { assert, describe, it } from "@effect/vitest"
import { Effect } from "effect"
import { exportJWK, generateKeyPair, SignJWT } from "jose"
import { createServer, type Server } from "node:http"
import type { AddressInfo } from "node:net"
import { captureLogs } from "./platform/fixtures.ts"
import { raw, TestGateway, testOptions, tokens } from "./support/gateway.ts"

const errorOf = (json: unknown) => (json as { error: { code: string; details?: { reason?: string } } }).error

/** Mints a key through the API as the acme dev token and answers the key. */
const mint = (capabilities: ReadonlyArray<string>, token: string = tokens.acme) =>
  Effect.gen(function*() {
    const created = yield* raw("POST", "/api/v1/api-keys", { token, json: { capabilities } })
    assert.strictEqual(created.status, 201, created.text)
    return created.json as { id: string; key: string }
  })

describe("api keys as bearer tokens", () => {
  it.effect("each capability allows exactly its endpoints; a revoked key is refused at once; other orgs see 404", () =>
    Effect.gen(function*() {
      const reader = yield* mint(["read"])
      const sender = yield* mint(["read", "send"])
      const manager = yield* mint(["read", "send", "manage"])
      const stranger = yield* mint(["read", "send", "manage"], tokens.globex)

      assert.strictEqual((yield* raw("POST", "/api/v1/sessions", { token: manager.key, json: { id: "keyed" } })).status, 201)
      assert.strictEqual((yield* raw("GET", "/api/v1/sessions/keyed", { token: reader.key })).status, 200)
      const readerSends = yield* raw("POST", "/api/v1/sessions/keyed/messages", {
        token: reader.key,
        json: { type: "text", to: "6281234567890", text: "hi" }
      })
      assert.deepStrictEqual([readerSends.status, errorOf(readerSends.json).code], [403, "forbidden"])
      const sent = yield* raw("POST", "/api/v1/sessions/keyed/messages", {
        token: sender.key,
        json: { type: "text", to: "6281234567890", text: "hi" }
      })
      assert.strictEqual(sent.status, 200, sent.text)
      assert.strictEqual((yield* raw("POST", "/api/v1/sessions", { token: sender.key, json: { id: "nope" } })).status, 403)
      assert.strictEqual((yield* raw("POST", "/api/v1/api-keys", { token: sender.key, json: { capabilities: ["read"] } })).status, 403)
      assert.strictEqual((yield* raw("GET", "/api/v1/sessions/keyed", { token: stranger.key })).status, 404)

      assert.strictEqual((yield* raw("DELETE", `/api/v1/api-keys/${reader.id}`, { token: manager.key })).status, 204)
      const revoked = yield* raw("GET", "/api/v1/sessions/keyed", { token: reader.key })
      assert.deepStrictEqual([revoked.status, errorOf(revoked.json).details?.reason], [401, "revoked"])
      assert.strictEqual(revoked.headers["www-authenticate"], "Bearer")

      const unknown = yield* raw("GET", "/api/v1/sessions", { token: `wgk_${"A".repeat(43)}` })
      assert.deepStrictEqual([unknown.status, errorOf(unknown.json).details?.reason], [401, "unknown_key"])
      const malformed = yield* raw("GET", "/api/v1/sessions", { token: "wgk_short" })
      assert.deepStrictEqual([malformed.status, errorOf(malformed.json).details?.reason], [401, "malformed"])
    }).pipe(Effect.provide(TestGateway())))
})

/** A JWKS host on a random loopback port, with its signing key; `close` plays the host going down. */
const jwksHost = Effect.acquireRelease(
  Effect.gen(function*() {
    const { privateKey, publicKey } = yield* Effect.promise(() => generateKeyPair("RS256"))
    const jwk = { ...(yield* Effect.promise(() => exportJWK(publicKey))), kid: "k1", alg: "RS256", use: "sig" }
    const server: Server = createServer((_, response) => {
      response.setHeader("content-type", "application/json")
      response.end(JSON.stringify({ keys: [jwk] }))
    })
    yield* Effect.promise(() => new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve)))
    const port = (server.address() as AddressInfo).port
    const sign = (claims: Record<string, unknown>, options: { readonly kid?: string; readonly expiresIn?: string } = {}) =>
      Effect.promise(() =>
        new SignJWT(claims)
          .setProtectedHeader({ alg: "RS256", kid: options.kid ?? "k1" })
          .setIssuedAt()
          .setIssuer("https://login.example")
          .setAudience("wagate")
          .setExpirationTime(options.expiresIn ?? "5m")
          .sign(privateKey)
      )
    const close = Effect.promise(() => new Promise<void>((resolve) => server.close(() => resolve())))
    return { url: `http://127.0.0.1:${port}/.well-known/jwks.json`, sign, close, server }
  }),
  ({ server }) => Effect.sync(() => server.close())
)

describe("JWTs verified against a JWKS", () => {
  it.live("org and role come from the token; expiry is enforced; an unknown kid is 401 unknown_key", () =>
    Effect.scoped(Effect.gen(function*() {
      const host = yield* jwksHost
      const gateway = TestGateway({
        ...testOptions,
        auth: { ...testOptions.auth, jwt: { jwksUrl: host.url, issuer: "https://login.example", audience: "wagate", orgClaim: "org" } }
      })
      yield* Effect.gen(function*() {
        const member = yield* host.sign({ org: "acme", role: "member" })
        const owner = yield* host.sign({ org: "acme", role: "owner" })
        assert.strictEqual((yield* raw("POST", "/api/v1/sessions", { token: owner, json: { id: "jwt-s" } })).status, 201)
        assert.strictEqual((yield* raw("GET", "/api/v1/sessions/jwt-s", { token: member })).status, 200)
        assert.strictEqual((yield* raw("POST", "/api/v1/sessions", { token: member, json: { id: "x" } })).status, 403, "member lacks manage")
        const globex = yield* host.sign({ org: "globex", role: "owner" })
        assert.strictEqual((yield* raw("GET", "/api/v1/sessions/jwt-s", { token: globex })).status, 404)

        const expired = yield* host.sign({ org: "acme", role: "owner" }, { expiresIn: "-5m" })
        const refused = yield* raw("GET", "/api/v1/sessions", { token: expired })
        assert.deepStrictEqual([refused.status, errorOf(refused.json).details?.reason], [401, "expired"])

        const unknownKid = yield* host.sign({ org: "acme", role: "owner" }, { kid: "never-published" })
        const unknown = yield* raw("GET", "/api/v1/sessions", { token: unknownKid })
        assert.deepStrictEqual([unknown.status, errorOf(unknown.json).details?.reason], [401, "unknown_key"])
      }).pipe(Effect.provide(gateway), Effect.provide(captureLogs().layer))
    })), 60_000)

  it.live("a JWKS host that is down is 503 with Retry-After for JWTs, while api keys keep working", () =>
    Effect.scoped(Effect.gen(function*() {
      const host = yield* jwksHost
      const token = yield* host.sign({ org: "acme", role: "owner" })
      yield* host.close
      const gateway = TestGateway({ ...testOptions, auth: { ...testOptions.auth, jwt: { jwksUrl: host.url, orgClaim: "org" } } })
      yield* Effect.gen(function*() {
        const key = yield* mint(["read"])
        const down = yield* raw("GET", "/api/v1/sessions", { token })
        assert.deepStrictEqual([down.status, errorOf(down.json).code], [503, "unavailable"], down.text)
        assert.match(down.headers["retry-after"] ?? "", /^\d+$/)
        assert.strictEqual((yield* raw("GET", "/api/v1/sessions", { token: key.key })).status, 200, "api keys keep working")
      }).pipe(Effect.provide(gateway), Effect.provide(captureLogs().layer))
    })), 60_000)
})

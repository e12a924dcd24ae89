import { assert, layer } from "@effect/vitest"
import { AuthUnavailable, createApiKey, OrgId, type Principal } from "@wagate/core"
import { Effect, Fiber, Layer } from "effect"
import * as TestClock from "effect/testing/TestClock"
import { BearerAuth } from "../src/index.ts"
import { authenticate, refused } from "./support/helpers.ts"
import { closedPortUrl, JwksServer } from "./support/JwksServer.ts"
import { claims, jwksRequests, NOW, publish, Store, withJwt } from "./support/jwtSetup.ts"
import { sign, type SigningKey, TestKeys } from "./support/signing.ts"

const acme = OrgId.make("acme")
const owner: Principal = { orgId: acme, capabilities: ["read", "send", "manage"] }

/** The failure of a JWT that cannot be checked because the JWKS cannot be had. */
const unavailable = Effect.fn("test.unavailable")(function*(token: string) {
  const error = yield* Effect.flip(authenticate(token))
  assert.instanceOf(error, AuthUnavailable, `expected AuthUnavailable, got ${error._tag}: ${error.message}`)
  return error
})

/** A token signed by `key` but naming a key id no JWKS has. */
const withUnknownKid = (key: SigningKey, kid: string) => sign(key, claims(), { kid })

const setMode = Effect.fn("test.setMode")(function*(mode: Parameters<JwksServer["Service"]["setMode"]>[0]) {
  const server = yield* JwksServer
  yield* server.setMode(mode)
})

const setKeys = Effect.fn("test.setKeys")(function*(...keys: ReadonlyArray<SigningKey>) {
  const server = yield* JwksServer
  yield* server.setKeys(keys.map((key) => key.jwk))
})

layer(TestKeys.layer, { timeout: "60 seconds" })("JwtAuth: the JWKS", (it) => {
  it.effect("an unknown kid causes one refetch, then unknown_key", () =>
    Effect.gen(function*() {
      const { rsa, stranger } = yield* TestKeys
      yield* publish(rsa)
      yield* authenticate(yield* sign(rsa, claims()))
      assert.strictEqual(yield* jwksRequests, 1)
      yield* TestClock.adjust("30 seconds")
      const error = yield* refused(yield* sign(stranger, claims()))
      assert.deepStrictEqual([error.reason, error.message], ["unknown_key", "the JWT's signing key is not among the issuer's keys (JWKS)"])
      assert.strictEqual(yield* jwksRequests, 2, "the JWKS was fetched again before giving up")
    }).pipe(Effect.provide(withJwt())))

  it.effect("a flood of 50 unknown kids makes at most one JWKS request per cooldown", () =>
    Effect.gen(function*() {
      const { rsa, stranger } = yield* TestKeys
      yield* publish(rsa)
      yield* authenticate(yield* sign(rsa, claims()))
      yield* TestClock.adjust("31 seconds")
      const tokens = yield* Effect.forEach(Array.from({ length: 50 }, (_, i) => `kid-${i}`), (kid) => withUnknownKid(stranger, kid))

      const concurrent = yield* Effect.forEach(tokens, refused, { concurrency: "unbounded" })
      assert.isTrue(concurrent.every((error) => error.reason === "unknown_key"))
      assert.strictEqual(yield* jwksRequests, 2, "50 concurrent unknown kids: one refetch")

      for (const token of tokens) assert.strictEqual((yield* refused(token)).reason, "unknown_key")
      assert.strictEqual(yield* jwksRequests, 2, "50 more, one after another, within the cooldown: none")

      yield* TestClock.adjust("29 seconds")
      for (const token of tokens) yield* refused(token)
      assert.strictEqual(yield* jwksRequests, 2, "still within the cooldown")

      yield* TestClock.adjust("2 seconds")
      yield* Effect.forEach(tokens, refused, { concurrency: "unbounded" })
      assert.strictEqual(yield* jwksRequests, 3, "the cooldown over: one more")
      yield* authenticate(yield* sign(rsa, claims()))
      assert.strictEqual(yield* jwksRequests, 3, "valid tokens use the cache")
    }).pipe(Effect.provide(withJwt())))

  it.effect("the cooldown is configurable", () =>
    Effect.gen(function*() {
      const { rsa, stranger } = yield* TestKeys
      yield* publish(rsa)
      yield* authenticate(yield* sign(rsa, claims()))
      yield* TestClock.adjust("5 seconds")
      yield* refused(yield* withUnknownKid(stranger, "k"))
      assert.strictEqual(yield* jwksRequests, 2)
      yield* TestClock.adjust("4 seconds")
      yield* refused(yield* withUnknownKid(stranger, "k"))
      assert.strictEqual(yield* jwksRequests, 2)
    }).pipe(Effect.provide(withJwt({ refetchCooldownSeconds: 5 }))))

  it.effect("rotation: a new key is picked up by the refetch; a removed key is refused once the cache expires", () =>
    Effect.gen(function*() {
      const { rsa, rsaNext } = yield* TestKeys
      yield* publish(rsa)
      const old = yield* sign(rsa, claims())
      const next = yield* sign(rsaNext, claims())
      yield* authenticate(old)

      yield* setKeys(rsa, rsaNext)
      assert.strictEqual((yield* refused(next)).reason, "unknown_key", "the keys were fetched a moment ago")
      assert.strictEqual(yield* jwksRequests, 1)
      yield* TestClock.adjust("30 seconds")
      assert.deepStrictEqual(yield* authenticate(next), owner, "accepted after the refetch")
      assert.strictEqual(yield* jwksRequests, 2)

      yield* setKeys(rsaNext)
      assert.deepStrictEqual(yield* authenticate(old), owner, "the removed key is still cached")
      yield* TestClock.adjust("599 seconds")
      yield* authenticate(old)
      assert.strictEqual(yield* jwksRequests, 2)
      yield* TestClock.adjust("1 second")
      assert.strictEqual((yield* refused(old)).reason, "unknown_key", "the cache expired: the removed key is gone")
      assert.deepStrictEqual(yield* authenticate(next), owner)
      assert.strictEqual(yield* jwksRequests, 3)
    }).pipe(Effect.provide(withJwt())))

  it.effect("rotation: the refetch for a new key also drops the removed one", () =>
    Effect.gen(function*() {
      const { rsa, ec } = yield* TestKeys
      yield* publish(rsa)
      const old = yield* sign(rsa, claims())
      yield* authenticate(old)
      yield* setKeys(ec)
      yield* TestClock.adjust("31 seconds")
      yield* authenticate(yield* sign(ec, claims()))
      assert.strictEqual((yield* refused(old)).reason, "unknown_key")
      assert.strictEqual(yield* jwksRequests, 2)
    }).pipe(Effect.provide(withJwt())))

  it.effect("the cache's age is configurable", () =>
    Effect.gen(function*() {
      const { rsa } = yield* TestKeys
      yield* publish(rsa)
      const token = yield* sign(rsa, claims())
      yield* authenticate(token)
      yield* TestClock.adjust("59 seconds")
      yield* authenticate(token)
      assert.strictEqual(yield* jwksRequests, 1)
      yield* TestClock.adjust("1 second")
      yield* authenticate(token)
      assert.strictEqual(yield* jwksRequests, 2)
    }).pipe(Effect.provide(withJwt({ cacheMaxAgeSeconds: 60 }))))

  for (const mode of ["not_json", "not_a_key_set", "error"] as const) {
    it.effect(`a JWKS host answering ${mode} is AuthUnavailable, retried only after the backoff`, () =>
      Effect.gen(function*() {
        const { rsa } = yield* TestKeys
        yield* publish(rsa)
        yield* setMode(mode)
        const token = yield* sign(rsa, claims())
        const errors = yield* Effect.forEach(Array.from({ length: 50 }, () => token), unavailable, { concurrency: "unbounded" })
        assert.isTrue(errors.every((error) => error.retryAfterSeconds >= 1 && error.retryAfterSeconds <= 5))
        assert.notInclude(errors[0]?.message ?? "", "127.0.0.1")
        for (let i = 0; i < 20; i++) yield* unavailable(token)
        assert.strictEqual(yield* jwksRequests, 1, "one request for 70 tokens")

        yield* TestClock.adjust("3 seconds")
        assert.strictEqual((yield* unavailable(token)).retryAfterSeconds, 2, "Retry-After counts down")
        yield* TestClock.adjust("2 seconds")
        yield* unavailable(token)
        assert.strictEqual(yield* jwksRequests, 2, "tried again after the backoff")

        yield* setMode("ok")
        yield* TestClock.adjust("5 seconds")
        assert.deepStrictEqual(yield* authenticate(token), owner, "the host is back")
        assert.strictEqual(yield* jwksRequests, 3)
      }).pipe(Effect.provide(withJwt())))
  }

  it.effect("an unknown kid while the host fails is AuthUnavailable, not unknown_key", () =>
    Effect.gen(function*() {
      const { rsa, stranger } = yield* TestKeys
      yield* publish(rsa)
      yield* authenticate(yield* sign(rsa, claims()))
      yield* setMode("error")
      yield* TestClock.adjust("31 seconds")
      const token = yield* withUnknownKid(stranger, "new-key")
      yield* unavailable(token)
      for (let i = 0; i < 20; i++) yield* unavailable(token)
      assert.strictEqual(yield* jwksRequests, 2)
      yield* authenticate(yield* sign(rsa, claims()))
    }).pipe(Effect.provide(withJwt())))

  it.effect("expired keys are not used when the refetch fails", () =>
    Effect.gen(function*() {
      const { rsa } = yield* TestKeys
      yield* publish(rsa)
      const token = yield* sign(rsa, claims())
      yield* authenticate(token)
      yield* setMode("error")
      yield* TestClock.adjust("600 seconds")
      yield* unavailable(token)
    }).pipe(Effect.provide(withJwt())))

  it.effect("a JWKS host that never answers is AuthUnavailable after the fetch timeout", () =>
    Effect.gen(function*() {
      const { rsa } = yield* TestKeys
      yield* publish(rsa)
      yield* setMode("hang")
      const started = Date.now()
      yield* unavailable(yield* sign(rsa, claims()))
      assert.isBelow(Date.now() - started, 3000)
    }).pipe(Effect.provide(withJwt({ fetchTimeoutMillis: 200 }))))

  it.effect("a JWKS host that is down is AuthUnavailable, while api keys still authenticate", () =>
    Effect.gen(function*() {
      const { rsa } = yield* TestKeys
      yield* TestClock.setTime(NOW)
      const error = yield* unavailable(yield* sign(rsa, claims()))
      assert.isAtLeast(error.retryAfterSeconds, 1)
      assert.include(error.message, "api keys are not affected")
      assert.notMatch(error.message, /ECONNREFUSED|fetch failed|127\.0\.0\.1/)
      const created = yield* createApiKey(owner, { capabilities: ["read", "send"] })
      assert.deepStrictEqual(yield* authenticate(created.key), { orgId: acme, capabilities: ["read", "send"] })
      yield* unavailable(yield* sign(rsa, claims()))
    }).pipe(
      Effect.provide(
        Layer.unwrap(Effect.map(closedPortUrl, (jwksUrl) => BearerAuth.layer({ jwt: { jwksUrl } }))).pipe(Layer.provideMerge(Store))
      )
    ))

  it.effect("nothing is fetched until the first JWT: api keys alone never touch the JWKS host", () =>
    Effect.gen(function*() {
      yield* TestClock.setTime(NOW)
      const created = yield* createApiKey(owner, { capabilities: ["read"] })
      yield* authenticate(created.key)
      assert.strictEqual(yield* jwksRequests, 0)
    }).pipe(Effect.provide(withJwt())))
  it.effect("a token without kid is checked against the one key of its algorithm; several candidates are refused", () =>
    Effect.gen(function*() {
      const { rsa, rsaNext, ec } = yield* TestKeys
      yield* publish(rsa, ec)
      assert.deepStrictEqual(yield* authenticate(yield* sign(rsa, claims(), { kid: undefined })), owner)
      yield* setKeys(rsa, rsaNext)
      yield* TestClock.adjust("600 seconds")
      const error = yield* refused(yield* sign(rsa, claims(), { kid: undefined }))
      assert.deepStrictEqual([error.reason, error.message], ["invalid", "the JWT names no key id (kid) and several of the issuer's keys match"])
    }).pipe(Effect.provide(withJwt())))

  it.effect("a broken key in the JWKS refuses its tokens without failing the others", () =>
    Effect.gen(function*() {
      const { rsa, ec } = yield* TestKeys
      yield* publish(rsa, ec)
      const server = yield* JwksServer
      // An EC point that is not on the curve: the key cannot even be imported.
      yield* server.setKeys([rsa.jwk, { ...ec.jwk, x: "AAAA" }])
      const error = yield* refused(yield* sign(ec, claims()))
      assert.deepStrictEqual([error.reason, error.message], ["invalid", "the issuer's key for this JWT cannot be used to verify it"])
      yield* authenticate(yield* sign(rsa, claims()))

      // A key too weak for RS256 (a 17-bit modulus) imports, and jose refuses to verify with it.
      yield* server.setKeys([{ ...rsa.jwk, n: "AQAB" }, ec.jwk])
      yield* TestClock.adjust("600 seconds")
      const weak = yield* refused(yield* sign(rsa, claims()))
      assert.deepStrictEqual([weak.reason, weak.message], ["invalid", "the JWT cannot be verified"])
      yield* authenticate(yield* sign(ec, claims()))
    }).pipe(Effect.provide(withJwt())))

  it.effect("a caller that goes away mid-fetch does not abort it: its outcome still counts", () =>
    Effect.gen(function*() {
      const { rsa } = yield* TestKeys
      yield* publish(rsa)
      yield* setMode("hang")
      const token = yield* sign(rsa, claims())
      const impatient = yield* Effect.forkChild(authenticate(token))
      // Real time: wait (bounded) for the request to reach the host, then hang up.
      for (let i = 0; i < 100 && (yield* jwksRequests) === 0; i++) {
        yield* Effect.promise(() => new Promise((resolve) => setTimeout(resolve, 10)))
      }
      assert.strictEqual(yield* jwksRequests, 1)
      yield* Fiber.interrupt(impatient)
      yield* unavailable(token)
      assert.strictEqual(yield* jwksRequests, 1, "the failed fetch was recorded: no second one within the backoff")
    }).pipe(Effect.provide(withJwt({ fetchTimeoutMillis: 300 }))))
})

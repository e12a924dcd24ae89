import { assert, layer } from "@effect/vitest"
import { OrgId } from "@wagate/core"
import { Effect } from "effect"
import { base64url } from "jose"
import * as TestClock from "effect/testing/TestClock"
import { authenticate, refused } from "./support/helpers.ts"
import { claims, jwksRequests, NOW_S, publish, withJwt } from "./support/jwtSetup.ts"
import { hmacWithPublicKey, sign, TestKeys, unsecured, withPayload } from "./support/signing.ts"

const acme = OrgId.make("acme")
const b64 = (value: unknown): string => base64url.encode(typeof value === "string" ? value : JSON.stringify(value))

layer(TestKeys.layer, { timeout: "60 seconds" })("JwtAuth: tokens", (it) => {
  it.effect("each role maps to its capabilities; an unknown or absent role authenticates with none", () =>
    Effect.gen(function*() {
      const { rsa } = yield* TestKeys
      yield* publish(rsa)
      const expected = [
        ["owner", ["read", "send", "manage"]],
        ["admin", ["read", "send", "manage"]],
        ["member", ["read", "send"]],
        ["viewer", ["read"]],
        ["superuser", []],
        ["Owner", []],
        ["constructor", []],
        [42, []],
        [undefined, []]
      ] as const
      for (const [role, capabilities] of expected) {
        const token = yield* sign(rsa, claims({ role }))
        assert.deepStrictEqual(yield* authenticate(token), { orgId: acme, capabilities: [...capabilities] }, String(role))
      }
    }).pipe(Effect.provide(withJwt())))

  it.effect("RS256, ES256 and EdDSA are accepted, and one JWKS fetch serves them all", () =>
    Effect.gen(function*() {
      const { rsa, ec, ed } = yield* TestKeys
      yield* publish(rsa, ec, ed)
      for (let round = 0; round < 5; round++) {
        for (const key of [rsa, ec, ed]) {
          const token = yield* sign(key, claims({ role: "viewer" }))
          assert.deepStrictEqual(yield* authenticate(token), { orgId: acme, capabilities: ["read"] }, key.alg)
        }
      }
      assert.strictEqual(yield* jwksRequests, 1)
    }).pipe(Effect.provide(withJwt())))

  it.effect("exp and nbf are enforced with the default 30 s tolerance, against Effect's Clock", () =>
    Effect.gen(function*() {
      const { rsa } = yield* TestKeys
      yield* publish(rsa)
      assert.strictEqual((yield* refused(yield* sign(rsa, claims({ exp: NOW_S - 31 })))).reason, "expired")
      assert.strictEqual((yield* refused(yield* sign(rsa, claims({ nbf: NOW_S + 31 })))).reason, "not_yet_valid")
      yield* authenticate(yield* sign(rsa, claims({ exp: NOW_S - 10 })))
      yield* authenticate(yield* sign(rsa, claims({ nbf: NOW_S + 10 })))

      const shortLived = yield* sign(rsa, claims({ exp: NOW_S + 60 }))
      yield* authenticate(shortLived)
      yield* TestClock.adjust("89 seconds")
      yield* authenticate(shortLived)
      yield* TestClock.adjust("2 seconds")
      const error = yield* refused(shortLived)
      assert.strictEqual(error.reason, "expired")
      assert.strictEqual(error.message, "the JWT has expired")
    }).pipe(Effect.provide(withJwt())))

  it.effect("the clock tolerance is configurable", () =>
    Effect.gen(function*() {
      const { rsa } = yield* TestKeys
      yield* publish(rsa)
      assert.strictEqual((yield* refused(yield* sign(rsa, claims({ exp: NOW_S })))).reason, "expired")
      assert.strictEqual((yield* refused(yield* sign(rsa, claims({ exp: NOW_S - 10 })))).reason, "expired")
      assert.strictEqual((yield* refused(yield* sign(rsa, claims({ nbf: NOW_S + 1 })))).reason, "not_yet_valid")
      yield* authenticate(yield* sign(rsa, claims({ nbf: NOW_S, exp: NOW_S + 1 })))
    }).pipe(Effect.provide(withJwt({ clockToleranceSeconds: 0 }))))

  it.effect("a token without exp, or with a non-numeric exp or nbf, is invalid", () =>
    Effect.gen(function*() {
      const { rsa } = yield* TestKeys
      yield* publish(rsa)
      const error = yield* refused(yield* sign(rsa, claims({ exp: undefined })))
      assert.deepStrictEqual([error.reason, error.message], ["invalid", "the JWT has no expiry (exp claim)"])
      for (const changes of [{ exp: "tomorrow" }, { nbf: "now" }]) {
        assert.strictEqual((yield* refused(yield* sign(rsa, claims(changes)))).reason, "invalid", JSON.stringify(changes))
      }
    }).pipe(Effect.provide(withJwt())))

  it.effect("the issuer is checked when configured", () =>
    Effect.gen(function*() {
      const { rsa } = yield* TestKeys
      yield* publish(rsa)
      yield* authenticate(yield* sign(rsa, claims({ iss: "https://issuer.example" })))
      for (const iss of ["https://evil.example", undefined]) {
        const error = yield* refused(yield* sign(rsa, claims({ iss })))
        assert.deepStrictEqual([error.reason, error.message], ["invalid", "the JWT's issuer (iss) is not accepted"], String(iss))
      }
    }).pipe(Effect.provide(withJwt({ issuer: "https://issuer.example" }))))

  it.effect("the audience is checked when configured", () =>
    Effect.gen(function*() {
      const { rsa } = yield* TestKeys
      yield* publish(rsa)
      yield* authenticate(yield* sign(rsa, claims({ aud: "wagate" })))
      yield* authenticate(yield* sign(rsa, claims({ aud: ["billing", "wagate"] })))
      for (const aud of ["billing", ["billing"], undefined]) {
        const error = yield* refused(yield* sign(rsa, claims({ aud })))
        assert.deepStrictEqual([error.reason, error.message], ["invalid", "the JWT's audience (aud) is not accepted"])
      }
    }).pipe(Effect.provide(withJwt({ audience: "wagate" }))))

  it.effect("without issuer and audience configured, any iss and aud are accepted", () =>
    Effect.gen(function*() {
      const { rsa } = yield* TestKeys
      yield* publish(rsa)
      yield* authenticate(yield* sign(rsa, claims({ iss: "https://anyone.example", aud: "anything" })))
    }).pipe(Effect.provide(withJwt())))

  it.effect("alg none, HS256 keyed with the public key, and other algorithms are refused before any JWKS fetch", () =>
    Effect.gen(function*() {
      const { rsa } = yield* TestKeys
      yield* publish(rsa)
      const header = (alg: string) => b64({ alg, kid: rsa.kid })
      const attacks = [
        unsecured(claims(), rsa.kid),
        `${b64({ alg: "None", kid: rsa.kid })}.${b64(claims())}.`,
        yield* hmacWithPublicKey(rsa, claims()),
        `${header("HS512")}.${b64(claims())}.${b64("signature")}`,
        `${header("RS384")}.${b64(claims())}.${b64("signature")}`,
        `${header("PS256")}.${b64(claims())}.${b64("signature")}`,
        `${header("ES512")}.${b64(claims())}.${b64("signature")}`
      ]
      for (const token of attacks) {
        const error = yield* refused(token)
        assert.strictEqual(error.reason, "invalid", token.split(".")[0])
        assert.include(error.message, "algorithm is not accepted")
      }
      assert.strictEqual(yield* jwksRequests, 0, "none of them reached the JWKS host")
    }).pipe(Effect.provide(withJwt())))

  it.effect("a tampered payload, a foreign signature or a key id taken by another key does not verify", () =>
    Effect.gen(function*() {
      const { rsa, stranger, ec } = yield* TestKeys
      yield* publish(rsa, ec)
      const valid = yield* sign(rsa, claims({ role: "viewer" }))
      const other = yield* sign(rsa, claims({ role: "viewer", sub: "user-2" }))
      const forged = [
        withPayload(valid, claims({ role: "owner" })),
        withPayload(valid, claims({ role: "viewer", org: "globex" })),
        `${valid.split(".").slice(0, 2).join(".")}.${other.split(".")[2]}`,
        yield* sign(stranger, claims(), { kid: rsa.kid }),
        yield* sign(ec, claims(), { kid: rsa.kid, alg: "ES256" })
      ]
      for (const [index, token] of forged.entries()) {
        const error = yield* refused(token)
        assert.strictEqual(error.reason, index === 4 ? "unknown_key" : "invalid", `forgery ${index}`)
      }
      const error = yield* refused(forged[0] ?? "")
      assert.strictEqual(error.message, "the JWT's signature does not verify")
    }).pipe(Effect.provide(withJwt())))

  it.effect("what is not a JWT is malformed, and never reaches the JWKS host", () =>
    Effect.gen(function*() {
      const { rsa } = yield* TestKeys
      yield* publish(rsa)
      const valid = yield* sign(rsa, claims())
      const [header, payload, signature] = valid.split(".")
      const notJwts = [
        "hello",
        "a.b",
        "a.b.c.d",
        `${header}..${signature}`,
        `${header}.${payload}.${signature}.`,
        `!!!.${payload}.${signature}`,
        `${b64("not json")}.${payload}.${signature}`,
        `${b64([1, 2])}.${payload}.${signature}`,
        `${b64({ kid: rsa.kid })}.${payload}.${signature}`,
        `${b64({ alg: "RS256", kid: 7 })}.${payload}.${signature}`,
        `${header}.${b64("[1")}.${signature}`,
        `${header}.${b64([1])}.${signature}`,
        `${header}.${payload}.`,
        `${header}.${payload}.${signature}x`,
        `${header}.${payload}.${signature} `,
        `${header}.${payload}.${"A".repeat(20_000)}`,
        "wgx_" + "A".repeat(43)
      ]
      for (const token of notJwts) {
        const error = yield* refused(token)
        assert.strictEqual(error.reason, "malformed", token.slice(0, 60))
        assert.notInclude(error.message, token)
      }
      assert.strictEqual(yield* jwksRequests, 0)
      assert.strictEqual((yield* refused("wgk_short")).reason, "malformed", "a wgk_ token is an api key, even with JWTs")
    }).pipe(Effect.provide(withJwt())))

  it.effect("a base64url re-spelling of a valid signature is refused", () =>
    Effect.gen(function*() {
      const { rsa } = yield* TestKeys
      yield* publish(rsa)
      // 256-byte RSA signatures end in a character with 4 unused bits: find tokens whose last character can be
      // re-spelt without changing the bytes, and check that the re-spelling is refused.
      let checked = 0
      for (let attempt = 0; attempt < 40 && checked < 3; attempt++) {
        const token = yield* sign(rsa, claims({ jti: `t-${attempt}` }))
        const last = token.at(-1) ?? ""
        const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
        const value = alphabet.indexOf(last)
        if ((value & 0b1111) !== 0) continue
        const respelt = `${token.slice(0, -1)}${alphabet[value | 0b0001]}`
        yield* authenticate(token)
        assert.strictEqual((yield* refused(respelt)).reason, "malformed")
        checked++
      }
      assert.isAbove(checked, 0)
    }).pipe(Effect.provide(withJwt())))

  it.effect("a missing or invalid organisation claim is invalid, and says so", () =>
    Effect.gen(function*() {
      const { rsa } = yield* TestKeys
      yield* publish(rsa)
      for (const org of [undefined, "", "has space", 42, ["acme"], "x".repeat(129)]) {
        const error = yield* refused(yield* sign(rsa, claims({ org })))
        assert.strictEqual(error.reason, "invalid")
        assert.strictEqual(error.message, "the JWT's organisation claim \"org\" is missing or not a valid organisation id")
      }
    }).pipe(Effect.provide(withJwt())))

  it.effect("the organisation claim's name is configurable", () =>
    Effect.gen(function*() {
      const { rsa } = yield* TestKeys
      yield* publish(rsa)
      const principal = yield* authenticate(yield* sign(rsa, claims({ org: "acme", tenant: "globex", role: "member" })))
      assert.deepStrictEqual(principal, { orgId: OrgId.make("globex"), capabilities: ["read", "send"] })
      const error = yield* refused(yield* sign(rsa, claims({ org: "acme" })))
      assert.strictEqual(error.reason, "invalid")
      assert.include(error.message, "organisation claim \"tenant\"")
    }).pipe(Effect.provide(withJwt({ orgClaim: "tenant" }))))

  it.effect("refusals say what failed without the token, key material or jose's wording", () =>
    Effect.gen(function*() {
      const { rsa } = yield* TestKeys
      yield* publish(rsa)
      const tokens = [
        yield* sign(rsa, claims({ exp: NOW_S - 3600 })),
        yield* sign(rsa, claims({ nbf: NOW_S + 3600 })),
        withPayload(yield* sign(rsa, claims()), claims({ role: "admin" })),
        yield* hmacWithPublicKey(rsa, claims()),
        yield* sign(rsa, claims({ org: undefined }))
      ]
      const secrets = [rsa.jwk.n ?? "", rsa.jwk.e ?? "", rsa.publicPem]
      for (const token of tokens) {
        const error = yield* refused(token)
        for (const text of [error.message, JSON.stringify(error), String(error)]) {
          assert.notInclude(text, token)
          for (const secret of secrets) assert.notInclude(text, secret.slice(0, 40))
          assert.notMatch(text, /claim timestamp check failed|signature verification failed|ERR_J|jose/i)
        }
      }
    }).pipe(Effect.provide(withJwt())))
})

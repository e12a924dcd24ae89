import { assert, it } from "@effect/vitest"
import { AuthPort, OrgId, type Principal, Unauthorized } from "@wagate/core"
import { authPortContract } from "@wagate/testing"
import { Effect, Redacted } from "effect"
import { StaticAuth } from "../src/index.ts"

const acme: Principal = { orgId: OrgId.make("acme"), capabilities: ["read", "send", "manage"] }
const globex: Principal = { orgId: OrgId.make("globex"), capabilities: ["read"] }

authPortContract("StaticAuth (record)", StaticAuth.layer({ "tok_acme_0123456789": acme, "tok_globex_9876543210": globex }), {
  validToken: "tok_acme_0123456789",
  principal: acme,
  unknownToken: "tok_nobody_5555555555",
  unknownReason: "invalid"
})

authPortContract("StaticAuth (map)", StaticAuth.layer(new Map([["tok_globex_9876543210", globex]])), {
  validToken: "tok_globex_9876543210",
  principal: globex,
  unknownToken: "tok_acme_0123456789",
  unknownReason: "invalid"
})

const authenticate = Effect.fn("test.authenticate")(function*(token: string) {
  const auth = yield* AuthPort
  return yield* auth.authenticate(Redacted.make(token))
})

it.effect("each token maps to its own principal", () =>
  Effect.gen(function*() {
    assert.deepStrictEqual(yield* authenticate("a-token"), acme)
    assert.deepStrictEqual(yield* authenticate("g-token"), globex)
  }).pipe(Effect.provide(StaticAuth.layer({ "a-token": acme, "g-token": globex }))))

it.effect("tokens are compared exactly: no trimming, no case folding", () =>
  Effect.gen(function*() {
    for (const token of [" a-token", "a-token ", "A-TOKEN"]) {
      const error = yield* Effect.flip(authenticate(token))
      assert.instanceOf(error, Unauthorized)
      assert.strictEqual(error.reason, "invalid")
    }
  }).pipe(Effect.provide(StaticAuth.layer({ "a-token": acme }))))

it.effect("a blank configured token is never accepted: blank is missing, anything else invalid", () =>
  Effect.gen(function*() {
    const error = yield* Effect.flip(authenticate("anything"))
    assert.instanceOf(error, Unauthorized)
    assert.strictEqual(error.reason, "invalid")
    const blank = yield* Effect.flip(authenticate(" "))
    assert.instanceOf(blank, Unauthorized)
    assert.strictEqual(blank.reason, "missing")
  }).pipe(Effect.provide(StaticAuth.layer({ " ": acme }))))

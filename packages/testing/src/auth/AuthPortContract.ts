import { assert, layer } from "@effect/vitest"
import { AuthPort, type Principal, Unauthorized } from "@wagate/core"
import { Effect, type Layer, Redacted } from "effect"

/** Tokens the adapter under test knows: one that is valid for `principal`, one it has never issued. */
export interface AuthPortFixture {
  readonly validToken: string
  readonly principal: Principal
  readonly unknownToken: string
  /** The reason the adapter gives for `unknownToken`, when the suite should check it (`invalid`, `unknown_key`...). */
  readonly unknownReason?: Unauthorized["reason"]
}

const authenticate = Effect.fn("AuthPortContract.authenticate")(function*(token: string) {
  const auth = yield* AuthPort
  return yield* auth.authenticate(Redacted.make(token))
})

/** The error of a refused token; the test fails if the token is accepted or refused by something else. */
const refusal = Effect.fn("AuthPortContract.refusal")(function*(token: string) {
  const error = yield* Effect.flip(authenticate(token))
  assert.instanceOf(error, Unauthorized, `expected Unauthorized, got ${error._tag}`)
  return error
})

/** Whether the token shows anywhere in the error: its message, its fields, its string form. */
const leaks = (error: Unauthorized, token: string): boolean =>
  [error.message, String(error), JSON.stringify(error), error.stack ?? ""].some((text) => text.includes(token))

/** The `AuthPort` contract: every adapter of the port must pass it. */
export const authPortContract = <E>(name: string, authLayer: Layer.Layer<AuthPort, E>, fixture: AuthPortFixture): void =>
  layer(authLayer)(name, (it) => {
    it.effect("a valid token authenticates as its principal", () =>
      Effect.gen(function*() {
        assert.deepStrictEqual(yield* authenticate(fixture.validToken), fixture.principal)
        assert.deepStrictEqual(yield* authenticate(fixture.validToken), fixture.principal, "and again")
      }))

    it.effect("an empty or blank token is missing", () =>
      Effect.gen(function*() {
        for (const token of ["", " ", "\t \n"]) {
          assert.strictEqual((yield* refusal(token)).reason, "missing", JSON.stringify(token))
        }
      }))

    it.effect("an unknown token is refused without showing it", () =>
      Effect.gen(function*() {
        const error = yield* refusal(fixture.unknownToken)
        assert.notStrictEqual(error.reason, "missing")
        if (fixture.unknownReason !== undefined) assert.strictEqual(error.reason, fixture.unknownReason)
        assert.isFalse(leaks(error, fixture.unknownToken), "the error must not contain the token")
      }))

    it.effect("a valid token changed by one character is refused without showing it", () =>
      Effect.gen(function*() {
        const altered = [
          `${fixture.validToken}x`,
          fixture.validToken.slice(0, -1),
          `${fixture.validToken.slice(0, -1)}${fixture.validToken.endsWith("A") ? "B" : "A"}`
        ].filter((token) => token.trim().length > 0)
        for (const token of altered) {
          const error = yield* refusal(token)
          assert.isFalse(leaks(error, token), "the error must not contain the token")
          assert.isFalse(leaks(error, fixture.validToken), "the error must not contain the valid token")
        }
      }))
  })

import { assert } from "@effect/vitest"
import { AuthPort, Unauthorized } from "@wagate/core"
import { Effect, Redacted } from "effect"

/** Authenticates `token` with the `AuthPort` in context. */
export const authenticate = Effect.fn("test.authenticate")(function*(token: string) {
  const auth = yield* AuthPort
  return yield* auth.authenticate(Redacted.make(token))
})

/** The `Unauthorized` a token is refused with; the test fails when it is accepted or refused otherwise. */
export const refused = Effect.fn("test.refused")(function*(token: string) {
  const error = yield* Effect.flip(authenticate(token))
  assert.instanceOf(error, Unauthorized, `expected Unauthorized, got ${error._tag}: ${error.message}`)
  return error
})

/** Lets forked background work (the `lastUsedAt` write) run: a bounded number of scheduler turns. */
export const settle = Effect.gen(function*() {
  for (let turn = 0; turn < 50; turn++) yield* Effect.yieldNow
})

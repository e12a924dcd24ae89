import { AuthPort, type Principal, Unauthorized } from "@wagate/core"
import { Effect, Layer, Redacted } from "effect"
import { createHash } from "node:crypto"

/** The tokens `StaticAuth` accepts, each with the caller it stands for. */
export type StaticTokens = ReadonlyMap<string, Principal> | Readonly<Record<string, Principal>>

// Tokens are looked up by their SHA-256 digest, so neither a comparison's timing nor the table itself
// reveals a token, and a token never appears in an error or a span.
const digest = (token: string): string => createHash("sha256").update(token, "utf8").digest("hex")

const isBlank = (token: string): boolean => token.trim().length === 0

const isMap = (tokens: StaticTokens): tokens is ReadonlyMap<string, Principal> => tokens instanceof Map

const entriesOf = (tokens: StaticTokens): Iterable<readonly [string, Principal]> =>
  isMap(tokens) ? tokens.entries() : Object.entries(tokens)

const makeAuthenticate = (tokens: StaticTokens) => {
  const principals = new Map<string, Principal>()
  for (const [token, principal] of entriesOf(tokens)) {
    // A blank token could never be presented (it is "missing"), so it is not worth keeping.
    if (!isBlank(token)) principals.set(digest(token), principal)
  }
  return Effect.fn("StaticAuth.authenticate")(function*(token: Redacted.Redacted<string>) {
    const value = Redacted.value(token)
    if (isBlank(value)) {
      return yield* new Unauthorized({ reason: "missing", message: "a bearer token is required" })
    }
    const principal = principals.get(digest(value))
    if (principal === undefined) {
      return yield* new Unauthorized({ reason: "invalid", message: "the bearer token is not valid" })
    }
    return principal
  })
}

/** `AuthPort` over a fixed table of tokens, for tests, the simulator and single-user setups. */
export const StaticAuth = {
  /** Accepts exactly the given tokens; an empty or blank token is `missing`, any other is `invalid`. */
  layer: (tokens: StaticTokens): Layer.Layer<AuthPort> =>
    Layer.sync(AuthPort, () => AuthPort.of({ authenticate: makeAuthenticate(tokens) }))
} as const

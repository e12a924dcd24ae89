import { Context, type Effect, type Redacted } from "effect"
import type { AuthUnavailable, StoreUnavailable, Unauthorized } from "../domain/errors.ts"
import type { Principal } from "../domain/Principal.ts"

/** Turns a bearer token into the caller's organisation and capabilities. */
export class AuthPort extends Context.Service<AuthPort, {
  readonly authenticate: (
    token: Redacted.Redacted<string>
  ) => Effect.Effect<Principal, Unauthorized | AuthUnavailable | StoreUnavailable>
}>()("@wagate/core/AuthPort") {}

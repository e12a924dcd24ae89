import type { AuthUnavailable, StoreUnavailable, Unauthorized, ValidationError } from "@wagate/core"
import type { Effect, Schema } from "effect"
import type { InternalError, PayloadTooLarge } from "./gatewayErrors.ts"

/**
 * The errors every endpoint has through its middleware, so no endpoint lists them: `Authentication` (401, and 503
 * when the token issuer or the key store is down) and `ApiFailures` (400 decoding, 413, 500).
 */
export type EveryEndpointError = ValidationError | Unauthorized | AuthUnavailable | StoreUnavailable | PayloadTooLarge | InternalError

/** The errors a use-case (a function returning an effect) can fail with. */
export type ErrorsOf<UseCase extends (...args: never) => Effect.Effect<unknown, unknown, unknown>> = Effect.Error<
  ReturnType<UseCase>
>

type Declared<Schemas extends ReadonlyArray<Schema.Top>> = Schemas[number]["Type"]

/** `unknown` when `Schemas` are exactly the wire forms of `E` (less the errors every endpoint has), else the gap. */
export type Exactly<E, Schemas extends ReadonlyArray<Schema.Top>> = [Exclude<Exclude<E, EveryEndpointError>, Declared<Schemas>>] extends
  [never] ? [Exclude<Declared<Schemas>, E>] extends [never] ? unknown
  : { readonly "declares errors the handler never fails with": Exclude<Declared<Schemas>, E> }
  : { readonly "does not declare errors the handler fails with": Exclude<Exclude<E, EveryEndpointError>, Declared<Schemas>> }

/**
 * The `error` of an endpoint: the wire forms of exactly the errors its use-case can fail with (plus `Extra`, the
 * errors its handler adds), less those every endpoint has. A missing or an extra one is a type error here, so the
 * OpenAPI document and the client list what the endpoint can answer and nothing else.
 *
 *     error: errorsOf<typeof getSession>()(MissingCapabilityResponse, NotFoundResponse)
 */
export const errorsOf = <UseCase extends (...args: never) => Effect.Effect<unknown, unknown, unknown>, Extra = never>() =>
<const Schemas extends ReadonlyArray<Schema.Top>>(
  ...schemas: Schemas & Exactly<ErrorsOf<UseCase> | Extra, Schemas>
): Schemas => schemas

import { Schema, SchemaTransformation } from "effect"
import { HttpServerResponse } from "effect/http"
import { HttpApiSchema } from "effect/http-api"

/** The body of every non-2xx response: `{"error":{"code","message","details"}}`, `details` typed per error. */
export type Envelope<Code extends string, D> = Schema.Struct<{
  readonly error: Schema.Struct<{
    readonly code: Schema.Literal<Code>
    readonly message: Schema.String
    readonly details: Schema.Codec<D, D>
  }>
}>

/** An error class made with `Schema.TaggedError`: a schema whose instances are the errors. */
type ErrorClass = Schema.Top & { readonly Type: { readonly message: string } }

/** How one error class is written on the wire, and read back from it. */
export interface WireOptions<C extends ErrorClass, Code extends string, D> {
  /** The error's name in the OpenAPI document (`#/components/schemas/…`): its `_tag`. */
  readonly identifier: string
  readonly status: number
  readonly code: Code
  /** One sentence for the reference; each operation says what the error means there. */
  readonly description: string
  readonly details: Schema.Codec<D, D>
  /** The envelope's `message`: the error's own unless given. */
  readonly message?: ((error: C["Type"]) => string) | undefined
  readonly toDetails: (error: C["Type"]) => NoInfer<D>
  /** The error back from the envelope, for the typed client. */
  readonly fromWire: (wire: { readonly message: string; readonly details: NoInfer<D> }) => C["Type"]
}

interface Body<Code extends string, D> {
  readonly error: { readonly code: Code; readonly message: string; readonly details: D }
}

const envelopeOf = <C extends ErrorClass, Code extends string, D>(options: WireOptions<C, Code, D>): Envelope<Code, D> =>
  Schema.Struct({
    error: Schema.Struct({ code: Schema.Literal(options.code), message: Schema.String, details: options.details })
  }).annotate({ identifier: options.identifier, description: options.description })

const bodyOf = <C extends ErrorClass, Code extends string, D>(options: WireOptions<C, Code, D>) =>
(error: C["Type"]): Body<Code, D> => ({
  error: {
    code: options.code,
    message: options.message === undefined ? error.message : options.message(error),
    details: options.toDetails(error)
  }
})

/** How `errorResponse` answers with an error outside an endpoint: its status, body and headers. */
interface Rendering {
  readonly status: number
  readonly render: (error: never) => { readonly body: unknown; readonly headers: Readonly<Record<string, string>> }
}
const renderings = new WeakMap<object, Rendering>()

/**
 * The one wire form of an error class: its envelope, transformed to and from the class and annotated with the
 * status. Declared on an endpoint (or a middleware), the server encodes a handler's failure with it and the typed
 * client decodes the response back into the same class.
 */
export const wireError = <C extends ErrorClass, const Code extends string, D>(
  errorClass: C,
  options: WireOptions<C, Code, D>
): Schema.decodeTo<Schema.toType<C>, Envelope<Code, D>> => {
  const toBody = bodyOf(options)
  const wire = envelopeOf(options).pipe(
    Schema.decodeTo(
      Schema.toType(errorClass),
      SchemaTransformation.transform<C["Type"], Body<Code, D>>({
        decode: (body) => options.fromWire(body.error),
        encode: toBody
      })
    ),
    HttpApiSchema.status(options.status)
  )
  renderings.set(wire, { status: options.status, render: (error: C["Type"]) => ({ body: toBody(error), headers: {} }) })
  return wire
}

/** Response headers an error carries, each computed from the error. */
export type WireHeaders<C extends ErrorClass> = { readonly [name: string]: (error: C["Type"]) => string }

/** `wireError` for an error the contract gives headers (`Retry-After`, `WWW-Authenticate`). */
export const wireErrorWithHeaders = <C extends ErrorClass, const Code extends string, D>(
  errorClass: C,
  options: WireOptions<C, Code, D> & { readonly headers: WireHeaders<C> }
): HttpApiSchema.encodeToWithHeaders<C, Envelope<Code, D>, { readonly [name: string]: Schema.String }> => {
  const toBody = bodyOf(options)
  const names = Object.keys(options.headers)
  const headersOf = (error: C["Type"]) => Object.fromEntries(names.map((name) => [name, options.headers[name]?.(error) ?? ""]))
  const wire = errorClass.pipe(
    HttpApiSchema.encodeToWithHeaders({
      body: envelopeOf(options).pipe(HttpApiSchema.status(options.status)),
      headers: Object.fromEntries(names.map((name) => [name, Schema.String]))
    }, {
      decode: ({ body }) => options.fromWire(body.error),
      encode: (error) => ({ body: toBody(error), headers: headersOf(error) })
    })
  )
  renderings.set(wire, { status: options.status, render: (error: C["Type"]) => ({ body: toBody(error), headers: headersOf(error) }) })
  return wire
}

/**
 * The response an error's wire form gives, for the places that answer outside an endpoint (the router's own
 * failures, `/readyz`): the same status, body and headers an endpoint would send.
 */
export const errorResponse = <S extends Schema.Top>(wire: S, error: S["Type"]): HttpServerResponse.HttpServerResponse => {
  const rendering = renderings.get(wire)
  if (rendering === undefined) throw new Error("errorResponse: not a schema made by wireError")
  const { body, headers } = rendering.render(error as never)
  return HttpServerResponse.jsonUnsafe(body, { status: rendering.status, headers })
}

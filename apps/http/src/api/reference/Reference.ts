import type { Context } from "effect"
import { OpenApi } from "effect/http-api"
import type { Example } from "./Example.ts"
import { errors } from "./examples.ts"
import { defaultParameters, type ParameterDoc } from "./parameters.ts"

/**
 * The reference a person reads in `/docs`: per operation a summary and a description in the style of the seeds
 * (what it does, the capability, whether it is live or served from stored data, success, side effects,
 * idempotency, and each error code with its meaning there), parameter descriptions, and request and response
 * examples. Each endpoint takes its `OperationDoc` with `.annotateMerge(reference(doc))`; the generated operation
 * is completed by the transform below, so the schemas stay the API definition's own.
 */

/** Every error code the contract names, with its status. */
export const errorStatus = {
  validation_error: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  payload_too_large: 413,
  rate_limited: 429,
  internal: 500,
  not_implemented: 501,
  whatsapp_error: 502,
  unavailable: 503
} as const
export type ErrorCode = keyof typeof errorStatus


/** A response header, as the reference shows it. */
export interface HeaderDoc {
  readonly description: string
  /** Replaces the generated schema; the generated one stays when omitted. */
  readonly schema?: Record<string, unknown>
}

/** What an error code means for this operation, and examples of it as this operation answers it. */
export interface ErrorDoc {
  readonly when: string
  readonly examples?: Readonly<Record<string, Example>>
  readonly headers?: Readonly<Record<string, HeaderDoc>>
}

/** A success response's description, examples and headers. */
export interface ResponseDoc {
  readonly description?: string
  readonly examples?: Readonly<Record<string, Example>>
  readonly headers?: Readonly<Record<string, HeaderDoc>>
}

/**
 * How an operation reaches its data:
 * - `stored`: read from the store, no WhatsApp call, whatever the session's status;
 * - `live`: a WhatsApp call through a connected session;
 * - `live-admin`: as `live`, and the session's account must be an admin of the group;
 * - `gateway`: the gateway's own records (sessions, api keys), no connected session needed;
 * - `public`: an operations route, without a token.
 */
export type Served = "stored" | "live" | "live-admin" | "gateway" | "public"

export interface OperationDoc {
  /** A short imperative title: "Create a group". */
  readonly summary: string
  /** What the operation does, in a sentence or three. */
  readonly what: string
  /** The capability it needs; `null` for the operations routes, which need no token. */
  readonly capability: "read" | "send" | "manage" | null
  readonly served: Served
  /** Replaces the sentence `served` gives, where the preconditions say more (admin of two groups, not connected). */
  readonly precondition?: string
  /** The success status and body. */
  readonly success: string
  /** What changes besides the response: on WhatsApp, in the store, events; "None." for reads. */
  readonly sideEffects: string
  /** What a repeated call does. */
  readonly idempotency: string
  /** Anything else a caller should know. */
  readonly notes?: string
  /** Each error code this operation can answer, besides those of every authenticated call (401, 413, 500, 503). */
  readonly errors: Readonly<Partial<Record<ErrorCode, ErrorDoc>>>
  /** Descriptions of this operation's parameters, over the defaults for their names (`parameters.ts`). */
  readonly parameters?: Readonly<Record<string, ParameterDoc>>
  /** Examples of the request body, by name. */
  readonly request?: Readonly<Record<string, Example>>
  /** The success responses' descriptions and examples, by status. */
  readonly responses?: Readonly<Record<number, ResponseDoc>>
}

const servedText: Record<Served, string> = {
  stored: "**Served from stored data:** no WhatsApp call is made, so it answers whatever the session's status.",
  live:
    "**Precondition (live action):** this talks to WhatsApp in real time, so the session must be **connected**; otherwise the gateway answers **501 `not_implemented`**.",
  "live-admin":
    "**Precondition (live action, admin):** this talks to WhatsApp in real time, so the session must be **connected** (otherwise **501 `not_implemented`**), and the session's account must be an **admin** of the group (otherwise **403 `forbidden`**).",
  gateway: "**Gateway records:** this acts on the gateway's own records; the session need not be connected.",
  public: "**No token:** an operations route outside `/api/v1`, for probes, scrapers and people."
}

/**
 * The errors every authenticated operation can answer, with the same meaning everywhere: its middleware declares
 * them (the token, the body limit, a bug, the store or the token issuer down).
 */
export const authenticatedErrors: Readonly<Partial<Record<ErrorCode, ErrorDoc>>> = {
  unauthorized: {
    when: "no bearer token, or one that is malformed, expired, revoked or cannot be verified (`details.reason`); `WWW-Authenticate: Bearer`.",
    examples: { missingToken: errors.missingToken, unknownToken: errors.unknownToken },
    headers: { "www-authenticate": { description: "`Bearer`: the scheme to authenticate with (RFC 6750)." } }
  },
  payload_too_large: {
    when: "the request body is over 1 MiB (`details.maxBytes`); it is not read, and the connection is closed.",
    examples: { tooLarge: errors.payloadTooLarge }
  },
  internal: {
    when: "a bug in the gateway; the message names the request id to quote, never internals.",
    examples: { internal: errors.internal }
  },
  unavailable: {
    when:
      "the store cannot be reached, or the JWT issuer's keys cannot be fetched (`details.reason`: `token_issuer_unavailable`; api keys keep working); retry after `Retry-After` seconds.",
    examples: { storeUnavailable: errors.storeUnavailable, tokenIssuerUnavailable: errors.tokenIssuerUnavailable },
    headers: { "retry-after": { description: "Whole seconds to wait before retrying (`details.retryAfterSeconds`, rounded up)." } }
  }
}

const byStatus = (errors: Readonly<Partial<Record<ErrorCode, ErrorDoc>>>) =>
  (Object.entries(errors) as Array<[ErrorCode, ErrorDoc]>).sort(([a], [b]) => errorStatus[a] - errorStatus[b])

const errorLines = (errors: Readonly<Partial<Record<ErrorCode, ErrorDoc>>>) =>
  byStatus(errors).map(([code, doc]) => `- **${errorStatus[code]} \`${code}\`**: ${doc.when}`)

/** The description of an operation, in the order the seeds use: one paragraph per aspect, then the errors. */
export const renderDescription = (doc: OperationDoc): string => {
  const common = doc.capability === null ? {} : authenticatedErrors
  const own = errorLines(doc.errors)
  const shared = errorLines(common)
  const paragraphs = [
    doc.what,
    doc.capability === null ? "**Capability:** none; no token is needed." : `**Capability:** requires \`${doc.capability}\`.`,
    doc.precondition ?? servedText[doc.served],
    `**Success:** ${doc.success}`,
    `**Side effects:** ${doc.sideEffects}`,
    `**Idempotency:** ${doc.idempotency}`,
    ...(doc.notes === undefined ? [] : [`**Notes:** ${doc.notes}`]),
    ...(own.length === 0 ? [] : [["**Errors:**", ...own].join("\n")]),
    ...(shared.length === 0 ? [] : [[own.length === 0 ? "**Errors:**" : "And, like every authenticated call:", ...shared].join("\n")])
  ]
  return paragraphs.join("\n\n")
}

type Json = Record<string, unknown>

const isJson = (value: unknown): value is Json => typeof value === "object" && value !== null && !Array.isArray(value)

const asExamples = (examples: Readonly<Record<string, Example>>): Json =>
  Object.fromEntries(
    Object.entries(examples).map(([name, example]) => [
      name,
      { summary: example.summary, ...(example.description === undefined ? {} : { description: example.description }), value: example.value }
    ])
  )

/** Sets `examples` on a response or request body's JSON media type. */
const withExamples = (holder: unknown, examples: Readonly<Record<string, Example>> | undefined): void => {
  if (examples === undefined || !isJson(holder) || !isJson(holder["content"])) return
  const media = holder["content"]["application/json"]
  if (isJson(media)) media["examples"] = asExamples(examples)
}

/** Adds (or describes) response headers. */
const withHeaders = (response: Json, headers: Readonly<Record<string, HeaderDoc>> | undefined): void => {
  if (headers === undefined) return
  const existing = isJson(response["headers"]) ? response["headers"] : {}
  for (const [name, header] of Object.entries(headers)) {
    const current = existing[name]
    existing[name] = {
      ...(isJson(current) ? current : { required: true, schema: { type: "string" } }),
      description: header.description,
      ...(header.schema === undefined ? {} : { schema: header.schema })
    }
  }
  response["headers"] = existing
}

/** Completes one generated operation with its reference: summary, description, parameters, examples. */
export const completeOperation = (doc: OperationDoc) => (operation: Json): Json => {
  const parameters = Array.isArray(operation["parameters"]) ? operation["parameters"] : []
  for (const parameter of parameters) {
    if (!isJson(parameter) || typeof parameter["name"] !== "string") continue
    const name = parameter["name"]
    const described = doc.parameters?.[name] ?? defaultParameters[name]
    if (described === undefined) continue
    parameter["description"] = described.description
    if (described.example !== undefined) parameter["example"] = described.example
    const generated = isJson(parameter["schema"]) ? parameter["schema"] : {}
    // The description lives on the parameter; a copy inside its schema would only repeat it.
    delete generated["description"]
    parameter["schema"] = described.schema === undefined ? generated : { ...described.schema }
  }
  withExamples(operation["requestBody"], doc.request)

  const responses = isJson(operation["responses"]) ? operation["responses"] : {}
  for (const response of Object.values(responses)) {
    // An event stream here never uses Effect's failure event (`x-effect-stream`): it ends with a comment instead.
    const content = isJson(response) && isJson(response["content"]) ? response["content"] : {}
    const events = content["text/event-stream"]
    if (isJson(events)) delete events["x-effect-stream"]
  }
  for (const [status, response] of Object.entries(doc.responses ?? {})) {
    const target = responses[status]
    if (!isJson(target)) continue
    if (response.description !== undefined) target["description"] = response.description
    withExamples(target, response.examples)
    withHeaders(target, response.headers)
  }
  const allErrors = { ...(doc.capability === null ? {} : authenticatedErrors), ...doc.errors }
  for (const [code, error] of byStatus(allErrors)) {
    const target = responses[String(errorStatus[code])]
    if (!isJson(target)) continue
    target["description"] = error.when.charAt(0).toUpperCase() + error.when.slice(1)
    withExamples(target, error.examples)
    withHeaders(target, error.headers)
  }
  return { ...operation, summary: doc.summary, description: renderDescription(doc) }
}

/** The annotations that attach a reference to an endpoint: `.annotateMerge(reference(doc))`. */
export const reference = (doc: OperationDoc): Context.Context<never> =>
  OpenApi.annotations({ summary: doc.summary, transform: completeOperation(doc) })

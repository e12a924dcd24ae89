import { type HttpApi, type HttpApiGroup, OpenApi } from "effect/http-api"
import { SimulatorApi } from "../SimulatorApi.ts"
import { OperationsReference } from "./operations.ts"

/** The reference's front page: what the gateway is, how to call it, and what every answer looks like. */
export const apiDescription = `An embeddable WhatsApp gateway: sessions (WhatsApp numbers), groups, members, invites, join requests, communities and messages, for many organisations at once.

## Calling it
Every \`/api/v1\` call needs \`Authorization: Bearer <token>\`: an api key (\`wgk_…\`, see *API keys*) or a JWT from your login service. A token carries an organisation and capabilities: \`read\` (GETs), \`send\` (live group actions and sending) and \`manage\` (sessions and api keys). Sessions belong to the organisation that created them: anything of another organisation is *not found* (404), never *forbidden*. A gateway started on the simulator (\`WAGATE_TRANSPORT=simulator npm start\`) accepts the token \`sandbox\`.

Bodies are JSON (\`application/json\`); fields an operation does not define are refused. Users are named by phone JID (\`<7 to 15 digits>@s.whatsapp.net\`), by LID (\`<1 to 20 digits>@lid\`, WhatsApp's privacy identity) or, wherever a user is expected, by phone number (\`+62 812 3456 7890\`), which is normalised to the phone JID; a user given in one form matches the stored member known by the other; groups by JID (\`<digits>@g.us\`). In a path, \`@\` may be sent as is or as \`%40\`.

**Live or stored.** Actions that change something on WhatsApp, and a few reads only WhatsApp can answer, are *live*: they need the session to be \`connected\` and answer **501 \`not_implemented\`** otherwise. Other reads are served from the gateway's store, which WhatsApp's notifications keep current, whatever the session's status.

**Lists** are pages: \`{"items": [...], "nextCursor": "..."}\`; pass \`nextCursor\` back as \`?cursor=\` for the next page; it is \`""\` on the last one. \`?limit=\` takes 1 to 1000 (default 100).

## Errors
Every answer that is not 2xx is one envelope: \`{"error": {"code", "message", "details"}}\`. \`code\` is stable and meant for programs, \`message\` for people, \`details\` an object that says more (the offending fields, the missing capability, the seconds to wait). Each operation lists the codes it can answer and what they mean there.

| status | code | when |
|---|---|---|
| 400 | \`validation_error\` | malformed body, field, JID or query; \`details\` maps each offending field to what is wrong |
| 401 | \`unauthorized\` | no, malformed, expired or unverifiable token (\`WWW-Authenticate: Bearer\`) |
| 403 | \`forbidden\` | a capability is missing, or the session's account is not an admin where the action needs one |
| 404 | \`not_found\` | the session, group, message or key does not exist, or belongs to another organisation |
| 405 | \`method_not_allowed\` | the path exists but not with this method (\`Allow\` lists those it has) |
| 409 | \`conflict\` | a session id taken, an \`Idempotency-Key\` reused with another body, a session already connected |
| 413 | \`payload_too_large\` | a body over 1 MiB |
| 429 | \`rate_limited\` | over the session's send rate; \`Retry-After\` says how many seconds to wait |
| 500 | \`internal\` | a bug; the message carries the request id (\`X-Request-Id\`), never internals |
| 501 | \`not_implemented\` | the session is not connected (live actions), or a feature not built yet |
| 502 | \`whatsapp_error\` | WhatsApp refused or failed the action for a reason other than the request |
| 503 | \`unavailable\` | the store or the token issuer cannot be reached; \`Retry-After\` |

Every response carries an \`X-Request-Id\`; quote it when you report a problem.`

/** Title, version, description, license and servers of the document. */
export const documentAnnotations = OpenApi.annotations({
  title: "wagate",
  version: "1.0.0",
  description: apiDescription,
  license: { name: "MIT", identifier: "MIT" },
  servers: [
    {
      url: "{origin}",
      description: "The gateway you run; `npm start` listens on port 3000 (`PORT`).",
      variables: { origin: { default: "http://localhost:3000", description: "Scheme, host and port of the gateway." } }
    }
  ]
})

type Spec = OpenApi.OpenAPISpec

/** Adds another API's paths, tags and components; a component defined differently twice is a bug, and says so. */
const mergeApi = <Id extends string, Groups extends HttpApiGroup.Constraint>(spec: Spec, api: HttpApi.HttpApi<Id, Groups>): void => {
  const other = OpenApi.fromApi(api)
  Object.assign(spec.paths, other.paths)
  spec.tags.push(...other.tags)
  for (const [name, schema] of Object.entries(other.components.schemas)) {
    const existing = spec.components.schemas[name]
    if (existing !== undefined && JSON.stringify(existing) !== JSON.stringify(schema)) {
      throw new Error(`the reference defines the component schema ${name} twice, differently`)
    }
    spec.components.schemas[name] = schema
  }
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null && !Array.isArray(value)

/** The literal a named object schema has at `property`, as Effect emits it (`{"type":"string","enum":[value]}`). */
const literalAt = (schema: unknown, property: string): unknown => {
  const properties = isRecord(schema) ? schema["properties"] : undefined
  const field = isRecord(properties) ? properties[property] : undefined
  const values = isRecord(field) ? field["enum"] : undefined
  return Array.isArray(values) && values.length === 1 ? values[0] : undefined
}

/**
 * A union of objects told apart by a literal property, as `oneOf` with a `discriminator`, so generators and
 * readers pick the member by that property. Effect emits `anyOf`: its unions try members in order, and here the
 * members exclude each other, so exactly one matches.
 */
const discriminate = (spec: Spec, component: string, property: string): void => {
  const schemas = spec.components.schemas
  const union = schemas[component]
  const members = union?.["anyOf"]
  if (union === undefined || !Array.isArray(members)) {
    throw new Error(`${component} is not a union in the reference`)
  }
  const mapping: Record<string, string> = {}
  for (const member of members) {
    const ref = isRecord(member) ? member["$ref"] : undefined
    const value = typeof ref === "string" ? literalAt(schemas[ref.replace("#/components/schemas/", "")], property) : undefined
    if (typeof ref !== "string" || typeof value !== "string") {
      throw new Error(`${component}: every member must be a named object with a literal ${property}`)
    }
    mapping[value] = ref
  }
  const { anyOf, ...rest } = union
  schemas[component] = { ...rest, oneOf: anyOf, discriminator: { propertyName: property, mapping } }
}

/** What the envelope's fields and the `details` fields the errors share mean, wherever their schemas do not say. */
const envelopeFields: Readonly<Record<string, string>> = {
  error: "The error.",
  code: "Stable, for programs: one of the codes in the introduction's table.",
  message: "For people; its wording may change.",
  details: "More about this error, typed per error: the fields below."
}
const detailFields: Readonly<Record<string, string>> = {
  reason: "Which case of this error it is.",
  resource: "What was not found.",
  id: "The id (or JID) that was asked for.",
  capability: "The capability the caller lacks.",
  groupJid: "The group concerned.",
  jid: "The participant concerned.",
  sessionId: "The session concerned.",
  sessionStatus: "The session's status when the call was refused.",
  retryAfterSeconds: "Seconds to wait before retrying; `Retry-After` says the same.",
  maxBytes: "The largest body accepted, in bytes.",
  allow: "The methods the path has."
}

const describe = (properties: unknown, descriptions: Readonly<Record<string, string>>): void => {
  if (!isRecord(properties)) return
  for (const [name, schema] of Object.entries(properties)) {
    const description = descriptions[name]
    if (isRecord(schema) && schema["description"] === undefined && description !== undefined) schema["description"] = description
  }
}

/**
 * Describes the error envelopes' fields (`{"error":{"code","message","details"}}`) where the error schemas leave
 * them bare: an envelope is a component whose only property is `error`, an object with a literal `code`.
 */
const describeEnvelopes = (spec: Spec): void => {
  for (const schema of Object.values(spec.components.schemas)) {
    const error = isRecord(schema["properties"]) ? schema["properties"]["error"] : undefined
    const fields = isRecord(error) ? error["properties"] : undefined
    if (!isRecord(fields) || literalAt(error, "code") === undefined) continue
    describe(schema["properties"], envelopeFields)
    describe(fields, envelopeFields)
    const details = fields["details"]
    if (isRecord(details)) describe(details["properties"], detailFields)
  }
}

/**
 * Completes the generated document: the operations routes and the simulator controls with their own tags, the send
 * body as a discriminated `oneOf`, and the error envelopes' fields described.
 */
export const completeDocument = (generated: Spec): Spec => {
  const spec = structuredClone(generated)
  mergeApi(spec, SimulatorApi)
  mergeApi(spec, OperationsReference)
  discriminate(spec, "SendMessageBody", "type")
  describeEnvelopes(spec)
  return spec
}

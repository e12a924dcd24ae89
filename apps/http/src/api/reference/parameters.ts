import { GroupJid, InviteCode, SessionId, UserJidInput } from "@wagate/core"
import { Schema } from "effect"

/** What the reference says of one parameter. */
export interface ParameterDoc {
  readonly description: string
  readonly example?: string | number | boolean
  /**
   * The parameter's schema in the document, where the generated one says less than the server checks (a pattern)
   * or shows the wire string instead of the value the server parses (`limit` is an integer, `async` a boolean).
   */
  readonly schema?: Record<string, unknown>
}

/** A core schema as JSON Schema, so a parameter's pattern is the one the use-cases check. */
const jsonSchemaOf = (schema: Schema.Top): Record<string, unknown> => {
  const { description: _description, examples: _examples, ...rest } = Schema.toJsonSchemaDocument(schema).schema as Record<string, unknown>
  return rest
}

/** The parameters every operation names the same way, by name. */
export const defaultParameters: Readonly<Record<string, ParameterDoc>> = {
  session: {
    description: "The session's id (1 to 64 of `A-Z a-z 0-9 _ -`). A session of another organisation is not found (404).",
    example: "alice",
    schema: jsonSchemaOf(SessionId)
  },
  gid: {
    description: "The group's JID, `<digits>[-<digits>]@g.us`; the `@` may be sent as is or percent-encoded (`%40`).",
    example: "120363000000000001@g.us",
    schema: jsonSchemaOf(GroupJid)
  },
  cid: {
    description: "The community's JID, `<digits>[-<digits>]@g.us` (a community is a parent group); `@` may be sent as `%40`.",
    example: "120363000000000002@g.us",
    schema: jsonSchemaOf(GroupJid)
  },
  jid: {
    description:
      "The member: a phone JID (`<7 to 15 digits>@s.whatsapp.net`), a LID (`<1 to 20 digits>@lid`) or a phone number (percent-encode `+` and spaces). Either form finds the member whichever the group lists it by.",
    example: "6281111111111@s.whatsapp.net",
    schema: jsonSchemaOf(UserJidInput)
  },
  code: {
    description: "The invite code: the last path segment of `https://chat.whatsapp.com/<code>`.",
    example: "i720Ec80Z4WwwW6F2Vkvsg",
    schema: jsonSchemaOf(InviteCode)
  },
  limit: {
    description: "How many items a page holds, 1 to 1000.",
    example: 100,
    schema: { type: "integer", minimum: 1, maximum: 1000, default: 100 }
  },
  cursor: {
    description: "Where the page starts: the `nextCursor` of the previous page; empty or absent for the first page. Opaque: a cursor this API did not return is a 400.",
    schema: { type: "string" }
  },
  prefer: {
    description: "`return=representation` asks for one result per participant (200 with `{items}`) instead of an empty 204 (RFC 7240).",
    example: "return=representation",
    schema: { type: "string" }
  },
  "idempotency-key": {
    description:
      "Makes a retry safe: a key already seen for your organisation returns the original result and status and sends nothing; the same key with a different body is 409. 1 to 255 printable ASCII characters; keys are scoped to the organisation.",
    example: "poll-1",
    schema: { type: "string", minLength: 1, maxLength: 255, pattern: "^[\\x21-\\x7e][\\x20-\\x7e]{0,254}$" }
  },
  async: {
    description: "`true` would queue the message and answer 202 at once; asynchronous sending is not built in v1, so `true` answers 501 `not_implemented`. Default `false`: wait for WhatsApp's acknowledgement.",
    example: false,
    schema: { type: "boolean", default: false }
  },
  accept: {
    description: "`application/json` (the default) for `{qr, expiresAt}`, `image/png` or `image/svg+xml` for the picture; `q` values are honoured.",
    example: "image/png",
    schema: { type: "string" }
  }
}

import { errors } from "./examples.ts"
import { invalid, invalidPage, missing } from "./meanings.ts"
import type { OperationDoc } from "./Reference.ts"

export const apiKeysTag =
  "Api keys (`wgk_…`) authenticate scripts and services: send one as `Authorization: Bearer <key>`. A key carries its organisation and a fixed set of capabilities. The gateway stores only its SHA-256 hash, so the key is shown once, when it is created. The CLI does the same on the same store (`wagate apikey create|list|revoke`)."

const created = {
  id: "01M80R7GPBPZ2KY6QHCPNE1SJP",
  key: "wgk_dLNB-A4cvs2vjkINGVaVipNdRn1-Zakdat6q35zfeRM",
  name: "ops",
  capabilities: ["read", "send"],
  createdAt: "2026-11-22T03:41:01.625Z"
}

export const createApiKey: OperationDoc = {
  summary: "Create an api key",
  what:
    "Mints an api key for your organisation with the capabilities you list. The key itself (`wgk_…`) is in this response only: store it now.",
  capability: "manage",
  served: "gateway",
  success: "**201 Created** with the key and its record.",
  sideEffects: "The key's hash is stored; the key works at once.",
  idempotency: "Not idempotent: each call mints another key.",
  notes: "A caller can never mint a capability it lacks itself: a `manage` key without `send` cannot create a `send` key.",
  errors: {
    validation_error: invalid("no capabilities, an unknown or repeated one, or a `name` over 255 characters", {
      invalidCapability: errors.invalidCapability,
      unknownField: errors.unknownField
    }),
    forbidden: {
      when: "the caller lacks `manage`, or lacks one of the capabilities it asks for (`details.capability` names it).",
      examples: { missingCapability: errors.missingManage }
    }
  },
  request: { readSend: { summary: "A key that reads and sends", value: { name: "ops", capabilities: ["read", "send"] } } },
  responses: { 201: { description: "The new key, shown this once.", examples: { created: { summary: "A new key", value: created } } } }
}

export const listApiKeys: OperationDoc = {
  summary: "List api keys",
  what: "Lists your organisation's api keys, revoked ones included, without the keys themselves.",
  capability: "manage",
  served: "gateway",
  success: "**200 OK** with a `List` of ApiKey.",
  sideEffects: "None.",
  idempotency: "A read: safe to repeat.",
  errors: {
    validation_error: invalidPage,
    forbidden: missing("manage")
  },
  responses: {
    200: {
      description: "A page of api keys.",
      examples: {
        one: {
          summary: "One key, never used",
          value: {
            items: [{ id: created.id, name: "ops", capabilities: ["read", "send"], createdAt: created.createdAt, lastUsedAt: null, revokedAt: null }],
            nextCursor: ""
          }
        }
      }
    }
  }
}

export const revokeApiKey: OperationDoc = {
  summary: "Revoke an api key",
  what: "Revokes one of your organisation's api keys: it is refused from the next request on (401).",
  capability: "manage",
  served: "gateway",
  success: "**204 No Content**.",
  sideEffects: "The key's record gets `revokedAt`; requests with the key are refused at once.",
  idempotency: "Idempotent: revoking a revoked key answers 204 again.",
  errors: {
    validation_error: {
      when:
        "a request the gateway cannot decode (declared for every call); in practice nothing here can be malformed: any key id is looked up, and an unknown one is 404.",
      examples: { invalidJson: errors.invalidJson }
    },
    forbidden: missing("manage"),
    not_found: { when: "no key with this id belongs to your organisation (`details.resource`: `api_key`).", examples: { apiKeyNotFound: errors.apiKeyNotFound } }
  },
  parameters: {
    id: { description: "The key's id (from its creation or `GET /api-keys`), not the key itself.", example: created.id, schema: { type: "string", minLength: 1 } }
  }
}

import {
  ApiKeyId,
  ApiKeyStore,
  createApiKey,
  listApiKeys,
  OrgId,
  type Principal,
  revokeApiKey
} from "@wagate/core"
import { Console, Effect, Option } from "effect"
import { Argument, Command, Flag } from "effect/cli"
import { Store } from "../Store.ts"

const CAPABILITIES: ReadonlyArray<string> = ["read", "send", "manage"]

/** The operator acts for the organisation named on the command line, with every capability. */
const operatorOf = (org: OrgId): Principal => ({ orgId: org, capabilities: ["read", "send", "manage"] })

const org = Flag.String("org").pipe(Flag.withDescription("The organisation"), Flag.withSchema(OrgId))

const create = Command.make(
  "create",
  {
    org,
    caps: Flag.String("caps").pipe(Flag.withDescription("Capabilities, comma-separated: read,send,manage")),
    name: Flag.String("name").pipe(Flag.withDescription("A name to recognise the key by"), Flag.optional)
  },
  Effect.fn("cli.apikey.create")(function*({ org, caps, name }) {
    const capabilities = caps.split(",").map((c) => c.trim()).filter((c) => c !== "")
    const unknown = capabilities.filter((c) => !CAPABILITIES.includes(c))
    if (unknown.length > 0) {
      return yield* Effect.fail(new Error(`unknown capability ${unknown.join(", ")}: use read, send, manage`))
    }
    const created = yield* createApiKey(operatorOf(org), { capabilities, name: Option.getOrNull(name) }).pipe(
      Effect.provide(Store.layer)
    )
    yield* Console.log(`created api key ${created.id} for ${created.orgId} with ${created.capabilities.join(", ")}`)
    yield* Console.log(created.key)
    yield* Console.log("this is the only time the key is shown: keep it now")
  })
).pipe(Command.withDescription("Create an api key; it is printed once"))

const list = Command.make(
  "list",
  { org },
  Effect.fn("cli.apikey.list")(function*({ org }) {
    yield* Effect.gen(function*() {
      let cursor = ""
      let count = 0
      do {
        const page = yield* listApiKeys(operatorOf(org), { limit: 1000, cursor })
        for (const key of page.items) {
          count += 1
          const state = key.revokedAt === null ? "active" : `revoked ${key.revokedAt}`
          yield* Console.log(
            [key.id, key.name ?? "-", key.capabilities.join(","), `created ${key.createdAt}`, `last used ${key.lastUsedAt ?? "never"}`, state].join("  ")
          )
        }
        cursor = page.nextCursor
      } while (cursor !== "")
      if (count === 0) yield* Console.log(`no api keys for ${org}`)
    }).pipe(Effect.provide(Store.layer))
  })
).pipe(Command.withDescription("List an organisation's api keys (never the keys themselves)"))

const revoke = Command.make(
  "revoke",
  { id: Argument.String("id").pipe(Argument.withDescription("The key's id, as `list` shows it"), Argument.withSchema(ApiKeyId)) },
  Effect.fn("cli.apikey.revoke")(function*({ id }) {
    yield* Effect.gen(function*() {
      const keys = yield* ApiKeyStore
      const found = yield* keys.findById(id)
      if (Option.isNone(found)) {
        return yield* Effect.fail(new Error(`no api key ${id}`))
      }
      yield* revokeApiKey(operatorOf(found.value.orgId), id)
      yield* Console.log(`revoked api key ${id} of ${found.value.orgId}; it is refused from now on`)
    }).pipe(Effect.provide(Store.layer))
  })
).pipe(Command.withDescription("Revoke an api key at once"))

/** `wagate apikey create|list|revoke`. */
export const apikey = Command.make("apikey").pipe(
  Command.withDescription("Manage api keys in the configured store (the HTTP alternative: /api/v1/api-keys)"),
  Command.withSubcommands([create, list, revoke])
)


import { assert, describe, layer } from "@effect/vitest"
import {
  type Conflict,
  MissingCapability,
  NotFound,
  type RateLimited,
  SessionNotConnected,
  Unauthorized,
  ValidationError
} from "@wagate/core"
import { makeWagateFetchClient, type WagateClient } from "@wagate/http/client"
import { Effect } from "effect"
import { disconnect, newSession } from "./support/endpoints.ts"
import { TestGateway, tokens } from "./support/gateway.ts"
import { serverPort } from "./support/rawHttp.ts"

// The README's "Calling it from TypeScript" example, kept compiling and running here against a real listening
// gateway (only the base URL and the token differ).
const readmeExample = (baseUrl: string, token: string) =>
  Effect.gen(function*() {
    const client = yield* makeWagateFetchClient({ baseUrl, token })
    const session = yield* client.sessions.create({ payload: { id: "carol" } })
    // A phone number is as good as a JID wherever the API takes a user.
    const group = yield* client.groups.create({
      params: { session: session.id },
      payload: { name: "Ops", participants: ["+62 812 3456 7890"] }
    })
    // Query and headers that are all optional can be left out.
    const { items } = yield* client.sessions.list({})
    yield* client.messages.send({ params: { session: session.id }, payload: { type: "text", to: group.groupJid, text: "hello" } })
    // Every error the gateway answers is a tagged class from @wagate/core: handle the ones you expect by name.
    const missing = yield* client.groups.get({ params: { session: session.id, gid: "120363999999999999@g.us" } }).pipe(
      Effect.as("found"),
      Effect.catchTag("NotFound", (error) => Effect.succeed(`no ${error.resource} ${error.id}`))
    )
    return { group: group.subject, sessions: items.length, missing }
  }).pipe(
    Effect.catchTags({
      Conflict: (error) => Effect.fail(`session id taken: ${error.message}`),
      ValidationError: (error) => Effect.fail(`invalid input: ${JSON.stringify(error.details)}`),
      Unauthorized: (error) => Effect.fail(`check the token (${error.reason})`)
    })
  )

// Type-level checks: this file does not compile if the client loses them.
type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends (<T>() => T extends B ? 1 : 2) ? true : false
const holds = <T extends true>(_proof?: T) => undefined
type ErrorOf<F> = F extends (...args: never) => Effect.Effect<unknown, infer E, unknown> ? E : never
type GetSessionErrors = ErrorOf<WagateClient["sessions"]["get"]>
// A stored read can be answered 404; it is never rate limited or in conflict.
holds<NotFound extends GetSessionErrors ? true : false>()
holds<Equal<Extract<GetSessionErrors, RateLimited | Conflict>, never>>()
holds<RateLimited extends ErrorOf<WagateClient["messages"]["send"]> ? true : false>()
// Optional query and headers may be left out, and user inputs take phone numbers; required parts may not.
const typeChecks = (client: WagateClient) => [
  client.sessions.list(),
  client.apiKeys.list({}),
  client.messages.send({ params: { session: "s" }, payload: { type: "text", to: "+62 812 3456 7890", text: "hi" } }),
  client.members.add({ params: { session: "s", gid: "1@g.us" }, payload: { participants: ["081234567890"] } })
]
// The session is a required path parameter; a text message needs its text.
holds<{} extends Parameters<WagateClient["sessions"]["get"]>[0] ? false : true>()
type SendInput = Parameters<WagateClient["messages"]["send"]>[0]
holds<{ readonly params: { readonly session: "s" }; readonly payload: { readonly type: "text"; readonly to: string } } extends SendInput ? false : true>()
holds<{ readonly params: { readonly session: "s" }; readonly payload: { readonly type: "text"; readonly to: string; readonly text: string } } extends SendInput ? true : false>()
// A stored group read is never rate limited: a handler cannot fail with an error its endpoint does not declare,
// and the client lists exactly the declared ones.
holds<Equal<Extract<ErrorOf<WagateClient["groups"]["get"]>, RateLimited>, never>>()

describe("the typed client", () => {
  layer(TestGateway())((it) => {
    it.effect("the README example runs against a listening gateway, over fetch", () =>
      Effect.gen(function*() {
        const baseUrl = `http://127.0.0.1:${yield* serverPort}`
        const result = yield* readmeExample(baseUrl, tokens.acme)
        assert.deepStrictEqual(result, { group: "Ops", sessions: result.sessions, missing: "no group 120363999999999999@g.us" })
        assert.isAtLeast(result.sessions, 1)
        assert.strictEqual(yield* Effect.flip(readmeExample(baseUrl, tokens.acme)), "session id taken: session id carol is taken")
        assert.strictEqual(yield* Effect.flip(readmeExample(baseUrl, "not-a-token")), "check the token (invalid)")
        assert.isFunction(typeChecks)
      }))

    it.effect("optional query and headers may be left out; phone numbers go where users do", () =>
      Effect.gen(function*() {
        const client = yield* makeWagateFetchClient({ baseUrl: `http://127.0.0.1:${yield* serverPort}`, token: tokens.acme })
        const { id } = yield* newSession("typed")
        assert.include((yield* client.sessions.list()).items.map((s) => s.id), id)
        assert.include((yield* client.sessions.list({})).items.map((s) => s.id), id)
        assert.strictEqual((yield* client.sessions.list({ query: { limit: 1 } })).items.length, 1)
        const group = yield* client.groups.create({ params: { session: id }, payload: { name: "G", participants: ["+62 812-3456-7891"] } })
        const added = yield* client.members.add({
          params: { session: id, gid: group.groupJid },
          headers: { prefer: "return=representation" },
          payload: { participants: ["+62 (812) 3456 7892", "6281234567893@s.whatsapp.net"] }
        })
        assert.deepStrictEqual(added?.items.map((r) => [r.jid, r.status]), [
          ["6281234567892@s.whatsapp.net", "added"],
          ["6281234567893@s.whatsapp.net", "added"]
        ])
        assert.isUndefined(
          yield* client.members.add({ params: { session: id, gid: group.groupJid }, payload: { participants: ["6281234567894"] } })
        )
        const sent = yield* client.messages.send({ params: { session: id }, payload: { type: "text", to: "+62 812 3456 7895", text: "hi" } })
        assert.deepStrictEqual([sent.to, sent.status], ["6281234567895@s.whatsapp.net", "sent"])
        const qr = yield* Effect.flip(client.sessions.qr({ params: { session: id } }))
        assert.strictEqual(qr._tag, "Conflict")
      }))

    it.effect("errors are the core's tagged classes, so catchTag picks them by name", () =>
      Effect.gen(function*() {
        const baseUrl = `http://127.0.0.1:${yield* serverPort}`
        const client = yield* makeWagateFetchClient({ baseUrl, token: tokens.acme })
        const reader = yield* makeWagateFetchClient({ baseUrl, token: tokens.acmeReader })
        const stranger = yield* makeWagateFetchClient({ baseUrl, token: "nobody" })
        const { id } = yield* newSession("errors")

        assert.deepStrictEqual(
          yield* Effect.flip(client.sessions.get({ params: { session: "never-created" } })),
          new NotFound({ resource: "session", id: "never-created" })
        )
        assert.deepStrictEqual(yield* Effect.flip(reader.sessions.delete({ params: { session: id } })), new MissingCapability({ capability: "manage" }))
        // What the body's own shape rules out (`name: ""`) the client refuses before sending (a SchemaError); the
        // rest the gateway answers, as the same ValidationError the use-cases raise.
        const invalid = yield* Effect.flip(
          client.groups.create({ params: { session: id }, payload: { name: "G", participants: ["nope", "+62 81"] } })
        )
        if (!(invalid instanceof ValidationError)) return assert.fail(`expected a ValidationError, got ${String(invalid)}`)
        assert.deepStrictEqual(Object.keys(invalid.details).sort(), ["participants.0", "participants.1"])
        const unauthorized = yield* Effect.flip(stranger.sessions.list())
        assert.instanceOf(unauthorized, Unauthorized)
        yield* disconnect(id)
        const offline = yield* Effect.flip(client.groups.create({ params: { session: id }, payload: { name: "G", participants: ["6281234567890"] } }))
        assert.deepStrictEqual(offline, new SessionNotConnected({ sessionId: id, status: "disconnected" }))

        const handled = yield* client.sessions.get({ params: { session: "never-created" } }).pipe(
          Effect.as("found"),
          Effect.catchTag("NotFound", (error) => Effect.succeed(`missing ${error.resource}`))
        )
        assert.strictEqual(handled, "missing session")
      }))
  })
})

import { assert, describe, layer } from "@effect/vitest"
import { Effect } from "effect"
import { api, disconnect, expectError, expectNoContent, newGroup, newSession, reconnect } from "../support/endpoints.ts"
import { clientFor, raw, TestGateway, tokens } from "../support/gateway.ts"

const presencePath = (session: string, jid: string) => api(`/sessions/${session}/chats/${jid}/presence`)

describe("chats", () => {
  layer(TestGateway())((it) => {
    it.effect("POST /chats/{jid}/presence is 204 for a user by JID, by number, and for a group", () =>
      Effect.gen(function*() {
        const { id } = yield* newSession("presence")
        const gid = yield* newGroup(id)
        expectNoContent(yield* raw("POST", presencePath(id, "6281200000001@s.whatsapp.net"), { json: { state: "composing" } }))
        expectNoContent(yield* raw("POST", presencePath(id, encodeURIComponent("+62 812 0000 0001")), { json: { state: "paused" } }))
        expectNoContent(yield* raw("POST", presencePath(id, encodeURIComponent(gid)), { json: { state: "recording" }, token: tokens.acmeSender }))
        const client = yield* clientFor(tokens.acme)
        const [, response] = yield* client.chats.presence({
          params: { session: id, jid: gid },
          payload: { state: "composing" },
          responseMode: "decoded-and-response"
        })
        assert.strictEqual(response.status, 204)
      }))

    it.effect("a bad state or chat is 400 naming the field; a reader is 403; another organisation's session is 404", () =>
      Effect.gen(function*() {
        const { id } = yield* newSession("presence-errors")
        const to = presencePath(id, "6281200000001@s.whatsapp.net")
        yield* expectError(yield* raw("POST", to, { json: { state: "typing" } }), 400, "validation_error", ["state"])
        yield* expectError(yield* raw("POST", to, { json: {} }), 400, "validation_error", ["state"])
        yield* expectError(yield* raw("POST", to, { json: { state: "paused", media: "audio" } }), 400, "validation_error", ["media"])
        yield* expectError(yield* raw("POST", presencePath(id, "not-a-chat"), { json: { state: "paused" } }), 400, "validation_error", ["jid"])
        const forbidden = yield* expectError(yield* raw("POST", to, { json: { state: "composing" }, token: tokens.acmeReader }), 403, "forbidden")
        assert.deepStrictEqual(forbidden.details, { capability: "send" })
        yield* expectError(yield* raw("POST", to, { json: { state: "composing" }, token: tokens.globex }), 404, "not_found")
        yield* expectError(yield* raw("POST", presencePath("no-such-session", "6281200000001@s.whatsapp.net"), { json: { state: "composing" } }), 404, "not_found")
      }))

    it.effect("a disconnected session is 501 not_implemented; connected again, 204", () =>
      Effect.gen(function*() {
        const { id } = yield* newSession("presence-offline")
        const to = presencePath(id, "6281200000001@s.whatsapp.net")
        yield* disconnect(id)
        const error = yield* expectError(yield* raw("POST", to, { json: { state: "composing" } }), 501, "not_implemented")
        assert.strictEqual((error.details as Record<string, unknown> | undefined)?.["reason"], "session_not_connected")
        yield* reconnect(id)
        expectNoContent(yield* raw("POST", to, { json: { state: "composing" } }))
      }))
  })
})

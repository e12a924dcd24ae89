import { assert, describe, layer } from "@effect/vitest"
import { Effect } from "effect"
import { api, eventually, expectError, expectJson, expectNoContent, newGroup, newSession } from "../support/endpoints.ts"
import { raw, TestGateway, tokens } from "../support/gateway.ts"

const control = (session: string, action: string, json?: unknown, token: string = tokens.acme) =>
  raw("POST", api(`/_simulator/sessions/${session}:${action}`), json === undefined ? { token } : { json, token })

const statusOf = (session: string) =>
  Effect.map(raw("GET", api(`/sessions/${session}`)), (response) => (expectJson(response, 200) as { status: string }).status)

describe("_simulator controls in the in-process world", () => {
  layer(TestGateway())((it) => {
    it.effect(":link is a no-op (sessions connect at once); a LID or an unknown field is 400; another org's session 404", () =>
      Effect.gen(function*() {
        const { id } = yield* newSession("sim-link")
        expectNoContent(yield* control(id, "link", {}))
        expectNoContent(yield* control(id, "link", { phone: "+62 812 3456 7890" }))
        assert.strictEqual(yield* statusOf(id), "connected")
        yield* expectError(yield* control(id, "link", { phone: "123456789@lid" }), 400, "validation_error", ["phone"])
        yield* expectError(yield* control(id, "link", { phone: "not a phone" }), 400, "validation_error", ["phone"])
        yield* expectError(yield* control(id, "link", { qr: "x" }), 400, "validation_error", ["qr"])
        yield* expectError(yield* control(id, "link", {}, tokens.globex), 404, "not_found")
        yield* expectError(yield* control(id, "link", {}, tokens.acmeSender), 403, "forbidden")
      }))

    it.effect(":drop closes the connection once: the session is connected again and live actions work", () =>
      Effect.gen(function*() {
        const { id } = yield* newSession("sim-drop")
        expectNoContent(yield* control(id, "drop"))
        // The drop's two status changes reach the store through the inbound worker, after the control answers.
        assert.strictEqual(yield* eventually(statusOf(id), (status) => status === "connected", 200), "connected")
        yield* newGroup(id)
        yield* expectError(yield* control("nobody", "drop"), 404, "not_found")
      }))

    it.effect(":unlink is 501 in the in-process world, which does not model it; the session stays connected", () =>
      Effect.gen(function*() {
        const { id } = yield* newSession("sim-unlink")
        const error = yield* expectError(yield* control(id, "unlink"), 501, "not_implemented")
        assert.include(error.message, "npm run sandbox")
        assert.strictEqual(yield* statusOf(id), "connected")
      }))
  })
})

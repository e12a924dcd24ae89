import { assert, describe, it } from "@effect/vitest"
import { notAField } from "@wagate/core"
import { Effect } from "effect"
import { api, expectError, groupPath, newGroup, newSession } from "../support/endpoints.ts"
import { raw, TestGateway, tokens } from "../support/gateway.ts"
import { rawRequest, serverPort } from "../support/rawHttp.ts"

/** Asserts the contract's envelope: the status, the code, and nothing that leaks internals. */
const envelope = (response: { readonly status: number; readonly text: string; readonly json: unknown }, status: number, code: string) => {
  assert.strictEqual(response.status, status, response.text)
  const body = response.json as { error?: { code?: string; message?: string } }
  assert.strictEqual(body.error?.code, code, response.text)
  assert.isString(body.error?.message)
  assert.notMatch(response.text, /_tag|at .*\.ts:\d+|Error:|SELECT /, "no internals")
}

describe("malformed requests over the real gateway get the envelope", () => {
  it.effect("unknown route, wrong method, not JSON, not an object, wrong field type, missing body, over 1 MiB", () =>
    Effect.gen(function*() {
      yield* raw("POST", "/api/v1/sessions", { json: { id: "m1" } })
      envelope(yield* raw("GET", "/api/v1/nowhere"), 404, "not_found")
      envelope(yield* raw("GET", "/nowhere", { token: null }), 404, "not_found")
      const wrongMethod = yield* raw("PUT", "/api/v1/sessions/m1")
      envelope(wrongMethod, 405, "method_not_allowed")
      assert.include(wrongMethod.headers["allow"] ?? "", "GET")
      envelope(yield* raw("POST", "/api/v1/sessions", { body: "{not json" }), 400, "validation_error")
      envelope(yield* raw("POST", "/api/v1/sessions", { body: "[1,2]" }), 400, "validation_error")
      envelope(yield* raw("POST", "/api/v1/sessions", { body: "hello", headers: { "content-type": "text/plain" } }), 400, "validation_error")
      const wrongType = yield* raw("POST", "/api/v1/sessions/m1/groups", { json: { name: 42, participants: ["6281234567890"] } })
      envelope(wrongType, 400, "validation_error")
      assert.property((wrongType.json as { error: { details: object } }).error.details, "name")
      envelope(yield* raw("POST", "/api/v1/sessions/m1/groups"), 400, "validation_error")
      const big = JSON.stringify({ name: "x".repeat(1024 * 1024 + 10), participants: ["6281234567890"] })
      envelope(yield* raw("POST", "/api/v1/sessions/m1/groups", { body: big }), 413, "payload_too_large")
      envelope(yield* raw("GET", "/api/v1/sessions?limit=abc"), 400, "validation_error")
      envelope(yield* raw("GET", "/api/v1/sessions", { token: "wrong" }), 401, "unauthorized")
      envelope(yield* raw("GET", "/api/v1/sessions/m1", { token: tokens.globex }), 404, "not_found")
    }).pipe(Effect.provide(TestGateway())))
})

describe("text the store cannot hold", () => {
  it.effect("a NUL or a lone surrogate in any field is 400 naming it, and nothing reaches WhatsApp or the store", () =>
    Effect.gen(function*() {
      yield* raw("POST", "/api/v1/sessions", { json: { id: "nul" } })
      const group = yield* raw("POST", "/api/v1/sessions/nul/groups", { body: '{"name":"a\\u0000b","participants":["6281234567890"]}' })
      envelope(group, 400, "validation_error")
      assert.property((group.json as { error: { details: object } }).error.details, "name")
      const text = yield* raw("POST", "/api/v1/sessions/nul/messages", { body: '{"type":"text","to":"6281234567890","text":"\\ud800"}' })
      envelope(text, 400, "validation_error")
      const session = yield* raw("POST", "/api/v1/sessions", { body: '{"id":"ok2","name":"x\\u0000"}' })
      envelope(session, 400, "validation_error")
      const listed = yield* raw("GET", "/api/v1/sessions/nul/groups")
      assert.deepStrictEqual((listed.json as { items: Array<unknown> }).items, [], "no group was created")
      const unknownRoute = yield* raw("GET", "/api/v1/nowhere")
      assert.deepStrictEqual((unknownRoute.json as { error: { details: unknown } }).error.details, {}, "details is always there")
    }).pipe(Effect.provide(TestGateway())))
})

describe("body fields the operation does not define", () => {
  it.effect("are 400 validation_error naming each by its dotted path, on every kind of body, and nothing happens", () =>
    Effect.gen(function*() {
      const unknown = Effect.fn("unknown")(function*(method: "POST" | "PATCH", path: string, json: unknown, fields: ReadonlyArray<string>) {
        const response = yield* raw(method, path, { json })
        const error = yield* expectError(response, 400, "validation_error", fields, `${method} ${path}`)
        for (const field of fields) assert.strictEqual(error.details?.[field], notAField, `${path}: ${field}`)
        return error
      })
      yield* unknown("POST", api("/sessions"), { id: "unk-1", colour: "red" }, ["colour"])
      yield* expectError(yield* raw("GET", api("/sessions/unk-1")), 404, "not_found")

      const { id } = yield* newSession("unknown-fields")
      const to = "6281234567890"
      yield* unknown("POST", api(`/sessions/${id}/groups`), { name: "G", participants: [to], topic: "x" }, ["topic"])
      yield* unknown("POST", api(`/sessions/${id}/groups`), { name: "G", participants: [to], settings: { isLocked: true, pinned: 1 } }, [
        "settings.pinned"
      ])
      const listed = yield* raw("GET", api(`/sessions/${id}/groups`))
      assert.deepStrictEqual((listed.json as { items: Array<unknown> }).items, [], "no group was created")

      const gid = yield* newGroup(id)
      yield* unknown("PATCH", groupPath(id, gid), { subject: "S", settings: { isAnnounce: false, mute: true }, icon: "x" }, [
        "icon",
        "settings.mute"
      ])
      yield* unknown("POST", groupPath(id, gid, "/members"), { participants: [to], notify: true }, ["notify"])
      yield* unknown("POST", api(`/sessions/${id}/groups:join`), { invite: "AAAAAAAAAAAAAAAAAAAAAA", via: "qr" }, ["via"])
      yield* unknown("POST", api(`/sessions/${id}/communities`), { name: "C", icon: "x" }, ["icon"])
      yield* unknown("POST", api("/api-keys"), { capabilities: ["read"], scopes: ["all"] }, ["scopes"])

      const messages = api(`/sessions/${id}/messages`)
      yield* unknown("POST", messages, { type: "text", to, text: "hi", bold: true }, ["bold"])
      yield* unknown("POST", messages, { type: "poll", to, name: "P", options: ["a", "b"], anonymous: true }, ["anonymous"])
      yield* unknown("POST", messages, { type: "location", to, latitude: 1, longitude: 2, altitude: 3 }, ["altitude"])
      yield* unknown("POST", messages, { type: "contact", to, contacts: [{ name: "A", phone: "+62 812 3456 7890", email: "a@b.c" }] }, [
        "contacts.0.email"
      ])
      // A media type is answered "not implemented" whatever it carries: its fields are not defined yet.
      yield* expectError(yield* raw("POST", messages, { json: { type: "image", to, url: "https://example.com/a.png" } }), 501, "not_implemented")
    }).pipe(Effect.provide(TestGateway())))
})

describe("bytes and headers no HTTP client sends, over a raw socket", () => {
  it.effect("a JSON body that is not UTF-8 is 400 naming the body, and nothing is stored; real UTF-8 is kept as sent", () =>
    Effect.gen(function*() {
      const port = yield* serverPort
      const { id } = yield* newSession("utf8")
      const auth = [["authorization", `Bearer ${tokens.acme}`], ["content-type", "application/json"]] as const
      const encode = (text: string) => new TextEncoder().encode(text)
      // `{"name":"Caf<0xe9>",…}`: Latin-1 é, which UTF-8 has no reading of; and a lone continuation byte.
      for (const bad of [[0xe9], [0x80], [0xc3, 0x28], [0xed, 0xa0, 0x80]]) {
        const body = new Uint8Array([...encode('{"name":"Caf'), ...bad, ...encode('","participants":["6281234567890"]}')])
        const response = yield* rawRequest(port, { method: "POST", target: api(`/sessions/${id}/groups`), headers: auth, body })
        const error = yield* expectError({ ...response }, 400, "validation_error", ["body"], `bytes ${bad.join(",")}`)
        assert.deepStrictEqual(error.details, { body: "is not valid UTF-8" })
      }
      const text = new Uint8Array([...encode('{"type":"text","to":"6281234567890","text":"ok'), 0xff, ...encode('"}')])
      yield* expectError({ ...(yield* rawRequest(port, { method: "POST", target: api(`/sessions/${id}/messages`), headers: auth, body: text })) }, 400, "validation_error", ["body"])
      const listed = yield* raw("GET", api(`/sessions/${id}/groups`))
      assert.deepStrictEqual((listed.json as { items: Array<unknown> }).items, [], "no group was created")

      const kept = yield* rawRequest(port, {
        method: "POST",
        target: api(`/sessions/${id}/groups`),
        headers: auth,
        body: encode('{"name":"Grüße 👋 ok","participants":["6281234567890"]}')
      })
      assert.strictEqual(kept.status, 201, kept.text)
      assert.strictEqual((kept.json as { subject: string }).subject, "Grüße 👋 ok")
    }).pipe(Effect.provide(TestGateway())))

  it.effect("two Authorization headers are 401 unauthorized (malformed), whichever comes first; one works", () =>
    Effect.gen(function*() {
      const port = yield* serverPort
      const one = yield* rawRequest(port, { method: "GET", target: api("/sessions"), headers: [["authorization", `Bearer ${tokens.acme}`]] })
      assert.strictEqual(one.status, 200, one.text)
      for (
        const pair of [
          [`Bearer ${tokens.acme}`, `Bearer ${tokens.globex}`],
          [`Bearer ${tokens.acmeReader}`, `Bearer ${tokens.acme}`],
          ["Bearer nonsense", `Bearer ${tokens.acme}`],
          [`Bearer ${tokens.acme}`, `Bearer ${tokens.acme}`]
        ]
      ) {
        const response = yield* rawRequest(port, {
          method: "POST",
          target: api("/sessions"),
          headers: pair.map((value) => ["authorization", value] as const),
          body: JSON.stringify({ id: "two-tokens" })
        })
        const error = yield* expectError({ ...response }, 401, "unauthorized", [], pair.join(" + "))
        assert.deepStrictEqual(error.details, { reason: "malformed" })
        assert.strictEqual(response.headers["www-authenticate"], "Bearer")
      }
      yield* expectError(yield* raw("GET", api("/sessions/two-tokens")), 404, "not_found")
    }).pipe(Effect.provide(TestGateway())))
})

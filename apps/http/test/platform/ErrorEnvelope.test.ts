import { assert, describe, layer } from "@effect/vitest"
import { decodeInput, notAField } from "@wagate/core"
import { Effect } from "effect"
import { HttpServerResponse } from "effect/http"
import { finishBareResponse, maxBodyBytes } from "../../src/platform/ErrorEnvelope.ts"
import { captureLogs, CreateThing, envelopeOf, type Reply, secretInDefect, send, sendBytes, testServer } from "./fixtures.ts"

const logs = captureLogs()

/** What a 500 must never show a caller. */
const assertNoInternals = (reply: Reply) => {
  for (const leak of [secretInDefect, "stack", "_tag", "    at ", "Error:", "SELECT"]) {
    assert.notInclude(reply.text, leak)
  }
}

describe("ErrorEnvelope", () => {
  layer(testServer({ logs: logs.layer }))((it) => {
    it.effect("a 2xx response passes through untouched", () =>
      Effect.gen(function*() {
        const reply = yield* send("POST", "/api/things", { body: JSON.stringify({ name: "lamp", count: 2 }) })
        assert.strictEqual(reply.status, 201)
        assert.deepStrictEqual(reply.json, { id: "t1", name: "lamp" })
      }))

    it.effect("an unknown route is 404 not_found", () =>
      Effect.gen(function*() {
        const reply = yield* send("GET", "/nowhere/at/all")
        assert.strictEqual(reply.status, 404)
        const { error } = envelopeOf(reply)
        assert.strictEqual(error.code, "not_found")
        assert.include(error.message, "/nowhere/at/all")
        assert.strictEqual(reply.headers["content-type"], "application/json")
      }))

    it.effect("a wrong method on a known path is 405 with Allow", () =>
      Effect.gen(function*() {
        const put = yield* send("PUT", "/api/things/abc")
        assert.strictEqual(put.status, 405)
        assert.strictEqual(envelopeOf(put).error.code, "method_not_allowed")
        assert.strictEqual(put.headers["allow"], "GET, HEAD, DELETE")

        const list = yield* send("DELETE", "/api/things")
        assert.strictEqual(list.status, 405)
        assert.strictEqual(list.headers["allow"], "POST")

        // A `::` action path; `abc:archive` is also a valid `:id`, so GET and DELETE match too.
        const archive = yield* send("PUT", "/api/things/abc:archive")
        assert.strictEqual(archive.status, 405)
        assert.strictEqual(archive.headers["allow"], "GET, HEAD, POST, DELETE")

        // The platform's own routes are known too.
        const healthz = yield* send("POST", "/healthz", { body: "{}" })
        assert.strictEqual(healthz.status, 405)
        assert.strictEqual(healthz.headers["allow"], "GET, HEAD")
      }))

    it.effect("a body that is not JSON is 400 validation_error", () =>
      Effect.gen(function*() {
        const reply = yield* send("POST", "/api/things", { body: "{\"name\": \"lamp\"," })
        assert.strictEqual(reply.status, 400)
        const { error } = envelopeOf(reply)
        assert.strictEqual(error.code, "validation_error")
        assert.strictEqual(error.message, "the request body is not valid JSON")
        assert.deepStrictEqual(Object.keys(error.details ?? {}), ["body"])
      }))

    it.effect("a body that is not an object is 400 validation_error", () =>
      Effect.gen(function*() {
        for (const body of ["[]", "\"lamp\"", "42", "null"]) {
          const reply = yield* send("POST", "/api/things", { body })
          assert.strictEqual(reply.status, 400, body)
          const { error } = envelopeOf(reply)
          assert.strictEqual(error.code, "validation_error")
          assert.strictEqual(error.message, "the request body must be a JSON object", body)
          assert.deepStrictEqual(Object.keys(error.details ?? {}), ["body"])
        }
      }))

    it.effect("a missing body is 400 validation_error", () =>
      Effect.gen(function*() {
        const reply = yield* send("POST", "/api/things")
        assert.strictEqual(reply.status, 400)
        const { error } = envelopeOf(reply)
        assert.strictEqual(error.code, "validation_error")
        assert.strictEqual(error.message, "a JSON object body is required")
      }))

    it.effect("a content type other than JSON is 400 validation_error, not 415", () =>
      Effect.gen(function*() {
        const reply = yield* send("POST", "/api/things", { body: "name=lamp", contentType: "application/x-www-form-urlencoded" })
        assert.strictEqual(reply.status, 400)
        const { error } = envelopeOf(reply)
        assert.strictEqual(error.code, "validation_error")
        assert.include(error.message, "application/x-www-form-urlencoded")
        assert.include(error.message, "application/json")
        assert.deepStrictEqual(error.details, { "content-type": "must be application/json" })
      }))

    it.effect("invalid fields are named in details exactly as the use-cases name them, unknown ones too", () =>
      Effect.gen(function*() {
        const input = { name: "", count: 1.5, extra: true }
        const reply = yield* send("POST", "/api/things", { body: JSON.stringify(input) })
        assert.strictEqual(reply.status, 400)
        const { error } = envelopeOf(reply)
        const expected = yield* Effect.flip(decodeInput(CreateThing)(input))
        assert.strictEqual(error.code, "validation_error")
        assert.deepStrictEqual(error.details, expected.details)
        assert.strictEqual(error.message, expected.message)
        assert.deepStrictEqual(Object.keys(error.details ?? {}).sort(), ["count", "extra", "name"])
        assert.strictEqual(error.details?.["extra"], notAField)
      }))

    it.effect("a body that is not UTF-8 is 400 validation_error, not text with U+FFFD", () =>
      Effect.gen(function*() {
        // `{"name":"<0xff 0xfe>","count":1}`: valid JSON around two bytes that are no UTF-8 at all.
        const bytes = new Uint8Array([...new TextEncoder().encode('{"name":"'), 0xff, 0xfe, ...new TextEncoder().encode('","count":1}')])
        const reply = yield* sendBytes("POST", "/api/things", bytes)
        assert.strictEqual(reply.status, 400)
        const { error } = envelopeOf(reply)
        assert.strictEqual(error.code, "validation_error")
        assert.deepStrictEqual(error.details, { body: "is not valid UTF-8" })
      }))

    it.effect("path, query and header failures name the parameter", () =>
      Effect.gen(function*() {
        const path = yield* send("GET", "/api/things/ab")
        assert.strictEqual(path.status, 400)
        assert.strictEqual(envelopeOf(path).error.message, "invalid path parameter id")
        assert.deepStrictEqual(Object.keys(envelopeOf(path).error.details ?? {}), ["id"])

        const query = yield* send("GET", "/api/things/abc?limit=lots")
        assert.strictEqual(query.status, 400)
        assert.strictEqual(envelopeOf(query).error.message, "invalid query parameter limit")
        assert.deepStrictEqual(Object.keys(envelopeOf(query).error.details ?? {}), ["limit"])

        const header = yield* send("GET", "/api/things/abc", { headers: { "x-flag": "maybe" } })
        assert.strictEqual(header.status, 400)
        assert.strictEqual(envelopeOf(header).error.message, "invalid header x-flag")
        assert.deepStrictEqual(Object.keys(envelopeOf(header).error.details ?? {}), ["x-flag"])
      }))

    it.effect("a body over 1 MiB is 413 payload_too_large, declared or streamed", () =>
      Effect.gen(function*() {
        const big = JSON.stringify({ name: "x".repeat(maxBodyBytes), count: 1 })
        const declared = yield* send("POST", "/api/things", { body: big })
        assert.strictEqual(declared.status, 413)
        const { error } = envelopeOf(declared)
        assert.strictEqual(error.code, "payload_too_large")
        assert.deepStrictEqual(error.details, { maxBytes: maxBodyBytes })

        const streamed = yield* send("POST", "/api/things", { body: big, chunked: true })
        assert.strictEqual(streamed.status, 413)
        assert.strictEqual(envelopeOf(streamed).error.code, "payload_too_large")
      }))

    it.effect("a body of exactly 1 MiB is accepted", () =>
      Effect.gen(function*() {
        const frame = JSON.stringify({ name: "", count: 1 })
        const body = JSON.stringify({ name: "x".repeat(maxBodyBytes - frame.length), count: 1 })
        assert.strictEqual(new TextEncoder().encode(body).length, maxBodyBytes)
        const reply = yield* send("POST", "/api/things", { body })
        assert.strictEqual(reply.status, 201)
      }))

    it.effect("a defect is 500 internal naming the request id, with the cause only in the logs", () =>
      Effect.gen(function*() {
        const reply = yield* send("GET", "/api/boom", { headers: { authorization: "Bearer tok-very-secret" } })
        assert.strictEqual(reply.status, 500)
        const { error } = envelopeOf(reply)
        const requestId = reply.headers["x-request-id"] ?? ""
        assert.strictEqual(error.code, "internal")
        assert.include(error.message, requestId)
        assert.deepStrictEqual(error.details, {}, "nothing of the cause in details")
        assertNoInternals(reply)

        const logged = logs.parsed().filter((line) => line.annotations["requestId"] === requestId && line.level === "ERROR")
        assert.strictEqual(logged.length, 1)
        assert.include(logged[0]?.cause ?? "", secretInDefect)
        for (const line of logs.lines) assert.notInclude(line, "tok-very-secret")
      }))

    it.effect("a response that fails to encode is 500 internal", () =>
      Effect.gen(function*() {
        const reply = yield* send("GET", "/api/bad-encoding")
        assert.strictEqual(reply.status, 500)
        assert.strictEqual(envelopeOf(reply).error.code, "internal")
        assertNoInternals(reply)
      }))

    it.effect("declared errors are written by their wire form, headers and all: 401, 429, 503", () =>
      Effect.gen(function*() {
        const unauthorized = yield* send("GET", "/api/fail/unauthorized")
        assert.strictEqual(unauthorized.status, 401)
        assert.deepStrictEqual(unauthorized.json, {
          error: { code: "unauthorized", message: "a bearer token is required", details: { reason: "missing" } }
        })
        assert.strictEqual(unauthorized.headers["www-authenticate"], "Bearer")

        const limited = yield* send("GET", "/api/fail/rate-limited")
        assert.strictEqual(limited.status, 429)
        assert.deepStrictEqual(envelopeOf(limited).error.details, { retryAfterSeconds: 7 })
        assert.strictEqual(limited.headers["retry-after"], "7")

        const unavailable = yield* send("GET", "/api/fail/unavailable")
        assert.strictEqual(unavailable.status, 503)
        assert.deepStrictEqual(envelopeOf(unavailable).error, {
          code: "unavailable",
          message: "the store is unavailable; retry later",
          details: { retryAfterSeconds: 3 }
        })
        assert.strictEqual(unavailable.headers["retry-after"], "3")
        assertNoInternals(unavailable)
      }))

    it.effect("a JSON error body is never read again: only bodiless or plain error responses get an envelope", () =>
      Effect.sync(() => {
        const own = HttpServerResponse.jsonUnsafe({ whatever: true }, { status: 418 })
        assert.strictEqual(finishBareResponse(own, "id-1"), own)
        const bare = finishBareResponse(HttpServerResponse.empty({ status: 503 }), "id-2")
        assert.strictEqual(bare.status, 503)
        assert.match(bare.body._tag === "Uint8Array" ? new TextDecoder().decode(bare.body.body) : "", /"code":"unavailable"/)
      }))

    it.effect("non-2xx responses without an envelope get one", () =>
      Effect.gen(function*() {
        const unauthorized = yield* send("GET", "/plain/401")
        assert.strictEqual(unauthorized.status, 401)
        assert.strictEqual(envelopeOf(unauthorized).error.code, "unauthorized")
        assert.strictEqual(unauthorized.headers["www-authenticate"], "Bearer")

        const unavailable = yield* send("GET", "/plain/503")
        assert.strictEqual(unavailable.status, 503)
        assert.strictEqual(envelopeOf(unavailable).error.code, "unavailable")

        const internal = yield* send("GET", "/plain/500")
        assert.strictEqual(internal.status, 500)
        assert.strictEqual(envelopeOf(internal).error.code, "internal")
        assert.include(envelopeOf(internal).error.message, internal.headers["x-request-id"] ?? "no id")
        assertNoInternals(internal)
      }))

    it.effect("redirects are not errors and pass through", () =>
      Effect.gen(function*() {
        const reply = yield* send("GET", "/plain/302")
        // The test client follows redirects: it lands on /healthz.
        assert.strictEqual(reply.status, 200)
        assert.deepStrictEqual(reply.json, { status: "ok" })
      }))
  })
})

import { assert, describe, it, layer } from "@effect/vitest"
import { Effect } from "effect"
import { isAcceptableRequestId } from "../../src/platform/RequestId.ts"
import { captureLogs, envelopeOf, send, testServer } from "./fixtures.ts"

const ulid = /^[0-9A-HJKMNP-TV-Z]{26}$/
const logs = captureLogs()

describe("RequestId", () => {
  it("accepts 1 to 128 visible ASCII characters only", () => {
    assert.isTrue(isAcceptableRequestId("a"))
    assert.isTrue(isAcceptableRequestId("req-123_ABC.xyz:~!"))
    assert.isTrue(isAcceptableRequestId("x".repeat(128)))
    assert.isFalse(isAcceptableRequestId(undefined))
    assert.isFalse(isAcceptableRequestId(""))
    assert.isFalse(isAcceptableRequestId("x".repeat(129)))
    assert.isFalse(isAcceptableRequestId("has space"))
    assert.isFalse(isAcceptableRequestId("tab\there"))
    assert.isFalse(isAcceptableRequestId("héllo"))
  })

  layer(testServer({ logs: logs.layer }))((it) => {
    it.effect("a fresh ULID is made when the caller sends none, on every kind of response", () =>
      Effect.gen(function*() {
        const replies = [
          yield* send("GET", "/api/things/abc"),
          yield* send("GET", "/nowhere"),
          yield* send("PUT", "/api/things/abc"),
          yield* send("POST", "/api/things", { body: "{" }),
          yield* send("GET", "/api/boom"),
          yield* send("GET", "/api/fail/unauthorized"),
          yield* send("GET", "/healthz")
        ]
        assert.deepStrictEqual(replies.map((reply) => reply.status), [200, 404, 405, 400, 500, 401, 200])
        const ids = replies.map((reply) => reply.headers["x-request-id"] ?? "")
        for (const id of ids) assert.match(id, ulid)
        assert.strictEqual(new Set(ids).size, ids.length)
      }))

    it.effect("an acceptable incoming X-Request-Id is echoed, errors included", () =>
      Effect.gen(function*() {
        const headers = { "x-request-id": "req-123_ABC.xyz" }
        for (const [method, path] of [["GET", "/api/things/abc"], ["GET", "/nowhere"], ["GET", "/api/boom"]] as const) {
          const reply = yield* send(method, path, { headers })
          assert.strictEqual(reply.headers["x-request-id"], "req-123_ABC.xyz", path)
        }
        const tooLarge = yield* send("POST", "/api/things", { body: "x".repeat(2 * 1024 * 1024), headers })
        assert.strictEqual(tooLarge.status, 413)
        assert.strictEqual(tooLarge.headers["x-request-id"], "req-123_ABC.xyz")
      }))

    it.effect("a 500 names the request id the caller sent", () =>
      Effect.gen(function*() {
        const reply = yield* send("GET", "/api/boom", { headers: { "x-request-id": "trace-me-42" } })
        assert.strictEqual(reply.status, 500)
        assert.include(envelopeOf(reply).error.message, "trace-me-42")
      }))

    it.effect("an unacceptable incoming X-Request-Id is replaced", () =>
      Effect.gen(function*() {
        for (const incoming of ["has space", "x".repeat(129)]) {
          const reply = yield* send("GET", "/api/things/abc", { headers: { "x-request-id": incoming } })
          assert.match(reply.headers["x-request-id"] ?? "", ulid)
        }
      }))

    it.effect("every log line of the request carries its requestId", () =>
      Effect.gen(function*() {
        yield* send("GET", "/api/things/abc", { headers: { "x-request-id": "log-me-1" } })
        const lines = logs.parsed().filter((line) => line.annotations["requestId"] === "log-me-1")
        assert.deepStrictEqual(lines.map((line) => line.message), ["reading a thing", "http request"])
      }))
  })
})

import { assert, describe, it, layer } from "@effect/vitest"
import { Effect } from "effect"
import { HttpServer } from "effect/http"
import type { Server } from "node:http"
import { makeNodeServer } from "../../src/platform/NodeServer.ts"
import { TestGateway } from "../support/gateway.ts"
import { type RawAnswer, rawExchange, type RawOutcome, rawGet, rawRequest } from "../support/process.ts"

const ULID = /^[0-9A-HJKMNP-TV-Z]{26}$/

const answer = (outcome: RawOutcome): RawAnswer => {
  if (outcome.outcome !== "answered") return assert.fail(`no answer: ${JSON.stringify(outcome)}`)
  return outcome
}

/** The refusal's status, envelope and headers: what every one of Node's own refusals must look like now. */
const assertEnvelope = (reply: RawAnswer, status: number, code: string) => {
  assert.strictEqual(reply.status, status, reply.body)
  assert.strictEqual(reply.headers["content-type"], "application/json")
  assert.match(reply.headers["x-request-id"] ?? "", ULID)
  assert.strictEqual(reply.headers["connection"], "close")
  const body: unknown = JSON.parse(reply.body)
  assert.deepStrictEqual(Object.keys(body as object), ["error"])
  const { error } = body as { readonly error: { readonly code: unknown; readonly message: unknown; readonly details: unknown } }
  assert.strictEqual(error.code, code)
  assert.isString(error.message)
  assert.isNotEmpty(error.message)
  assert.isObject(error.details)
  return error
}

const port = Effect.gen(function*() {
  const server = yield* HttpServer.HttpServer
  return server.address._tag === "UnixPathAddress" ? assert.fail("not a TCP server") : server.address.port
})

const send = (request: string) =>
  Effect.gen(function*() {
    const at = yield* port
    return answer(yield* Effect.promise(() => rawRequest(at, request)))
  })

describe("Node's own refusals are envelopes", () => {
  layer(TestGateway())((it) => {
    it.effect("Expect other than 100-continue: 417 expectation_failed, the caller's request id kept", () =>
      Effect.gen(function*() {
        const reply = yield* send(rawGet("/healthz", { expect: "garbage", "x-request-id": "expect-1" }))
        assert.strictEqual(reply.status, 417)
        assert.strictEqual(reply.headers["x-request-id"], "expect-1")
        const body = JSON.parse(reply.body) as { error: { code: string; details: Record<string, string> } }
        assert.strictEqual(body.error.code, "expectation_failed")
        assert.deepStrictEqual(Object.keys(body.error.details), ["expect"])
      }))

    it.effect("headers over Node's limit: 431 headers_too_large", () =>
      Effect.gen(function*() {
        const reply = yield* send(rawGet("/healthz", { "x-big": "a".repeat(20_000) }))
        const error = assertEnvelope(reply, 431, "headers_too_large")
        assert.deepStrictEqual(error.details, { maxBytes: 16_384 })
      }))

    it.effect("a duplicate Content-Length: 400 validation_error naming the parser's reason", () =>
      Effect.gen(function*() {
        const reply = yield* send(
          "POST /api/v1/sessions HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\nContent-Length: 3\r\n\r\n{}"
        )
        const error = assertEnvelope(reply, 400, "validation_error")
        assert.deepStrictEqual(error.details, { request: "Duplicate Content-Length" })
      }))

    it.effect("a space in the path: 400 validation_error", () =>
      Effect.gen(function*() {
        const reply = yield* send("GET /api/v1/sessions/a b HTTP/1.1\r\nHost: x\r\n\r\n")
        const error = assertEnvelope(reply, 400, "validation_error")
        assert.include(String(error.message), "percent-encoded")
      }))

    it.effect("garbage instead of a request line: 400 validation_error", () =>
      Effect.gen(function*() {
        const reply = yield* send("HELLO\r\n\r\n")
        assertEnvelope(reply, 400, "validation_error")
      }))

    it.effect("a request after a good one on the same connection: the first answer intact, then the refusal", () =>
      Effect.gen(function*() {
        const at = yield* port
        const pipelined = "GET /healthz HTTP/1.1\r\nHost: x\r\n\r\nGET /a b HTTP/1.1\r\nHost: x\r\n\r\n"
        const received = yield* Effect.promise(() => rawExchange(at, pipelined))
        const [first, second] = received.split(/(?=HTTP\/1\.1 )/)
        assert.match(first ?? "", /^HTTP\/1\.1 200 OK\r\n[\s\S]*\r\n\r\n\{"status":"ok"\}$/)
        assert.match(second ?? "", /^HTTP\/1\.1 400 Bad Request\r\n[\s\S]*"code":"validation_error"/)
      }))

    it.effect("100-continue still goes to the app", () =>
      Effect.gen(function*() {
        const reply = yield* send(rawGet("/healthz", { expect: "100-continue" }))
        // A bodiless GET: the app answers without asking for the body.
        assert.strictEqual(reply.status, 200)
      }))
  })

  it.live("a request not received within requestTimeout: 408 request_timeout", () =>
    Effect.acquireUseRelease(
      Effect.callback<Server>((resume) => {
        const server = makeNodeServer({ requestTimeout: 300, connectionsCheckingInterval: 50 })
        server.listen(0, "127.0.0.1", () => resume(Effect.succeed(server)))
      }),
      (server) =>
        Effect.gen(function*() {
          const address = server.address()
          const at = typeof address === "object" && address !== null ? address.port : 0
          // The headers never end: Node gives up at requestTimeout.
          const reply = answer(yield* Effect.promise(() => rawRequest(at, "GET /healthz HTTP/1.1\r\nHost: x\r\n")))
          assertEnvelope(reply, 408, "request_timeout")
        }),
      (server) =>
        Effect.callback<void>((resume) => {
          server.close(() => resume(Effect.void))
        })
    ), 10_000)
})

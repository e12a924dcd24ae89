import { assert, describe, it } from "@effect/vitest"
import { Effect } from "effect"
import type { IncomingMessage, Server, ServerResponse } from "node:http"
import { makeNodeServer } from "../../src/platform/NodeServer.ts"
import { type RawAnswer, rawGet, rawRequest } from "../support/process.ts"

const listening = Effect.acquireRelease(
  Effect.callback<Server>((resume) => {
    const server = makeNodeServer()
    server.listen(0, "127.0.0.1", () => resume(Effect.succeed(server)))
  }),
  (server) =>
    Effect.callback<void>((resume) => {
      server.closeAllConnections()
      server.close(() => resume(Effect.void))
    })
)

const get = (server: Server, path: string) =>
  Effect.promise(async () => {
    const address = server.address()
    const outcome = await rawRequest(typeof address === "object" && address !== null ? address.port : 0, rawGet(path))
    if (outcome.outcome !== "answered") return assert.fail(JSON.stringify(outcome))
    return outcome
  })

const envelope = (reply: RawAnswer) => JSON.parse(reply.body) as { error: { code: string; message: string; details: unknown } }

describe("the stand-in for a server without its app", () => {
  it.live("answers while starting, keeps quiet while the app is attached, answers again once it is gone", () =>
    Effect.scoped(Effect.gen(function*() {
      const server = yield* listening

      const health = yield* get(server, "/healthz")
      assert.strictEqual(health.status, 200)
      assert.deepStrictEqual(JSON.parse(health.body), { status: "starting" })
      const starting = yield* get(server, "/api/v1/sessions")
      assert.strictEqual(starting.status, 503)
      assert.strictEqual(starting.headers["retry-after"], "1")
      assert.deepStrictEqual(envelope(starting).error, {
        code: "unavailable",
        message: "the gateway is starting; retry shortly",
        details: { retryAfterSeconds: 1 }
      })

      const app = (_request: IncomingMessage, response: ServerResponse) => {
        response.writeHead(200, { "content-type": "text/plain", "content-length": "3" })
        response.end("app")
      }
      server.on("request", app)
      const served = yield* get(server, "/healthz")
      assert.strictEqual(served.body, "app")

      server.off("request", app)
      const stopping = yield* get(server, "/healthz")
      assert.strictEqual(stopping.status, 503)
      assert.strictEqual(stopping.headers["connection"], "close")
      assert.strictEqual(envelope(stopping).error.message, "the gateway is shutting down; retry shortly")
      assert.isDefined(stopping.headers["x-request-id"])
    })))
})

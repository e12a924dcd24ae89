import { NodeHttpServer } from "@effect/platform-node"
import { assert, describe, layer } from "@effect/vitest"
import { IdGenerator } from "@wagate/core"
import { Effect, Layer } from "effect"
import { HttpRouter, HttpServerResponse } from "effect/http"
import { ErrorEnvelope } from "../../src/platform/ErrorEnvelope.ts"
import { RequestId } from "../../src/platform/RequestId.ts"
import { envelopeOf, send } from "./fixtures.ts"

/** The pieces on their own; global middleware registered first is outermost, so RequestId goes first. */
const app = Layer.mergeAll(
  RequestId.layer,
  ErrorEnvelope.layer({ routes: [{ method: "GET", path: "/ping" }] }),
  HttpRouter.add("GET", "/ping", HttpServerResponse.text("pong"))
).pipe(Layer.provide(IdGenerator.layer))

describe("standalone layers", () => {
  layer(HttpRouter.serve(app, { disableLogger: true, disableListenLog: true }).pipe(Layer.provideMerge(NodeHttpServer.layerTest)))(
    (it) => {
      it.effect("RequestId and ErrorEnvelope work on their own", () =>
        Effect.gen(function*() {
          const ok = yield* send("GET", "/ping", { headers: { "x-request-id": "solo-1" } })
          assert.strictEqual(ok.text, "pong")
          assert.strictEqual(ok.headers["x-request-id"], "solo-1")
          const missing = yield* send("GET", "/pong", { headers: { "x-request-id": "solo-2" } })
          assert.strictEqual(missing.status, 404)
          assert.strictEqual(envelopeOf(missing).error.code, "not_found")
          assert.strictEqual(missing.headers["x-request-id"], "solo-2")
          const wrong = yield* send("DELETE", "/ping")
          assert.strictEqual(wrong.status, 405)
          assert.strictEqual(wrong.headers["allow"], "GET, HEAD")
        }))
    }
  )
})

import { NodeHttpServer } from "@effect/platform-node"
import { assert, describe, it } from "@effect/vitest"
import { IdGenerator } from "@wagate/core"
import { Context, Deferred, Duration, Effect, Exit, Fiber, Layer, Logger, Metric, Schedule, Schema, Scope } from "effect"
import { FetchHttpClient, HttpClient, HttpRouter, HttpServer, HttpServerResponse } from "effect/http"
import { createServer, type Server } from "node:http"
import { Envelope } from "../../src/platform/ErrorEnvelope.ts"
import { GracefulShutdown } from "../../src/platform/GracefulShutdown.ts"
import { Platform } from "../../src/platform/Platform.ts"

/**
 * What `main.ts` relies on: closing the server's scope (which `NodeRuntime.runMain` does on SIGTERM by
 * interrupting `Layer.launch`) stops accepting connections at once, lets requests in flight finish, and only
 * interrupts them after `gracefulShutdownTimeout`.
 */
const startServer = Effect.fn("test.startServer")(function*(gracefulShutdownTimeout: Duration.Input) {
  const started = yield* Deferred.make<void>()
  const release = yield* Deferred.make<void>()
  let beginDraining = () => {}
  const slow = Effect.gen(function*() {
    yield* Deferred.succeed(started, undefined)
    yield* Deferred.await(release)
    return HttpServerResponse.text("finished")
  })
  const app = Layer.mergeAll(HttpRouter.add("GET", "/slow", slow), Platform.middleware()).pipe(
    Layer.provide(IdGenerator.layer),
    Layer.provide(GracefulShutdown.layerWith((begin) => {
      beginDraining = begin
      return () => {}
    }))
  )
  let nodeServer: Server | undefined
  const listen = () => (nodeServer = createServer())
  const server = HttpRouter.serve(app, { disableLogger: true, disableListenLog: true }).pipe(
    Layer.provideMerge(NodeHttpServer.layer(listen, { port: 0, gracefulShutdownTimeout })),
    Layer.provide(Logger.layer([])),
    Layer.provide(Layer.succeed(Metric.MetricRegistry, new Map()))
  )
  const scope = yield* Scope.make()
  const context = yield* Layer.buildWithScope(server, scope)
  const address = Context.get(context, HttpServer.HttpServer).address
  const port = address._tag === "UnixPathAddress" ? 0 : address.port
  const get = (path: string) =>
    Effect.gen(function*() {
      const client = yield* HttpClient.HttpClient
      const response = yield* client.get(`http://127.0.0.1:${port}${path}`)
      return { status: response.status, headers: response.headers, text: yield* response.text }
    }).pipe(Effect.provide(FetchHttpClient.layer))
  /** Waits (polling the Node server's own state, with a deadline) until it has stopped listening. */
  const stoppedListening = Effect.sync(() => nodeServer?.listening).pipe(
    Effect.repeat({ schedule: Schedule.spaced("5 millis"), until: (listening) => listening === false }),
    Effect.timeoutOrElse({ duration: "5 seconds", orElse: () => Effect.die(new Error("the server still listens")) })
  )
  return { scope, started, release, get, stoppedListening, beginDraining: () => beginDraining() }
})

describe("graceful shutdown", () => {
  it.live("stops accepting, lets the request in flight finish, then closes at once", () =>
    Effect.gen(function*() {
      const server = yield* startServer("5 seconds")
      const inFlight = yield* Effect.forkChild(server.get("/slow"))
      yield* Deferred.await(server.started)

      // As on SIGTERM: draining begins, then the runtime closes the server's scope.
      server.beginDraining()
      const closing = yield* Effect.forkChild(Scope.close(server.scope, Exit.void))
      yield* server.stoppedListening
      const refused = yield* Effect.exit(server.get("/slow"))
      assert.isTrue(Exit.isFailure(refused), "a new request is refused while the server drains")
      assert.isUndefined(closing.pollUnsafe(), "the close waits for the request in flight")

      yield* Deferred.succeed(server.release, undefined)
      const reply = yield* Fiber.join(inFlight)
      assert.strictEqual(reply.status, 200)
      assert.strictEqual(reply.text, "finished")
      assert.strictEqual(reply.headers["connection"], "close")
      const [elapsed] = yield* Effect.timed(Fiber.join(closing))
      assert.isBelow(Duration.toMillis(elapsed), 1000, "the close ends soon after the last response")
    }), 10_000)

  it.live("a request still running after gracefulShutdownTimeout is cut off with a 503 envelope", () =>
    Effect.gen(function*() {
      const server = yield* startServer("300 millis")
      const inFlight = yield* Effect.forkChild(server.get("/slow"))
      yield* Deferred.await(server.started)
      const [elapsed] = yield* Effect.timed(Scope.close(server.scope, Exit.void))
      assert.isAtLeast(Duration.toMillis(elapsed), 250)
      assert.isBelow(Duration.toMillis(elapsed), 3000)
      const reply = yield* Fiber.join(inFlight)
      assert.strictEqual(reply.status, 503)
      const envelope = Schema.decodeUnknownSync(Schema.fromJsonString(Envelope))(reply.text)
      assert.strictEqual(envelope.error.code, "unavailable")
      assert.isDefined(reply.headers["x-request-id"])
    }), 10_000)

  it.effect("GracefulShutdown.layer listens for SIGTERM and SIGINT only while it lives", () =>
    Effect.gen(function*() {
      const before = [process.listenerCount("SIGTERM"), process.listenerCount("SIGINT")]
      const scope = yield* Scope.make()
      yield* Layer.buildWithScope(GracefulShutdown.layer, scope)
      assert.deepStrictEqual([process.listenerCount("SIGTERM"), process.listenerCount("SIGINT")], before.map((n) => n + 1))
      yield* Scope.close(scope, Exit.void)
      assert.deepStrictEqual([process.listenerCount("SIGTERM"), process.listenerCount("SIGINT")], before)
    }))
})

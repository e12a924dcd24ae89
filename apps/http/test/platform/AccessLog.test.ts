import { assert, describe, it, layer } from "@effect/vitest"
import { Effect, Layer, Logger } from "effect"
import { TestConsole } from "effect/testing"
import { GatewayConfig } from "../../src/config/GatewayConfig.ts"
import { Logging } from "../../src/platform/Logging.ts"
import { captureLogs, type LogLine, send, testServer } from "./fixtures.ts"

const logs = captureLogs()

const accessLines = (requestId: string): ReadonlyArray<LogLine> =>
  logs.parsed().filter((line) => line.message === "http request" && line.annotations["requestId"] === requestId)

describe("access log", () => {
  layer(testServer({ logs: logs.layer }))((it) => {
    it.effect("one JSON line per request: method, path, route, status, duration, requestId", () =>
      Effect.gen(function*() {
        yield* send("GET", "/api/things/abc?limit=5&cursor=opaque", { headers: { "x-request-id": "acc-1" } })
        const lines = accessLines("acc-1")
        assert.strictEqual(lines.length, 1)
        const [line] = lines
        assert.strictEqual(line?.level, "INFO")
        assert.strictEqual(line?.annotations["http.method"], "GET")
        assert.strictEqual(line?.annotations["http.path"], "/api/things/abc")
        assert.strictEqual(line?.annotations["http.route"], "/api/things/{id}")
        assert.strictEqual(line?.annotations["http.status"], 200)
        const duration = line?.annotations["http.durationMs"]
        assert.isTrue(typeof duration === "number" && duration >= 0)
      }))

    it.effect("errors are logged with the status the client got", () =>
      Effect.gen(function*() {
        yield* send("GET", "/nowhere", { headers: { "x-request-id": "acc-404" } })
        assert.strictEqual(accessLines("acc-404")[0]?.annotations["http.status"], 404)
        assert.strictEqual(accessLines("acc-404")[0]?.annotations["http.route"], "unmatched")

        yield* send("POST", "/api/things", { body: "nope", contentType: "text/plain", headers: { "x-request-id": "acc-415" } })
        assert.strictEqual(accessLines("acc-415")[0]?.annotations["http.status"], 400)
      }))

    it.effect("probes are logged at debug", () =>
      Effect.gen(function*() {
        yield* send("GET", "/healthz", { headers: { "x-request-id": "acc-probe" } })
        assert.strictEqual(accessLines("acc-probe")[0]?.level, "DEBUG")
      }))

    it.effect("no secret reaches the logs: not the bearer token, not the query, not the body", () =>
      Effect.gen(function*() {
        const secret = "wgk_supersecret_token_value"
        yield* send("GET", `/api/things/abc?token=${secret}`, { headers: { authorization: `Bearer ${secret}` } })
        yield* send("GET", "/api/boom", { headers: { authorization: `Bearer ${secret}`, cookie: `session=${secret}` } })
        yield* send("POST", "/api/things", { body: JSON.stringify({ name: secret, count: "x" }), headers: { authorization: `Bearer ${secret}` } })
        assert.isAbove(logs.lines.length, 0)
        for (const line of logs.lines) assert.notInclude(line, secret)
      }))
  })
})

describe("Logging", () => {
  it.effect("writes JSON lines at or above the configured level", () =>
    Effect.gen(function*() {
      yield* Effect.logDebug("too chatty")
      yield* Effect.logInfo("still too chatty")
      yield* Effect.logWarning("worth a look").pipe(Effect.annotateLogs("requestId", "r-1"))
      const lines = yield* TestConsole.logLines
      assert.strictEqual(lines.length, 1)
      const line = JSON.parse(String(lines[0])) as LogLine
      assert.strictEqual(line.message, "worth a look")
      assert.strictEqual(line.level, "WARN")
      assert.strictEqual(line.annotations["requestId"], "r-1")
    }).pipe(
      Effect.provide(Logging.layerConfig.pipe(Layer.provide(GatewayConfig.layerFromEnv({ WAGATE_LOG_LEVEL: "warn" })))),
      Effect.provide(TestConsole.layer)
    ))

  it.effect("`none` silences everything", () =>
    Effect.gen(function*() {
      yield* Effect.logError("even this")
      assert.deepStrictEqual(yield* TestConsole.logLines, [])
    }).pipe(Effect.provide(Logging.layer("None")), Effect.provide(TestConsole.layer)))

  it("uses Effect's JSON logger", () => {
    assert.isTrue(Logger.isLogger(Logger.consoleJson))
  })
})

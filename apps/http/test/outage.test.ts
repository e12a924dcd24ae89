import { assert, describe, it } from "@effect/vitest"
import { PgStore } from "@wagate/store-pg"
import { makeTcpProxy, testDatabase, testDatabaseUrl } from "@wagate/store-pg/testing"
import { Effect, Layer, Redacted } from "effect"
import { captureLogs } from "./platform/fixtures.ts"
import { raw, TestGateway, testOptions } from "./support/gateway.ts"

/** The gateway on a real Postgres reached through a loopback proxy that can play an outage. */
describe("a database outage", () => {
  it.live("answers 503 with Retry-After while the database is gone, and recovers by itself when it returns", () =>
    Effect.gen(function*() {
      // The gateway's logs are the test's: it asserts the ERROR the outage must log instead of printing it.
      const logs = captureLogs()
      const base = new URL(testDatabaseUrl())
      const proxy = yield* makeTcpProxy({ targetHost: base.hostname, targetPort: Number(base.port || "5432") })
      const name = yield* testDatabase(base.toString())
      const through = new URL(base.toString())
      through.hostname = "127.0.0.1"
      through.port = String(proxy.port)
      through.pathname = `/${name}`
      const store = PgStore.layer.pipe(
        Layer.provide(PgStore.layerUrl(Redacted.make(through.toString()), { maxConnections: 4, connectTimeout: "2 seconds" }))
      )

      yield* Effect.gen(function*() {
        assert.strictEqual((yield* raw("POST", "/api/v1/sessions", { json: { id: "steady" } })).status, 201)

        yield* proxy.sever
        for (let i = 0; i < 3; i++) {
          const down = yield* raw("GET", "/api/v1/sessions/steady")
          assert.strictEqual(down.status, 503, down.text)
          assert.deepStrictEqual((down.json as { error: { code: string } }).error.code, "unavailable")
          assert.match(down.headers["retry-after"] ?? "", /^\d+$/)
          assert.notMatch(down.text, /ECONN|SqlError|SELECT|_tag/)
        }
        const write = yield* raw("POST", "/api/v1/sessions", { json: { id: "during" } })
        assert.strictEqual(write.status, 503, write.text)
        assert.strictEqual((yield* raw("GET", "/readyz", { token: null })).status, 503)

        yield* proxy.restore
        const back = yield* raw("GET", "/api/v1/sessions/steady")
        assert.strictEqual(back.status, 200, back.text)
        assert.strictEqual((yield* raw("GET", "/readyz", { token: null })).status, 200)
        assert.strictEqual((yield* raw("POST", "/api/v1/sessions", { json: { id: "after" } })).status, 201)
        const listed = yield* raw("GET", "/api/v1/sessions")
        assert.deepStrictEqual((listed.json as { items: Array<{ id: string }> }).items.map((s) => s.id), ["after", "steady"])
        const errors = logs.parsed().filter((line) => line.level === "ERROR")
        assert.isNotEmpty(errors, "the failed store queries are logged")
        for (const line of errors) assert.strictEqual(line.message, "store query failed")
      }).pipe(Effect.provide(TestGateway({ ...testOptions, store })), Effect.provide(logs.layer))
    }).pipe(Effect.scoped), 120_000)
})

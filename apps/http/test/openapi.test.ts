import { assert, describe, it } from "@effect/vitest"
import { Validator } from "@seriousme/openapi-schema-validator"
import { Effect } from "effect"
import { raw, TestGateway } from "./support/gateway.ts"

interface Operation {
  readonly security?: ReadonlyArray<Record<string, unknown>>
  readonly responses: Record<string, unknown>
}

describe("OpenAPI", () => {
  it.effect("/openapi.json is a valid OpenAPI 3.1 document of every endpoint, its errors and its security", () =>
    Effect.gen(function*() {
      const response = yield* raw("GET", "/openapi.json", { token: null })
      assert.strictEqual(response.status, 200)
      const spec = response.json as { openapi: string; paths: Record<string, Record<string, Operation>>; components: { securitySchemes: Record<string, { scheme?: string }> } }
      assert.match(spec.openapi, /^3\.1\./)

      const result = yield* Effect.promise(() => new Validator().validate(structuredClone(spec)))
      assert.isTrue(result.valid, JSON.stringify(result.errors, null, 2))

      const operations = Object.entries(spec.paths).flatMap(([path, methods]) =>
        Object.entries(methods).map(([method, operation]) => ({ id: `${method.toUpperCase()} ${path}`, operation }))
      )
      const ids = operations.map((o) => o.id)
      for (
        const expected of [
          "POST /api/v1/sessions",
          "GET /api/v1/sessions/{session}/groups/{gid}/members",
          "POST /api/v1/sessions/{session}/groups:join",
          "POST /api/v1/sessions/{session}/groups:refresh",
          "POST /api/v1/sessions/{session}/groups/{gid}:refresh",
          "POST /api/v1/sessions/{session}/groups/{gid}/invite:revoke",
          "POST /api/v1/sessions/{session}/groups/{gid}/requests:approve",
          "POST /api/v1/sessions/{session}:logout",
          "POST /api/v1/sessions/{session}/messages",
          "POST /api/v1/sessions/{session}/chats/{jid}/presence",
          "GET /api/v1/sessions/{session}/chats",
          "GET /api/v1/sessions/{session}/chats/{jid}/messages",
          "POST /api/v1/sessions/{session}/chats/{jid}:read",
          "POST /api/v1/_simulator/sessions/{session}:receive",
          "DELETE /api/v1/api-keys/{id}",
          "POST /api/v1/webhooks",
          "GET /api/v1/webhooks",
          "DELETE /api/v1/webhooks/{id}",
          "GET /api/v1/webhooks/{id}/deliveries"
        ]
      ) {
        assert.include(ids, expected, ids.join("\n"))
      }
      // The v1 contract, the simulator's controls and the operations routes (which need no token).
      const v1 = operations.filter((o) => o.id.includes(" /api/v1/") && !o.id.includes("/_simulator/"))
      assert.strictEqual(v1.length, 46, ids.join("\n"))
      assert.strictEqual(operations.length, 46 + 6 + 5, ids.join("\n"))
      assert.strictEqual(Object.values(spec.components.securitySchemes)[0]?.scheme?.toLowerCase(), "bearer")
      for (const { id, operation } of operations.filter((o) => o.id.includes(" /api/v1/"))) {
        assert.isAbove(operation.security?.length ?? 0, 0, `${id} declares its security`)
        // Every operation: decoding (400), the token (401), the body limit (413), a bug (500), the store (503).
        for (const status of ["400", "401", "403", "413", "500", "503"]) {
          assert.property(operation.responses, status, `${id} documents ${status}`)
        }
      }
      // Each operation lists the errors it can answer and no other.
      const responses = (id: string) => Object.keys(operations.find((o) => o.id === id)?.operation.responses ?? {}).sort()
      assert.deepStrictEqual(responses("GET /api/v1/sessions"), ["200", "400", "401", "403", "413", "500", "503"])
      assert.deepStrictEqual(responses("GET /api/v1/sessions/{session}"), ["200", "400", "401", "403", "404", "413", "500", "503"])
      assert.deepStrictEqual(
        responses("POST /api/v1/sessions/{session}/messages"),
        ["200", "202", "400", "401", "403", "404", "409", "413", "429", "500", "501", "503"]
      )
      assert.deepStrictEqual(responses("POST /api/v1/sessions"), ["201", "400", "401", "403", "409", "413", "500", "503"])
      assert.deepStrictEqual(responses("POST /api/v1/webhooks"), ["201", "400", "401", "403", "413", "500", "503"])
      assert.deepStrictEqual(responses("GET /api/v1/webhooks/{id}/deliveries"), ["200", "400", "401", "403", "404", "413", "500", "503"])
    }).pipe(Effect.provide(TestGateway())))

  it.effect("/docs serves the interactive reference", () =>
    Effect.gen(function*() {
      const response = yield* raw("GET", "/docs", { token: null })
      assert.strictEqual(response.status, 200)
      assert.include(response.text.toLowerCase(), "<html")
    }).pipe(Effect.provide(TestGateway())))
})

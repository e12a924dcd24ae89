import { assert, describe, it } from "@effect/vitest"
import { SessionId, UserJid } from "@wagate/core"
import { Effect } from "effect"
import { clientFor, raw, TestGateway, tokens } from "./support/gateway.ts"

describe("gateway smoke", () => {
  it.effect("create a session and a group, list them", () =>
    Effect.gen(function*() {
      const client = yield* clientFor(tokens.acme)
      const session = yield* client.sessions.create({ payload: { id: SessionId.make("smoke") } })
      assert.strictEqual(session.status, "connected")
      const group = yield* client.groups.create({ params: { session: "smoke" }, payload: { name: "G", participants: [UserJid.make("6281234567890@s.whatsapp.net")] } })
      const list = yield* client.groups.list({ params: { session: "smoke" }, query: {} })
      assert.deepStrictEqual(list.items.map((g) => g.groupJid), [group.groupJid])
      const r = yield* raw("GET", `/api/v1/sessions/smoke/groups/${encodeURIComponent(group.groupJid)}`)
      assert.strictEqual(r.status, 200)
      const noauth = yield* raw("GET", "/api/v1/sessions", { token: null })
      assert.strictEqual(noauth.status, 401)
      assert.strictEqual((yield* raw("POST", "/api/v1/sessions", { body: "{bad" })).status, 400)
    }).pipe(Effect.provide(TestGateway())))
})

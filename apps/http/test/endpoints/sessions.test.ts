import { assert, describe, layer } from "@effect/vitest"
import { NotFound, SessionId, simulatedLidNumber, UserJid } from "@wagate/core"
import { Effect } from "effect"
import {
  allPages,
  api,
  disconnect,
  expectError,
  expectJson,
  expectList,
  expectNoContent,
  groupPath,
  newGroup,
  newSession,
  uniqueId
} from "../support/endpoints.ts"
import { clientFor, raw, TestGateway, tokens } from "../support/gateway.ts"

const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/
const ULID = /^[0-9A-HJKMNP-TV-Z]{26}$/

describe("sessions", () => {
  layer(TestGateway())((it) => {
    it.effect("POST /sessions creates a connected session: 201 with the Session shape", () =>
      Effect.gen(function*() {
        const client = yield* clientFor(tokens.acme)
        const id = uniqueId("create")
        const [session, response] = yield* client.sessions.create({
          payload: { id, name: "Front desk" },
          responseMode: "decoded-and-response"
        })
        assert.strictEqual(response.status, 201)
        assert.strictEqual(session.id, id)
        assert.strictEqual(session.name, "Front desk")
        assert.strictEqual(session.status, "connected")
        assert.match(session.phoneJid ?? "", /^[1-9][0-9]{14}@s\.whatsapp\.net$/)
        // The simulated world's LID rule, shared with wa-sim: 15 digits derived from the number.
        assert.strictEqual(session.lid, `${simulatedLidNumber((session.phoneJid ?? "").split("@")[0]!)}@lid`)

        const body = expectJson(yield* raw("GET", api(`/sessions/${id}`)), 200)
        assert.deepStrictEqual(Object.keys(body as object).sort(), ["createdAt", "id", "lid", "name", "phoneJid", "status", "updatedAt"])
        assert.match((body as { createdAt: string }).createdAt, ISO)
        assert.match((body as { updatedAt: string }).updatedAt, ISO)
      }))

    it.effect("POST /sessions without an id gets a ULID and a null name", () =>
      Effect.gen(function*() {
        const response = yield* raw("POST", api("/sessions"), { json: {} })
        const body = expectJson(response, 201) as { id: string; name: unknown }
        assert.match(body.id, ULID)
        assert.isNull(body.name)
      }))

    it.effect("POST /sessions with a taken id is 409 conflict, also when another organisation holds it", () =>
      Effect.gen(function*() {
        const { id } = yield* newSession("taken")
        yield* expectError(yield* raw("POST", api("/sessions"), { json: { id } }), 409, "conflict")
        const other = yield* expectError(yield* raw("POST", api("/sessions"), { json: { id }, token: tokens.globex }), 409, "conflict")
        assert.notInclude(other.message, "acme", "the conflict names no owner")
      }))

    it.effect("POST /sessions with a malformed id or name is 400 naming the field", () =>
      Effect.gen(function*() {
        yield* expectError(yield* raw("POST", api("/sessions"), { json: { id: "has space" } }), 400, "validation_error", ["id"])
        yield* expectError(yield* raw("POST", api("/sessions"), { json: { id: "x".repeat(65) } }), 400, "validation_error", ["id"])
        yield* expectError(yield* raw("POST", api("/sessions"), { json: { id: "" } }), 400, "validation_error", ["id"])
        yield* expectError(yield* raw("POST", api("/sessions"), { json: { name: 42 } }), 400, "validation_error", ["name"])
      }))

    it.effect("GET /sessions lists the organisation's sessions in List envelopes that page with limit and cursor", () =>
      Effect.gen(function*() {
        const mine = [yield* newSession("page"), yield* newSession("page"), yield* newSession("page"), yield* newSession("page")]
        const theirs = yield* newSession("page-globex", tokens.globex)

        const whole = expectList(yield* raw("GET", api("/sessions?limit=1000")))
        assert.strictEqual(whole.nextCursor, "")
        const ids = whole.items.map((s) => (s as { id: string }).id)
        for (const s of mine) assert.include(ids, s.id)
        assert.notInclude(ids, theirs.id)

        const pages = yield* allPages(api("/sessions"), 3)
        assert.isAtLeast(pages.length, 2)
        assert.deepStrictEqual(pages.flat(), whole.items, "the pages together are the whole list, in order, once each")

        const client = yield* clientFor(tokens.acme)
        const first = yield* client.sessions.list({ query: { limit: 1 } })
        assert.strictEqual(first.items.length, 1)
        assert.notStrictEqual(first.nextCursor, "")
        const second = yield* client.sessions.list({ query: { limit: 1, cursor: first.nextCursor } })
        assert.notStrictEqual(second.items[0]?.id, first.items[0]?.id)
      }))

    it.effect("GET /sessions with a bad limit or cursor is 400 naming it", () =>
      Effect.gen(function*() {
        yield* expectError(yield* raw("GET", api("/sessions?limit=0")), 400, "validation_error", ["limit"])
        yield* expectError(yield* raw("GET", api("/sessions?limit=1001")), 400, "validation_error", ["limit"])
        yield* expectError(yield* raw("GET", api("/sessions?limit=2.5")), 400, "validation_error", ["limit"])
        yield* expectError(yield* raw("GET", api("/sessions?cursor=not-ours")), 400, "validation_error", ["cursor"])
      }))

    it.effect("GET /sessions?limit=many (not a number) is 400 naming limit", () =>
      Effect.gen(function*() {
        yield* expectError(yield* raw("GET", api("/sessions?limit=many")), 400, "validation_error", ["limit"])
      }))

    it.effect("GET /sessions/{session}: 200, 404 when unknown, 400 when malformed", () =>
      Effect.gen(function*() {
        const { id, phoneJid } = yield* newSession("get")
        const client = yield* clientFor(tokens.acme)
        const session = yield* client.sessions.get({ params: { session: id } })
        assert.strictEqual(session.phoneJid, phoneJid)

        const missing = yield* Effect.flip(client.sessions.get({ params: { session: "never-created" } }))
        assert.instanceOf(missing, NotFound)
        yield* expectError(yield* raw("GET", api("/sessions/never-created")), 404, "not_found")
        yield* expectError(yield* raw("GET", api("/sessions/bad%20id")), 400, "validation_error", ["sessionId"])
      }))

    it.effect("GET /sessions/{session}/qr: 409 while connected, a QR once disconnected, 404 when unknown", () =>
      Effect.gen(function*() {
        const { id } = yield* newSession("qr")
        yield* expectError(yield* raw("GET", api(`/sessions/${id}/qr`)), 409, "conflict")
        yield* disconnect(id)
        const client = yield* clientFor(tokens.acme)
        const qr = yield* client.sessions.qr({ params: { session: id }, headers: {} })
        assert.isTrue(typeof qr === "object" && "qr" in qr, "JSON by default")
        if (typeof qr === "object" && "qr" in qr) {
          assert.isAbove(qr.qr.length, 0)
          assert.match(qr.expiresAt, ISO)
        }
        const body = expectJson(yield* raw("GET", api(`/sessions/${id}/qr`)), 200)
        assert.deepStrictEqual(Object.keys(body as object).sort(), ["expiresAt", "qr"])
        yield* expectError(yield* raw("GET", api("/sessions/never-created/qr")), 404, "not_found")
      }))

    it.effect("GET /sessions/{session}/qr gives the picture for Accept: image/png or image/svg+xml, after the usual checks", () =>
      Effect.gen(function*() {
        const { id } = yield* newSession("qr-picture")
        const path = api(`/sessions/${id}/qr`)
        yield* expectError(yield* raw("GET", path, { headers: { accept: "image/png" } }), 409, "conflict")
        yield* disconnect(id)
        yield* expectError(yield* raw("GET", path, { headers: { accept: "image/png" }, token: tokens.acmeReader }), 403, "forbidden")
        const png = yield* raw("GET", path, { headers: { accept: "image/png" } })
        assert.strictEqual(png.status, 200)
        assert.strictEqual(png.headers["content-type"], "image/png")
        assert.isTrue(png.text.startsWith("\uFFFDPNG"), "PNG signature")
        for (const accept of ["image/svg+xml", "image/svg+xml, application/json;q=0.5"]) {
          const svg = yield* raw("GET", path, { headers: { accept } })
          assert.strictEqual(svg.status, 200, accept)
          assert.match(svg.headers["content-type"] ?? "", /^image\/svg\+xml/)
          assert.match(svg.text, /^<svg[\s\S]*<\/svg>\s*$/)
        }
        for (const accept of ["application/json", "*/*", "image/png;q=0.4, application/json", "text/html, */*;q=0.1"]) {
          const body = expectJson(yield* raw("GET", path, { headers: { accept } }), 200)
          assert.property(body, "qr", accept)
        }
      }))

    it.effect("POST /sessions/{session}/pairing-code: a code for a phone number (JID or typed), 409 while connected", () =>
      Effect.gen(function*() {
        const { id } = yield* newSession("pair")
        const path = api(`/sessions/${id}/pairing-code`)
        yield* expectError(yield* raw("POST", path, { json: { phone: "+62 812-3456-7890" } }), 409, "conflict")
        yield* disconnect(id)
        const client = yield* clientFor(tokens.acme)
        const { code } = yield* client.sessions.pairingCode({
          params: { session: id },
          payload: { phone: UserJid.make("6281234567890@s.whatsapp.net") }
        })
        assert.match(code, /^[A-Z0-9]{4}-[A-Z0-9]{4}$/)
        const byNumber = expectJson(yield* raw("POST", path, { json: { phone: "+62 812-3456-7890" } }), 200)
        assert.match((byNumber as { code: string }).code, /^[A-Z0-9]{4}-[A-Z0-9]{4}$/)
        yield* expectError(
          yield* raw("POST", api("/sessions/never-created/pairing-code"), { json: { phone: "6281234567890" } }),
          404,
          "not_found"
        )
      }))

    it.effect("POST /sessions/{session}/pairing-code with a missing or malformed phone is 400 naming phone", () =>
      Effect.gen(function*() {
        const { id } = yield* newSession("pair-bad")
        yield* disconnect(id)
        const path = api(`/sessions/${id}/pairing-code`)
        yield* expectError(yield* raw("POST", path, { json: { phone: "call me" } }), 400, "validation_error", ["phone"])
        yield* expectError(yield* raw("POST", path, { json: {} }), 400, "validation_error", ["phone"])
      }))

    it.effect("POST /sessions/{session}:logout is 204 with an empty body; stored groups stay readable", () =>
      Effect.gen(function*() {
        const { id } = yield* newSession("logout")
        const gid = yield* newGroup(id)
        const client = yield* clientFor(tokens.acme)
        const [, response] = yield* client.sessions.logout({ params: { session: id }, responseMode: "decoded-and-response" })
        assert.strictEqual(response.status, 204)
        expectNoContent(yield* raw("POST", api(`/sessions/${id}:logout`)))

        assert.strictEqual((yield* client.sessions.get({ params: { session: id } })).status, "logged_out")
        const group = yield* client.groups.get({ params: { session: id, gid } })
        assert.strictEqual(group.groupJid, gid)
        yield* expectError(
          yield* raw("POST", api(`/sessions/${id}/groups`), { json: { name: "After", participants: ["6281234567890"] } }),
          501,
          "not_implemented"
        )
        yield* expectError(yield* raw("POST", api("/sessions/never-created:logout")), 404, "not_found")
      }))

    it.effect("DELETE /sessions/{session} is 204 with an empty body; the session and its data are gone", () =>
      Effect.gen(function*() {
        const { id } = yield* newSession("delete")
        const gid = yield* newGroup(id)
        expectNoContent(yield* raw("DELETE", api(`/sessions/${id}`)))
        yield* expectError(yield* raw("GET", api(`/sessions/${id}`)), 404, "not_found")
        yield* expectError(yield* raw("GET", groupPath(id, gid)), 404, "not_found")
        yield* expectError(yield* raw("DELETE", api(`/sessions/${id}`)), 404, "not_found")
        const ids = expectList(yield* raw("GET", api("/sessions?limit=1000"))).items.map((s) => (s as { id: string }).id)
        assert.notInclude(ids, id)
        // the id is free again, and the new session starts with nothing stored
        expectJson(yield* raw("POST", api("/sessions"), { json: { id } }), 201)
        assert.deepStrictEqual(expectList(yield* raw("GET", api(`/sessions/${id}/groups`))).items, [])

        const client = yield* clientFor(tokens.acme)
        const { id: viaClient } = yield* newSession("delete")
        const [, response] = yield* client.sessions.delete({
          params: { session: SessionId.make(viaClient) },
          responseMode: "decoded-and-response"
        })
        assert.strictEqual(response.status, 204)
      }))
  })
})

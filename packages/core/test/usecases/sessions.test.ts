import { assert, describe, it } from "@effect/vitest"
import {
  createGroup,
  createSession,
  deleteSession,
  getGroup,
  getSession,
  listSessions,
  logoutSession,
  requestPairingCode,
  sessionQr
} from "@wagate/core"
import { Simulator } from "@wagate/memory"
import { Effect } from "effect"
import { acme, acmeReader, eventually, globex, user, World } from "../support/world.ts"

describe("sessions", () => {
  it.effect("a new session gets a ULID when no id is given and connects at once in the simulator", () =>
    Effect.gen(function*() {
      const session = yield* createSession(acme, {})
      assert.match(session.id, /^[0-9A-HJKMNP-TV-Z]{26}$/)
      assert.strictEqual(session.status, "connected")
      assert.match(session.phoneJid ?? "", /^[1-8][0-9]{14}@s\.whatsapp\.net$/)
      assert.isNull(session.name)
      assert.deepStrictEqual(yield* getSession(acmeReader, session.id), session)
    }).pipe(Effect.provide(World)))

  it.effect("a taken id is a conflict, whichever organisation holds it", () =>
    Effect.gen(function*() {
      yield* createSession(acme, { id: "main" })
      assert.strictEqual((yield* Effect.flip(createSession(acme, { id: "main" })))._tag, "Conflict")
      assert.strictEqual((yield* Effect.flip(createSession(globex, { id: "main" })))._tag, "Conflict")
    }).pipe(Effect.provide(World)))

  it.effect("ids are validated", () =>
    Effect.gen(function*() {
      for (const id of ["", "has space", "x".repeat(65), "é"]) {
        const error = yield* Effect.flip(createSession(acme, { id }))
        assert.strictEqual(error._tag, "ValidationError")
        assert.property(error._tag === "ValidationError" ? error.details : {}, "id")
      }
    }).pipe(Effect.provide(World)))

  it.effect("each organisation lists only its own sessions, a page at a time", () =>
    Effect.gen(function*() {
      for (const id of ["a1", "a2", "a3"]) yield* createSession(acme, { id })
      yield* createSession(globex, { id: "g1" })
      const first = yield* listSessions(acme, { limit: 2 })
      const second = yield* listSessions(acme, { limit: 2, cursor: first.nextCursor })
      assert.deepStrictEqual([...first.items, ...second.items].map((s) => s.id), ["a1", "a2", "a3"])
      assert.strictEqual(second.nextCursor, "")
      assert.deepStrictEqual((yield* listSessions(globex)).items.map((s) => s.id), ["g1"])
    }).pipe(Effect.provide(World)))

  it.effect("connection changes reach the stored session through the inbound stream", () =>
    Effect.gen(function*() {
      const session = yield* createSession(acme, { id: "phone" })
      const simulator = yield* Simulator
      yield* simulator.disconnect(session.id)
      const down = yield* eventually(getSession(acme, session.id), (s) => s.status === "disconnected")
      assert.strictEqual(down.status, "disconnected")
      yield* simulator.connect(session.id)
      const up = yield* eventually(getSession(acme, session.id), (s) => s.status === "connected")
      assert.strictEqual(up.status, "connected")
    }).pipe(Effect.provide(World)))

  it.effect("QR and pairing code are refused while connected; offered once disconnected", () =>
    Effect.gen(function*() {
      const session = yield* createSession(acme, { id: "pair" })
      const conflict = yield* Effect.flip(sessionQr(acme, session.id))
      assert.strictEqual(conflict._tag, "Conflict")
      const simulator = yield* Simulator
      yield* simulator.disconnect(session.id)
      const qr = yield* sessionQr(acme, session.id)
      assert.isAbove(qr.qr.length, 0)
      const { code } = yield* requestPairingCode(acme, session.id, { phone: "+62 812 0000 0001" })
      assert.match(code, /^[A-Z0-9]{4}-[A-Z0-9]{4}$/)
      const invalid = yield* Effect.flip(requestPairingCode(acme, session.id, { phone: "nope" }))
      assert.strictEqual(invalid._tag, "ValidationError")
    }).pipe(Effect.provide(World)))

  it.effect("logout keeps stored groups; delete removes everything", () =>
    Effect.gen(function*() {
      const session = yield* createSession(acme, { id: "temp" })
      const { group } = yield* createGroup(acme, session.id, { name: "Kept", participants: [user()] })
      yield* logoutSession(acme, session.id)
      assert.strictEqual((yield* getSession(acme, session.id)).status, "logged_out")
      assert.strictEqual((yield* getGroup(acme, session.id, group.groupJid)).subject, "Kept")
      const live = yield* Effect.flip(createGroup(acme, session.id, { name: "x", participants: [user()] }))
      assert.strictEqual(live._tag, "SessionNotConnected")

      yield* deleteSession(acme, session.id)
      assert.strictEqual((yield* Effect.flip(getSession(acme, session.id)))._tag, "NotFound")
      assert.strictEqual((yield* Effect.flip(getGroup(acme, session.id, group.groupJid)))._tag, "NotFound")
      yield* createSession(acme, { id: "temp" })
      assert.strictEqual((yield* Effect.flip(getGroup(acme, "temp", group.groupJid)))._tag, "NotFound", "a reused id starts empty")
    }).pipe(Effect.provide(World)))
})

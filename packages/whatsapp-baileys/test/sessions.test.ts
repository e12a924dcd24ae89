import { afterAll, assert, beforeAll, describe, it } from "@effect/vitest"
import { AuthStateStore, GroupStore, type InboundChange, mintWaMessageId, OrgId, PhoneJid, SessionId, SessionStore, UserJid } from "@wagate/core"
import { MemoryStore } from "@wagate/memory"
import { EmbeddedPostgres, PgStore } from "@wagate/store-pg"
import { startWaSim, type WaSim, WaSimError } from "@wagate/wa-sim"
import { makeWASocket } from "@whiskeysockets/baileys"
import { Context, Effect, Layer, Option, Schedule } from "effect"
import { resumeLinkedSessions } from "../src/index.ts"
import { makeStoredAuthState } from "../src/auth/storeAuthState.ts"
import { silentLogger } from "../src/sessions/silentLogger.ts"
import { at, gateway, insertSession, pair } from "./support/gateway.ts"

let sim: WaSim
beforeAll(async () => {
  sim = await startWaSim()
})
afterAll(async () => {
  await sim.close()
})

/** A store built once for the test (its layer then hands out that same store to every gateway). */
const sharedStore = <E>(layer: Layer.Layer<AuthStateStore | SessionStore | GroupStore, E>) =>
  Effect.map(Layer.build(layer), (context) => Layer.succeedContext(context))

const deviceOf = (phoneJid: string) => sim.control.devices().find((d) => d.phoneJid === phoneJid)

describe("Baileys sessions against wa-sim", () => {
  it.live("connectionReplaced: a second socket of the device takes over; the first stops, disconnected, and never fights back", () =>
    Effect.gen(function*() {
      const store = yield* sharedStore(MemoryStore.layer)
      const sessionId = SessionId.make("replaced")
      yield* Effect.provide(insertSession(sessionId), store)
      const g = yield* gateway(sim, store)
      const phoneJid = yield* pair(sim, g, sessionId)

      // Another client with the same device's credentials and keys logs in.
      const auth = yield* Effect.provide(makeStoredAuthState(sessionId, silentLogger), store)
      const intruder = makeWASocket({ waWebSocketUrl: sim.url, auth: auth.state, logger: silentLogger, markOnlineOnConnect: false })
      yield* Effect.addFinalizer(() => Effect.sync(() => intruder.end(undefined)))
      yield* g.status(sessionId, "disconnected")
      assert.deepStrictEqual({ ...(yield* g.port.connection(sessionId)), lid: null }, { status: "disconnected", phoneJid, lid: null })

      // Five times the longest backoff: a session that reconnected would have kicked the intruder by now.
      yield* Effect.sleep("1 second")
      assert.strictEqual(deviceOf(phoneJid)?.conflicts, 1)
      assert.strictEqual(deviceOf(phoneJid)?.liveSockets, 1, "only the intruder's socket")
      assert.strictEqual((yield* g.port.connection(sessionId)).status, "disconnected")
      const statuses = g.seen.flatMap((c) => (c._tag === "SessionStatusChanged" && c.sessionId === sessionId ? [c.status] : []))
      assert.deepStrictEqual(statuses.slice(statuses.indexOf("connected")), ["connected", "disconnected"], "no reconnection attempt")
      yield* g.close
    }).pipe(Effect.scoped), { timeout: 60_000 })

  it.live("pairs by code: requestPairingCode answers ABCD-EFGH, the number's simulated phone enters it, the session connects as that number", () =>
    Effect.gen(function*() {
      const store = yield* sharedStore(MemoryStore.layer)
      const sessionId = SessionId.make("by-code")
      yield* Effect.provide(insertSession(sessionId), store)
      const g = yield* gateway(sim, store)
      yield* g.port.start(sessionId)
      const phone = PhoneJid.make("15550100400@s.whatsapp.net")
      const code = yield* g.port.requestPairingCode(sessionId, phone)
      assert.match(code, /^[1-9A-HJ-NP-TV-Z]{4}-[1-9A-HJ-NP-TV-Z]{4}$/)
      // Baileys resolves once its companion_hello is written; the phone enters the code once the server has read it.
      const linked = yield* Effect.tryPromise({
        try: () => sim.control.enterPairingCode({ code, phone: "15550100400" }),
        catch: (error) => error
      }).pipe(Effect.retry({
        while: (error) => error instanceof WaSimError && error.code === "not_found",
        schedule: Schedule.spaced("20 millis"),
        times: 100
      }), Effect.orDie)
      assert.strictEqual(linked.jid, "15550100400:1@s.whatsapp.net")
      const connected = yield* g.status(sessionId, "connected")
      assert.strictEqual(connected.phoneJid, phone)
      assert.deepStrictEqual({ ...(yield* g.port.connection(sessionId)) }, { status: "connected", phoneJid: phone, lid: linked.phoneLid })
      assert.strictEqual(deviceOf(phone)?.liveSockets, 1)
      yield* g.close
    }).pipe(Effect.scoped), { timeout: 60_000 })

  it.live("a pairing code asked for but never entered leaves the session unlinked: restarted, it pairs afresh (not logged out)", () =>
    Effect.gen(function*() {
      const store = yield* sharedStore(MemoryStore.layer)
      const sessionId = SessionId.make("code-abandoned")
      yield* Effect.provide(insertSession(sessionId), store)
      const first = yield* gateway(sim, store)
      yield* first.port.start(sessionId)
      yield* first.port.requestPairingCode(sessionId, PhoneJid.make("15550100500@s.whatsapp.net"))
      yield* first.close

      // Baileys stored `me` as the bare number; a new layer must register again rather than log in with it.
      const second = yield* gateway(sim, store)
      yield* second.port.start(sessionId)
      yield* second.status(sessionId, "pairing")
      const qr = yield* second.port.requestQr(sessionId)
      assert.match(qr.qr, /^https:\/\/wa\.me\/settings\/linked_devices#/)
      const statuses = second.seen.flatMap((c) => (c._tag === "SessionStatusChanged" && c.sessionId === sessionId ? [c.status] : []))
      assert.notInclude(statuses, "logged_out")
      assert.strictEqual((yield* second.port.connection(sessionId)).status, "pairing")
      yield* second.close
    }).pipe(Effect.scoped), { timeout: 60_000 })

  it.live("resumeLinkedSessions: a new layer reconnects every linked session, one socket opening at a time with startConcurrency 1", () =>
    Effect.gen(function*() {
      const store = yield* sharedStore(MemoryStore.layer)
      const ids = [SessionId.make("resume-a"), SessionId.make("resume-b"), SessionId.make("resume-c")]
      const first = yield* gateway(sim, store)
      const phones: Array<PhoneJid> = []
      for (const id of ids) {
        yield* Effect.provide(insertSession(id), store)
        phones.push(yield* pair(sim, first, id))
      }
      // What the core's inbound sync would have stored: linked, with their phones (the third logged out).
      yield* Effect.provide(Effect.gen(function*() {
        const sessions = yield* SessionStore
        yield* sessions.setStatus(ids[0]!, "connected", phones[0]!, null, at)
        yield* sessions.setStatus(ids[1]!, "connected", phones[1]!, null, at)
        yield* sessions.setStatus(ids[2]!, "logged_out", phones[2]!, null, at)
      }), store)
      yield* first.close

      const second = yield* gateway(sim, store, { startConcurrency: 1 }, resumeLinkedSessions(8))
      yield* second.status(ids[0]!, "connected")
      yield* second.status(ids[1]!, "connected")
      assert.deepStrictEqual(yield* second.port.connection(ids[2]!), { status: "disconnected", phoneJid: null, lid: null }, "a logged-out session is not resumed")

      // The bound: between a session's `connecting` and its `connected`, no other session was connecting.
      const opening = new Set<string>()
      let most = 0
      for (const change of second.seen as ReadonlyArray<InboundChange>) {
        if (change._tag !== "SessionStatusChanged") continue
        if (change.status === "connecting") opening.add(change.sessionId)
        else opening.delete(change.sessionId)
        most = Math.max(most, opening.size)
      }
      assert.strictEqual(most, 1)
      yield* second.close
    }).pipe(Effect.scoped), { timeout: 90_000 })

  it.live("a group send answered from the store (cachedGroupMetadata): every member's phone decrypts it", () =>
    Effect.gen(function*() {
      const store = yield* sharedStore(MemoryStore.layer)
      const sessionId = SessionId.make("cached")
      yield* Effect.provide(insertSession(sessionId), store)
      const g = yield* gateway(sim, store)
      yield* pair(sim, g, sessionId)
      const members = [UserJid.make("628555000201@s.whatsapp.net"), UserJid.make("628555000202@s.whatsapp.net")]
      const { group } = yield* g.port.createGroup(sessionId, { subject: "Cached", participants: members })
      // What the core's inbound sync stores; Baileys then asks the store, not WhatsApp, for the members.
      yield* Effect.provide(GroupStore.use((groups) => groups.upsert({ orgId: OrgId.make("org"), sessionId }, group, at)), store)
      // WhatsApp would refuse a metadata query now: the sends below cannot have asked it.
      const fault = sim.control.addFault({ sessionId, on: "iq", xmlns: "w:g2", tag: "query", effect: "rate-overlimit" })
      yield* Effect.addFinalizer(() => Effect.sync(() => sim.control.clearFaults({ id: fault.id })))
      for (const text of ["first", "second"]) {
        const sent = yield* g.port.send(sessionId, { waMessageId: yield* mintWaMessageId, type: "text", to: group.groupJid, text })
        for (const member of members) {
          const got = sim.control.messages({ jid: member.split("@")[0]! }).find((m) => m.id === sent.waMessageId)
          assert.deepStrictEqual(got?.content, { kind: "text", text, mentions: [] }, member)
        }
      }
      assert.strictEqual(sim.control.faults().find((f) => f.id === fault.id)?.struck, 0, "no metadata query reached WhatsApp")
      yield* g.close
    }).pipe(Effect.scoped), { timeout: 60_000 })

  it.live("on the PGlite store: credentials and keys round-trip through store-pg's AuthStateStore across a restart", () =>
    Effect.gen(function*() {
      const store = yield* sharedStore(PgStore.layer.pipe(Layer.provide(EmbeddedPostgres.layerMemory), Layer.orDie))
      const sessionId = SessionId.make("pglite")
      yield* Effect.provide(insertSession(sessionId), store)
      const first = yield* gateway(sim, store)
      const phoneJid = yield* pair(sim, first, sessionId)
      const member = UserJid.make("628555000111@s.whatsapp.net")
      const created = yield* first.port.createGroup(sessionId, { subject: "On Postgres", participants: [member] })
      yield* first.close

      const stored = yield* Effect.provide(AuthStateStore.use((s) => s.loadCredentials(sessionId)), store)
      assert.isTrue(Option.isSome(stored))

      const second = yield* gateway(sim, store)
      assert.strictEqual((yield* second.port.start(sessionId)).status, "connecting")
      assert.strictEqual((yield* second.status(sessionId, "connected")).phoneJid, phoneJid)
      // The Signal sessions came back from Postgres: the member's phone decrypts the group message.
      const sent = yield* second.port.send(sessionId, { waMessageId: yield* mintWaMessageId, type: "text", to: created.group.groupJid, text: "from postgres" })
      const received = sim.control.messages({ jid: "628555000111" }).find((m) => m.id === sent.waMessageId)
      assert.deepStrictEqual(received?.content, { kind: "text", text: "from postgres", mentions: [] })
      yield* second.close
    }).pipe(Effect.scoped), { timeout: 90_000 })
  it.live("a store slow to write credentials: the restart after pairing (515) reconnects with the paired credentials, not the ones loaded before", () =>
    Effect.gen(function*() {
      // Credential writes take 300 ms (a busy database); reads answer at once.
      const memory = yield* Layer.build(MemoryStore.layer)
      const auth = Context.get(memory, AuthStateStore)
      const slow = Context.add(memory, AuthStateStore, AuthStateStore.of({
        ...auth,
        saveCredentials: (id, credentials) => Effect.delay(auth.saveCredentials(id, credentials), "300 millis")
      }))
      const store = Layer.succeedContext(slow)
      const sessionId = SessionId.make("slow-creds")
      yield* Effect.provide(insertSession(sessionId), store)
      const g = yield* gateway(sim, store)
      const phoneJid = yield* pair(sim, g, sessionId)
      assert.strictEqual(deviceOf(phoneJid)?.liveSockets, 1)
      const stored = yield* auth.loadCredentials(sessionId)
      assert.isTrue(Option.isSome(stored) && typeof stored.value === "object" && stored.value !== null && "me" in stored.value, "the stored credentials are the paired ones")
      yield* g.close
    }).pipe(Effect.scoped), { timeout: 60_000 })
})

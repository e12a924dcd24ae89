import { afterAll, assert, beforeAll, describe, it } from "@effect/vitest"
import {
  AuthStateStore,
  type InboundChange,
  OrgId,
  SessionId,
  type SessionStatus,
  SessionStore,
  type Timestamp,
  UserJid,
  WhatsAppPort
} from "@wagate/core"
import { MemoryStore, type MemoryStoreServices } from "@wagate/memory"
import { startWaSim, type WaSim } from "@wagate/wa-sim"
import { Context, Effect, Exit, Layer, Option, Queue, Scope, Stream } from "effect"
import { BaileysWhatsApp } from "../src/index.ts"

let sim: WaSim
beforeAll(async () => {
  sim = await startWaSim()
})
afterAll(async () => {
  await sim.close()
})

const at = "2026-12-01T00:00:00.000Z" as Timestamp

/** The adapter on `store`, in its own scope (closing it is a gateway stopping); its changes in a queue. */
const gateway = Effect.fn("test.gateway")(function*(store: Layer.Layer<MemoryStoreServices>) {
  const scope = yield* Scope.make()
  const adapter = BaileysWhatsApp.layer({
    socketUrl: sim.url,
    certRootPublicKey: sim.rootPublicKey,
    reconnect: { initialDelayMs: 100, maxDelayMs: 1_000 }
  }).pipe(Layer.provide(store))
  const context = yield* Layer.buildWithScope(adapter, scope)
  const port = Context.get(context, WhatsAppPort)
  const changes = yield* Queue.unbounded<InboundChange>()
  yield* Stream.runForEach(port.changes, (c) => Queue.offer(changes, c)).pipe(Effect.forkIn(scope))
  /** The next change of the given kind that matches, within 20 s. */
  const next = <T extends InboundChange["_tag"]>(tag: T, where: (c: Extract<InboundChange, { _tag: T }>) => boolean = () => true) => {
    const loop: Effect.Effect<Extract<InboundChange, { _tag: T }>> = Effect.flatMap(Queue.take(changes), (c) =>
      c._tag === tag && where(c as Extract<InboundChange, { _tag: T }>) ? Effect.succeed(c as Extract<InboundChange, { _tag: T }>) : loop)
    return loop.pipe(Effect.timeoutOrElse({ duration: "20 seconds", orElse: () => Effect.die(new Error(`no ${tag} within 20 s`)) }))
  }
  const status = (sessionId: SessionId, s: SessionStatus) => next("SessionStatusChanged", (c) => c.sessionId === sessionId && c.status === s)
  return { port, next, status, close: Scope.close(scope, Exit.void) }
})

describe("BaileysWhatsApp against wa-sim", () => {
  it.effect("pairs by QR, creates groups (999 → invite_sent, 000 → not_on_whatsapp), gets receipts, reconnects after a drop and a restart, logs out on unlink", () =>
    Effect.gen(function*() {
      const store = yield* Layer.build(MemoryStore.layer).pipe(Effect.map((ctx) => Layer.succeedContext(ctx)))
      const sessionId = SessionId.make("alice")
      yield* Effect.provide(
        Effect.gen(function*() {
          yield* (yield* SessionStore).insert({ id: sessionId, orgId: OrgId.make("org"), name: null, status: "connecting", phoneJid: null, createdAt: at, updatedAt: at })
        }),
        store
      )

      // Pairing: a new session shows a QR code; the simulated phone scans it.
      const first = yield* gateway(store)
      const started = yield* first.port.start(sessionId)
      assert.strictEqual(started.status, "pairing")
      const qr = yield* first.port.requestQr(sessionId)
      yield* Effect.promise(() => sim.control.scan({ qr: qr.qr, sessionId }))
      const connected = yield* first.status(sessionId, "connected")
      assert.match(connected.phoneJid ?? "", /^[0-9]{15}@s\.whatsapp\.net$/)

      // Groups: WhatsApp's per-participant codes.
      const privateUser = UserJid.make("999123456789@s.whatsapp.net")
      const unknown = UserJid.make("000123456789@s.whatsapp.net")
      const member = UserJid.make("628123456789@s.whatsapp.net")
      const created = yield* first.port.createGroup(sessionId, { subject: "Team", participants: [member, privateUser, unknown] })
      assert.deepStrictEqual(created.results.map((r) => r.status), ["added", "invite_sent", "not_on_whatsapp"])
      assert.sameMembers(created.group.members.map((m) => m.jid), [connected.phoneJid, member])

      // A send, and its receipts.
      const sent = yield* first.port.send(sessionId, { type: "text", to: created.group.groupJid, text: "hello team" })
      const receipt = yield* first.next("MessageStatusChanged", (c) => c.waMessageId === sent.waMessageId)
      assert.include(["delivered", "read"], receipt.status)

      // The server drops the socket: the session reconnects by itself.
      assert.strictEqual(sim.control.drop({ sessionId }), 1)
      yield* first.status(sessionId, "connecting")
      yield* first.status(sessionId, "connected")

      // A restart: a new adapter on the same store resumes without pairing.
      yield* first.close
      const second = yield* gateway(store)
      const resumed = yield* second.port.start(sessionId)
      assert.strictEqual(resumed.status, "connecting")
      yield* second.status(sessionId, "connected")
      const again = yield* second.port.send(sessionId, { type: "text", to: member, text: "back" })
      assert.isString(again.waMessageId)

      // The phone unlinks the device: logged_out, credentials gone.
      sim.control.unlink({ sessionId })
      yield* second.status(sessionId, "logged_out")
      const credentials = yield* Effect.provide(Effect.gen(function*() {
        return yield* (yield* AuthStateStore).loadCredentials(sessionId)
      }), store)
      assert.isTrue(Option.isNone(credentials))
      yield* second.close
    }).pipe(Effect.scoped), { timeout: 120_000 })
})

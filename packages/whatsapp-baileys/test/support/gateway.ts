import {
  type InboundChange,
  OrgId,
  type SessionId,
  type SessionStatus,
  SessionStore,
  type Timestamp,
  WhatsAppPort
} from "@wagate/core"
import type { WaSim } from "@wagate/wa-sim"
import { Context, Effect, Exit, Layer, Queue, Scope, Stream } from "effect"
import { type BaileysOptions, type BaileysRequirements, BaileysWhatsApp } from "../../src/index.ts"

export const at = "2026-12-01T00:00:00.000Z" as Timestamp

type Tagged<T extends InboundChange["_tag"]> = Extract<InboundChange, { _tag: T }>

/**
 * The adapter on `store`, in a scope of its own (closing it is the gateway stopping), with every change it pushes
 * recorded in order (`seen`) and queued for `next`. `extra` is built on top of it (e.g. `resumeLinkedSessions`).
 */
export const gateway = Effect.fn("test.gateway")(function*(
  sim: WaSim,
  store: Layer.Layer<BaileysRequirements>,
  options: Omit<BaileysOptions, "socketUrl" | "certRootPublicKey"> = {},
  extra: Layer.Layer<never, never, WhatsAppPort | BaileysRequirements> = Layer.empty
) {
  const scope = yield* Scope.make()
  const adapter = BaileysWhatsApp.layer({
    socketUrl: sim.url,
    certRootPublicKey: sim.rootPublicKey,
    reconnect: { initialDelayMs: 50, maxDelayMs: 200 },
    ...options
  }).pipe(Layer.provideMerge(store))
  const context = yield* Layer.buildWithScope(adapter, scope)
  const port = Context.get(context, WhatsAppPort)
  const changes = yield* Queue.unbounded<InboundChange>()
  const seen: Array<InboundChange> = []
  yield* Stream.runForEach(port.changes, (c) => Effect.andThen(Effect.sync(() => seen.push(c)), Queue.offer(changes, c))).pipe(
    Effect.forkIn(scope)
  )
  yield* Layer.buildWithScope(extra, scope).pipe(Effect.provideContext(context))
  /** The next change of the given kind that matches, within 30 s. */
  const next = <T extends InboundChange["_tag"]>(tag: T, where: (c: Tagged<T>) => boolean = () => true) => {
    const loop: Effect.Effect<Tagged<T>> = Effect.flatMap(Queue.take(changes), (c) =>
      c._tag === tag && where(c as Tagged<T>) ? Effect.succeed(c as Tagged<T>) : loop)
    return loop.pipe(Effect.timeoutOrElse({ duration: "30 seconds", orElse: () => Effect.die(new Error(`no ${tag} within 30 s`)) }))
  }
  const status = (sessionId: SessionId, s: SessionStatus) => next("SessionStatusChanged", (c) => c.sessionId === sessionId && c.status === s)
  return { port, next, status, seen, close: Scope.close(scope, Exit.void) }
})

/** A session record in the store (what the gateway's `POST /sessions` makes). */
export const insertSession = (sessionId: SessionId) =>
  Effect.gen(function*() {
    yield* (yield* SessionStore).insert({ id: sessionId, orgId: OrgId.make("org"), name: null, status: "pairing", phoneJid: null, lid: null, createdAt: at, updatedAt: at })
  })

/** Pairs a new session: its QR scanned by the simulated phone; the phone JID it connected as. */
export const pair = Effect.fn("test.pair")(function*(sim: WaSim, g: Effect.Success<ReturnType<typeof gateway>>, sessionId: SessionId) {
  yield* g.port.start(sessionId)
  const qr = yield* g.port.requestQr(sessionId)
  yield* Effect.promise(() => sim.control.scan({ qr: qr.qr, sessionId }))
  const connected = yield* g.status(sessionId, "connected")
  if (connected.phoneJid === null) return yield* Effect.die(new Error("connected without a phone"))
  return connected.phoneJid
})

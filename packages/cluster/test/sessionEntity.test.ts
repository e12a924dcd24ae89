/**
 * The session entity on one runner, with the engine's remote serialization on (as the single runner runs it): the
 * hexagon's port reaches the session's owner with a `Call`, values and the port's own errors cross the wire intact,
 * the socket is the entity's resource (released when the runner stops, not on a logout), and the keeper-free parts
 * of the lifecycle are counted for `/readyz`.
 */
import { assert, describe, it } from "@effect/vitest"
import { CoreServices, GroupJid, NotFound, SessionId, SessionWriters, UserJid, WhatsAppFailure, WhatsAppPort } from "@wagate/core"
import { MemoryStore, Simulator } from "@wagate/memory"
import { Deferred, Effect, Exit, Layer, Option, Scope } from "effect"
import { clusterPorts, LocalSessionWriters, LocalWhatsApp, OwnedSessions, runnerLocals, SessionOwnerLive, singleRunner } from "../src/index.ts"

/** The in-process world's port, with the sessions it was told to release. */
const tracked = (released: Array<string>) =>
  Layer.effect(
    WhatsAppPort,
    Effect.map(WhatsAppPort, (port) =>
      WhatsAppPort.of({ ...port, release: (sessionId) => Effect.andThen(Effect.sync(() => released.push(sessionId)), port.release(sessionId)) }))
  ).pipe(Layer.provide(Simulator.layer))

/** As a gateway composes a runner: the cluster's ports merged after the core's services, whose writers they replace. */
const runner = (released: Array<string>) =>
  SessionOwnerLive.pipe(
    Layer.provideMerge(Layer.mergeAll(CoreServices.layer, clusterPorts)),
    Layer.provideMerge(runnerLocals(tracked(released), { perMinute: 60 })),
    Layer.provideMerge(singleRunner),
    Layer.provideMerge(MemoryStore.layer)
  )

const alice = SessionId.make("alice")

describe("the session entity", () => {
  it.live("a live action runs on the owner's socket: the same values as the process's own port", () =>
    Effect.scoped(Effect.gen(function*() {
      const context = yield* Layer.build(runner([]))
      const port = Effect.provideContext(WhatsAppPort, context)
      const local = Effect.provideContext(LocalWhatsApp, context)
      const cluster = yield* port
      const own = yield* local
      assert.isFalse(yield* cluster.linked(alice), "never paired")
      const started = yield* cluster.start(alice)
      assert.strictEqual(started.status, "connected")
      assert.isTrue(yield* cluster.linked(alice), "paired: a socket opened elsewhere logs in without a QR")
      const created = yield* cluster.createGroup(alice, {
        subject: "Cluster",
        participants: [UserJid.make("6281111111111@s.whatsapp.net")],
        description: undefined
      })
      assert.strictEqual(created.group.subject, "Cluster")
      assert.deepStrictEqual(yield* cluster.groupMetadata(alice, created.group.groupJid), yield* own.groupMetadata(alice, created.group.groupJid))
      yield* cluster.updateSubject(alice, created.group.groupJid, "Renamed")
      assert.strictEqual((yield* own.groupMetadata(alice, created.group.groupJid)).subject, "Renamed")
      assert.deepStrictEqual(yield* cluster.connection(alice), yield* own.connection(alice))
    })))

  it.live("the port's own errors cross as their classes, with their fields", () =>
    Effect.scoped(Effect.gen(function*() {
      const context = yield* Layer.build(runner([]))
      const cluster = yield* Effect.provideContext(WhatsAppPort, context)
      yield* cluster.start(alice)
      const unknown = GroupJid.make("120363999999999999@g.us")
      const exit = yield* Effect.exit(cluster.groupMetadata(alice, unknown))
      assert.isTrue(Exit.isFailure(exit))
      const error = Exit.isFailure(exit) ? exit.cause.reasons[0] : undefined
      const failure = error !== undefined && error._tag === "Fail" ? error.error : undefined
      assert.instanceOf(failure, NotFound)
      assert.notInstanceOf(failure, WhatsAppFailure)
    })))

  it.live("the socket is the entity's: released when the runner stops (a hand-over), not after a logout", () =>
    Effect.gen(function*() {
      const released: Array<string> = []
      const bob = SessionId.make("bob")
      const scope = yield* Scope.make()
      const context = yield* Layer.buildWithScope(runner(released), scope)
      const cluster = yield* Effect.provideContext(WhatsAppPort, context)
      const owned = yield* Effect.provideContext(OwnedSessions, context)
      yield* cluster.start(alice)
      yield* cluster.start(bob)
      assert.deepStrictEqual(yield* owned.counts, { owned: 2, handoversIn: 2, handoversOut: 0 })
      yield* cluster.logout(bob)
      assert.deepStrictEqual(yield* owned.counts, { owned: 1, handoversIn: 2, handoversOut: 0 })
      assert.deepStrictEqual(released, [])
      yield* Scope.close(scope, Exit.void)
      assert.deepStrictEqual(released, ["alice"])
    }))

  it.live("a use-case's writer is held at the owner: the owner's own writer (the inbound sync's) waits for it", () =>
    Effect.scoped(Effect.gen(function*() {
      const context = yield* Layer.build(runner([]))
      const writers = yield* Effect.provideContext(SessionWriters, context)
      const owners = yield* Effect.provideContext(LocalSessionWriters, context)
      const inside = yield* Deferred.make<void>()
      const done = yield* Deferred.make<void>()
      yield* Effect.forkScoped(writers.exclusive(alice)(Effect.andThen(Deferred.succeed(inside, undefined), Deferred.await(done))))
      yield* Deferred.await(inside)
      const whileHeld = yield* owners.exclusive(alice)(Effect.succeed("applied")).pipe(Effect.timeoutOption("300 millis"))
      assert.isTrue(Option.isNone(whileHeld), "the owner's writer waits while a use-case holds the session")
      const other = yield* owners.exclusive(SessionId.make("carol"))(Effect.succeed("applied")).pipe(Effect.timeoutOption("2 seconds"))
      assert.deepStrictEqual(other, Option.some("applied"), "another session's writer does not wait")
      yield* Deferred.succeed(done, undefined)
      const afterwards = yield* owners.exclusive(alice)(Effect.succeed("applied")).pipe(Effect.timeoutOption("2 seconds"))
      assert.deepStrictEqual(afterwards, Option.some("applied"))
    })))
})

import {
  applyInboundChange,
  type Connection,
  drainSession,
  InboundChange,
  type OrgId,
  SendRateLimiter,
  SessionId,
  type SessionOwner as Owner,
  SessionStore,
  WhatsAppPort
} from "@wagate/core"
import { Cause, Duration, Effect, Option, Queue, Schedule } from "effect"
import * as Entity from "effect/cluster/Entity"
import * as EntityResource from "effect/cluster/EntityResource"
import { LocalRateLimiter, LocalSessionWriters, LocalWhatsApp } from "./LocalTransport.ts"
import { isLinked } from "./linked.ts"
import { makeLeases } from "./writerLeases.ts"
import { OwnedSessions } from "./OwnedSessions.ts"
import { type LiveMethod, SessionEntity } from "./SessionEntity.ts"
import { type LiveFailure, plain } from "./liveCall.ts"

/** How long recording a let-go session may hold its hand-over up (a store outage must not hold it for good). */
const RECORD_BUDGET = Duration.seconds(5)

/** What recording a session's status needs (as the inbound sync applies it). */
type InboundServices = Effect.Services<ReturnType<typeof applyInboundChange>>

/**
 * A session whose device is linked keeps a socket open: as stored (`isLinked`), or, for one let go of between its
 * QR scan and its phone being stored, as the transport's credentials say.
 */
const linkedOwner = (sessionId: SessionId, local: WhatsAppPort["Service"]) =>
  Effect.gen(function*() {
    const found = yield* (yield* SessionStore).find(sessionId).pipe(
      Effect.retry({ schedule: Schedule.exponential("200 millis"), times: 5 })
    )
    if (Option.isNone(found)) return undefined
    const session = found.value
    const owner: Owner = { orgId: session.orgId satisfies OrgId, sessionId }
    const linked = isLinked(session) || (session.status !== "logged_out" && (yield* local.linked(sessionId)))
    return { owner, linked }
  })

/**
 * The session entity's handlers, run by the process the cluster places the session in (ADR 0038). On activation:
 * a linked session's socket opens (an `EntityResource` that keeps the entity alive while it is held, and closes
 * when the entity stops: its shard moved, or the process stops), and the session's outbox drain starts, paced by
 * this process's rate limiter. Live actions (`Call`) run the port method on this process's socket.
 */
export const SessionOwnerLive = SessionEntity.toLayer(
  Effect.gen(function*() {
    const address = yield* Entity.CurrentAddress
    const sessionId = SessionId.make(address.entityId)
    const local = yield* LocalWhatsApp
    const limiter = yield* LocalRateLimiter
    const owned = yield* OwnedSessions
    const leases = yield* makeLeases(sessionId, yield* LocalSessionWriters)
    const found = yield* linkedOwner(sessionId, local).pipe(
      Effect.tapError((error) => Effect.logWarning("the session could not be read; its entity starts without a socket", { error })),
      Effect.orElseSucceed(() => undefined)
    )

    const writers = yield* LocalSessionWriters
    const services = yield* Effect.context<InboundServices>()
    /**
     * A session let go of (its shard moved, or this process stops) is recorded `disconnected` first, with its
     * `session.status` event, under its writer: before the socket closes and before the shard is free, so the next
     * owner's `connecting` and `connected` come after it.
     */
    const recordLetGo = (connection: Connection) =>
      writers.exclusive(sessionId)(applyInboundChange(InboundChange.SessionStatusChanged({
        sessionId,
        status: "disconnected",
        phoneJid: connection.phoneJid,
        lid: connection.lid
      }))).pipe(
        Effect.provideContext(services),
        Effect.timeout(RECORD_BUDGET),
        Effect.catch((error) => Effect.logWarning("the session's hand-over could not be recorded", { sessionId, error }))
      )

    let loggedOut = false
    const socket = yield* EntityResource.make({
      acquire: Effect.acquireRelease(
        Effect.tap(local.start(sessionId), () => owned.took(sessionId)),
        () =>
          Effect.flatMap(local.connection(sessionId), (connection) => {
            if (loggedOut || connection.status === "logged_out") return owned.let(sessionId, false)
            return recordLetGo(connection).pipe(
              Effect.andThen(local.release(sessionId)),
              Effect.andThen(owned.let(sessionId, true))
            )
          })
      )
      // Acquired on demand, never eagerly: making the resource cannot fail.
    }).pipe(Effect.orDie)
    /** Opens the socket (held until the entity stops or the session logs out). */
    const open = Effect.scoped(socket.get)

    if (found?.linked === true) {
      yield* open.pipe(
        Effect.tapError((error) => Effect.logWarning("a linked session did not open; the keeper will try again", { error: error.message })),
        Effect.ignore,
        Effect.forkScoped
      )
    } else {
      // Nothing to keep open: a keep-alive carried over from an earlier owner is let go.
      yield* Entity.keepAlive(false)
    }

    const wake = yield* Queue.sliding<void>(1)
    if (found !== undefined) {
      yield* drainSession(found.owner, wake, Effect.succeed(false)).pipe(
        Effect.provideService(WhatsAppPort, local),
        Effect.provideService(SendRateLimiter, limiter),
        // A store outage ends an attempt at draining; the drain starts again after a pause.
        Effect.tapCause((cause) => Cause.hasInterruptsOnly(cause) ? Effect.void : Effect.logWarning("sending paused", cause)),
        Effect.retry(Schedule.spaced("2 seconds")),
        Effect.annotateLogs({ sessionId }),
        Effect.forkScoped
      )
    }

    /** The port method by name, with the arguments the caller gave after the session id. */
    const run = (method: LiveMethod, args: ReadonlyArray<unknown>) => {
      const fn = local[method] as (sessionId: SessionId, ...args: ReadonlyArray<unknown>) => Effect.Effect<unknown, LiveFailure>
      return Effect.map(fn(sessionId, ...args), plain)
    }

    return SessionEntity.of({
      Call: ({ payload }) => {
        switch (payload.method) {
          // Starting opens the socket as the entity's resource, then answers the state right after.
          case "start":
            return Effect.andThen(open, Effect.map(local.start(sessionId), plain))
          case "logout":
          case "remove":
            return Effect.tap(run(payload.method, payload.args), () => {
              loggedOut = true
              return socket.close
            })
          default:
            return run(payload.method, payload.args)
        }
      },
      Wake: () => Effect.asVoid(Queue.offer(wake, undefined)),
      RateDelay: () => limiter.delayMillis(sessionId),
      Ensure: () => (found?.linked === true ? Effect.ignore(open) : Effect.void),
      Hold: ({ payload }) => leases.hold(payload.leaseMillis),
      Release: ({ payload }) => leases.release(payload.lease)
    })
  }),
  // Live actions on one session run side by side, as they do on one socket.
  { concurrency: "unbounded" }
)

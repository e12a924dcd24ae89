import {
  EventStore,
  type EventPayload,
  HostResolver,
  HostUnresolvable,
  type Ownership,
  type Principal,
  type SessionId,
  Timestamp,
  TransportOwnership,
  type UserJid,
  type GroupJid,
  WebhookDispatcher,
  WebhookRequestFailed,
  WebhookTransport
} from "@wagate/core"
import { Clock, Context, Duration, Effect, Layer, Option, Queue, Ref } from "effect"
import { TestClock } from "effect/testing"
import { World } from "./world.ts"

/** A request a fake receiver got, with the (test) clock's time when it arrived. */
export interface Received {
  readonly url: string
  readonly headers: Readonly<Record<string, string>>
  readonly body: string
  readonly at: number
}

/** What a fake receiver answers: a status code, or never (a receiver that hangs). */
export type Answer = number | "hang" | "unreachable"

/** The fake receivers behind `WebhookTransport`: scripted answers per URL, and every request they got. */
export class Receivers extends Context.Service<Receivers, {
  /** The answers `url` gives, in order; the last one repeats. 200 when not scripted. */
  readonly script: (url: string, answers: ReadonlyArray<Answer>) => Effect.Effect<void>
  readonly requests: Queue.Queue<Received>
  readonly log: Ref.Ref<ReadonlyArray<Received>>
}>()("@wagate/core/test/Receivers") {}

const receivers = Layer.effectContext(
  Effect.gen(function*() {
    const scripts = yield* Ref.make(new Map<string, ReadonlyArray<Answer>>())
    const requests = yield* Queue.unbounded<Received>()
    const log = yield* Ref.make<ReadonlyArray<Received>>([])
    const next = (url: string) =>
      Ref.modify(scripts, (map): [Answer, Map<string, ReadonlyArray<Answer>>] => {
        const answers = map.get(url) ?? [200]
        const [first = 200, ...rest] = answers
        return [first, rest.length === 0 ? map : new Map(map).set(url, rest)]
      })
    const transport = WebhookTransport.of({
      post: (request) =>
        Effect.gen(function*() {
          const received: Received = { ...request, at: yield* Clock.currentTimeMillis }
          yield* Ref.update(log, (all) => [...all, received])
          yield* Queue.offer(requests, received)
          const answer = yield* next(request.url)
          if (answer === "hang") return yield* Effect.never
          if (answer === "unreachable") return yield* new WebhookRequestFailed({ message: "connection refused" })
          return answer
        })
    })
    return Context.make(WebhookTransport, transport).pipe(
      Context.add(Receivers, {
        script: (url, answers) => Ref.update(scripts, (map) => new Map(map).set(url, answers)),
        requests,
        log
      })
    )
  })
)

/** Names the fake resolver knows; every other name resolves to a public address, `nowhere.example` to none. */
const names: Readonly<Record<string, ReadonlyArray<string>>> = {
  "intranet.example": ["10.0.0.5"],
  "mixed.example": ["93.184.216.34", "127.0.0.1"],
  "ula.example": ["fd12:3456::1"],
  "metadata-alias.example": ["169.254.169.254"]
}

export const FakeResolver = Layer.succeed(
  HostResolver,
  HostResolver.of({
    resolve: (host) =>
      host === "nowhere.example" ? Effect.fail(new HostUnresolvable({ host })) : Effect.succeed(names[host] ?? ["93.184.216.34"])
  })
)

/** The in-memory world with fake receivers and resolver, and the webhook dispatcher started with this ownership. */
export const webhookWorld = (ownership: Ownership) =>
  WebhookDispatcher.layer.pipe(
    Layer.provideMerge(Layer.mergeAll(receivers, FakeResolver, Layer.succeed(TransportOwnership, { ownership }))),
    Layer.provideMerge(World)
  )

/** `webhookWorld` in the process that owns the transport: the dispatcher delivers. */
export const WebhookWorld = webhookWorld({ _tag: "Owner" })

/** Appends a `group.participants` event for the organisation (what a member change commits). */
export const appendEvent = (owner: Principal, n: number, sessionId = "s1") =>
  Effect.gen(function*() {
    const payload: EventPayload = {
      type: "group.participants",
      sessionId: sessionId as SessionId,
      data: {
        groupJid: "120363000000000001@g.us" as GroupJid,
        action: "add",
        participants: [`62812000${String(n).padStart(5, "0")}@s.whatsapp.net` as UserJid],
        author: null
      }
    }
    return yield* (yield* EventStore).append(owner.orgId, payload, Timestamp.make(new Date(yield* Clock.currentTimeMillis).toISOString()))
  })

/** The next request a receiver gets, moving the test clock on in small steps until one arrives. */
/**
 * Checks until `until` holds, letting other fibers run and moving the test clock on by `step` every few turns:
 * a dispatcher that missed a wake-up finds the event at its next timed read.
 */
export const eventuallyOnTheClock = <A, E, R>(check: Effect.Effect<A, E, R>, until: (a: A) => boolean, step: Duration.Input = "50 millis") =>
  Effect.gen(function*() {
    for (let i = 0; i < 2000; i++) {
      const value = yield* check
      if (until(value)) return value
      yield* Effect.yieldNow
      if (i % 4 === 3) yield* TestClock.adjust(step)
    }
    return yield* check
  })

export const nextRequest = (step: Duration.Input = "50 millis") =>
  Effect.gen(function*() {
    const { requests } = yield* Receivers
    for (let i = 0; i < 2000; i++) {
      const got = yield* Queue.poll(requests)
      if (Option.isSome(got)) return got.value
      yield* Effect.yieldNow
      if (i % 4 === 3) yield* TestClock.adjust(step)
    }
    return yield* Effect.die(new Error("no webhook request arrived"))
  })

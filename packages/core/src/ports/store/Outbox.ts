import { Context, Effect, Layer, Option } from "effect"
import type { StoreUnavailable } from "../../domain/errors.ts"
import type { EventPayload } from "../../domain/Event.ts"
import type { MessageId, OrgId, Timestamp } from "../../domain/Ids.ts"
import type { SendError } from "../../domain/SendError.ts"
import type { SessionOwner } from "../../domain/Session.ts"
import { EventStore } from "./EventStore.ts"
import { type IdempotencyRecord, IdempotencyStore, type NewIdempotencyKey } from "./IdempotencyStore.ts"
import { MessageStore, type StoredMessage } from "./MessageStore.ts"
import { StoreTransaction } from "./StoreTransaction.ts"

/** An event to append with a change: its organisation, what it says, and when. */
export interface OutboxEvent {
  readonly orgId: OrgId
  readonly payload: EventPayload
  readonly at: Timestamp
}

/** A send being accepted (ADR 0032): the message, `queued`; the claim on its idempotency key, if it has one; its event. */
export interface Acceptance {
  readonly message: StoredMessage
  readonly key: { readonly key: string; readonly claim: NewIdempotencyKey } | undefined
  readonly event: OutboxEvent
}

/**
 * The head of a session's queue, and whether `claimHead` counted an attempt of it (it was due, not expired, and has
 * its WhatsApp id): `message.attempts` includes that attempt.
 */
export interface QueueHead {
  readonly message: StoredMessage
  readonly claimed: boolean
}

/** What claiming a head requires of it: due by `dueBy`, accepted after `createdAfter` (older ones have expired). */
export interface ClaimRule {
  readonly dueBy: Timestamp
  readonly createdAfter: Timestamp
}

/** How a send ended: WhatsApp acknowledged it, or it failed for good. */
export type SendOutcomeStatus =
  | { readonly status: "sent" }
  | { readonly status: "failed"; readonly error: SendError }

/**
 * The writes of the send path that happen once per message, each one atomic store operation (ADR 0032):
 * accepting a send, claiming the head of its session's queue for an attempt, and settling its outcome. They are what `StoreTransaction` would give over the separate stores (`layerComposed` is exactly that), in a port of their own so that an adapter can commit each in one
 * statement and group the statements of concurrent callers into one transaction.
 */
export class Outbox extends Context.Service<Outbox, {
  /**
   * Commits the key's claim, the message and its event together; none then. When the key was already claimed,
   * nothing is stored and the answer is the key's record (of concurrent acceptances with one key exactly one is
   * committed; on Postgres the others wait for it). A key an older version left "in progress" is taken over.
   */
  readonly accept: (acceptance: Acceptance) => Effect.Effect<Option.Option<IdempotencyRecord>, StoreUnavailable>
  /**
   * The session's oldest `queued` message (acceptance order), with an attempt counted when the rule allows it; none
   * when the queue is empty. Counting before the call to WhatsApp is what shows, after a crash, that a message may
   * have reached it (it is then sent again under the same id).
   */
  readonly claimHead: (owner: SessionOwner, rule: ClaimRule) => Effect.Effect<Option.Option<QueueHead>, StoreUnavailable>
  /**
   * Moves a `queued` message to its outcome (`updatedAt` = `event.at`, no next attempt) and appends `event`,
   * together. The message after the update; none when it was no longer queued (a receipt moved it on: nothing is
   * written then).
   */
  readonly settle: (
    id: MessageId,
    outcome: SendOutcomeStatus,
    event: OutboxEvent
  ) => Effect.Effect<Option.Option<StoredMessage>, StoreUnavailable>
}>()("@wagate/core/Outbox") {
  /** The outbox over the stores it writes, each operation one `StoreTransaction`: the reference behaviour. */
  static readonly layerComposed: Layer.Layer<Outbox, never, MessageStore | IdempotencyStore | EventStore | StoreTransaction> =
    Layer.effect(Outbox, Effect.gen(function*() { return yield* composedOutbox }))
}

/** `Outbox` built from the separate stores and their transactions (see `Outbox.layerComposed`). */
export const composedOutbox = Effect.gen(function*() {
  const messages = yield* MessageStore
  const keys = yield* IdempotencyStore
  const events = yield* EventStore
  const { atomically } = yield* StoreTransaction

  const accept = Effect.fn("Outbox.accept")(function*(acceptance: Acceptance) {
    const { event, key, message } = acceptance
    return yield* atomically(Effect.gen(function*() {
      if (key !== undefined) {
        const existing = yield* keys.claim(message.orgId, key.key, key.claim)
        if (Option.isSome(existing)) return existing
      }
      yield* messages.insert(message)
      yield* events.append(event.orgId, event.payload, event.at)
      return Option.none<IdempotencyRecord>()
    }))
  })

  const claimHead = Effect.fn("Outbox.claimHead")(function*(owner: SessionOwner, rule: ClaimRule) {
    return yield* atomically(Effect.gen(function*() {
      const head = yield* messages.nextQueued(owner.orgId, owner.sessionId)
      if (Option.isNone(head)) return Option.none<QueueHead>()
      const message = head.value
      if (!isClaimable(message, rule)) return Option.some<QueueHead>({ message, claimed: false })
      // `updatedAt` says when the status last changed: counting an attempt keeps it.
      const counted = yield* messages.update(message.id, { status: "queued", attempts: message.attempts + 1, at: message.updatedAt, from: ["queued"] })
      return Option.some<QueueHead>(Option.isSome(counted) ? { message: counted.value, claimed: true } : { message, claimed: false })
    }))
  })

  const settle = Effect.fn("Outbox.settle")(function*(id: MessageId, outcome: SendOutcomeStatus, event: OutboxEvent) {
    return yield* atomically(Effect.gen(function*() {
      const error = outcome.status === "failed" ? outcome.error : null
      const moved = yield* messages.update(id, { status: outcome.status, error, nextAttemptAt: null, at: event.at, from: ["queued"] })
      if (Option.isSome(moved)) yield* events.append(event.orgId, event.payload, event.at)
      return moved
    }))
  })

  return Outbox.of({ accept, claimHead, settle })
})

/** Whether a queued message may be attempted now under `rule`. */
export const isClaimable = (message: StoredMessage, rule: ClaimRule): boolean =>
  message.waMessageId !== null &&
  (message.nextAttemptAt === null || Date.parse(message.nextAttemptAt) <= Date.parse(rule.dueBy)) &&
  Date.parse(message.createdAt) > Date.parse(rule.createdAfter)

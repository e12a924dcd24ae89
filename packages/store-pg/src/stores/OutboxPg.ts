import {
  type Acceptance,
  type ClaimRule,
  composedOutbox,
  EventWakeups,
  type IdempotencyRecord,
  type MessageId,
  Outbox,
  type OutboxEvent,
  type QueueHead,
  type SendOutcomeStatus,
  type SessionOwner,
  type StoredMessage,
  type StoreUnavailable
} from "@wagate/core"
import { Effect, Exit, Layer, Option } from "effect"
import { SqlClient } from "effect/sql/SqlClient"
import { storeErrors, whenSessionGone } from "../errors.ts"
import { groupCommit, inTransactionOf, quietly } from "./groupCommit.ts"
import { MESSAGE_COLUMNS, messageColumnsOf, messagesOf } from "./messageRows.ts"
import { encodeSendError } from "./sendErrorColumn.ts"

/** Concurrent batches of each operation (each takes a pooled connection while it runs). */
const LANES = 4
/** The most calls one statement carries. */
const MAX_BATCH = 64

/** The `message.status` event columns of a batch (`unnest` arrays; `data` as JSON text). */
const eventColumns = (events: ReadonlyArray<OutboxEvent>) => ({
  orgs: events.map((e) => e.orgId),
  sessions: events.map((e) => e.payload.sessionId),
  types: events.map((e) => e.payload.type),
  ats: events.map((e) => e.at),
  data: events.map((e) => JSON.stringify(e.payload.data))
})

/**
 * `Outbox` over Postgres (ADR 0036). Each operation is one statement whose writes are chained by data-modifying
 * `WITH` clauses, so it commits on its own, without `BEGIN` and `COMMIT` round trips; and the statements of
 * concurrent callers are grouped (`groupCommit`): one statement, over `unnest` arrays, carries up to `MAX_BATCH`
 * calls. Accepting inserts each key's claim, and only for the claims that went in (`ON CONFLICT DO NOTHING`), the
 * message and its event; what a statement cannot decide falls back to the composed outbox (one transaction over
 * the stores): a key already claimed (its record is read, or an older version's "in progress" row taken over).
 * Events keep the calls' order within a statement (`ORDER BY ord`), so a session's messages and events keep
 * acceptance order. Keys are claimed in key order (then call order, so the first call with a key wins it): two
 * batches claiming the same keys lock them in the same order, instead of deadlocking.
 */
export const OutboxPg = Layer.effect(
  Outbox,
  Effect.gen(function*() {
    const client = yield* SqlClient
    const sql = client.withoutTransforms()
    const inTransaction = inTransactionOf(client)
    const wakeups = yield* EventWakeups
    const composed = yield* composedOutbox
    const columns = sql.literal(MESSAGE_COLUMNS)
    const movedColumns = sql.literal(messageColumnsOf("m"))

    /** The message ids the statement committed (those without a key, and those whose key it claimed). */
    const acceptStatement = (batch: ReadonlyArray<Acceptance>) => {
      const messages = batch.map((a) => a.message)
      const events = eventColumns(batch.map((a) => a.event))
      return sql<{ readonly id: string }>`
        WITH input AS (
          SELECT * FROM unnest(
            ${messages.map((m) => m.id)}::text[], ${messages.map((m) => m.orgId)}::text[],
            ${messages.map((m) => m.sessionId)}::text[], ${messages.map((m) => m.to)}::text[],
            ${messages.map((m) => m.type)}::text[], ${messages.map((m) => JSON.stringify(m.request))}::text[],
            ${messages.map((m) => m.status)}::text[], ${messages.map((m) => m.waMessageId ?? "")}::text[],
            ${messages.map((m) => encodeSendError(m.error) ?? "")}::text[], ${messages.map((m) => String(m.attempts))}::text[],
            ${messages.map((m) => m.nextAttemptAt ?? "")}::text[], ${messages.map((m) => m.createdAt)}::text[],
            ${messages.map((m) => m.updatedAt)}::text[],
            ${batch.map((a) => a.key?.key ?? "")}::text[], ${batch.map((a) => a.key?.claim.fingerprint ?? "")}::text[],
            ${batch.map((a) => String(a.key?.claim.async ?? false))}::text[], ${batch.map((a) => a.key?.claim.at ?? a.message.createdAt)}::text[],
            ${events.orgs}::text[], ${events.sessions}::text[], ${events.types}::text[], ${events.ats}::text[], ${events.data}::text[]
          ) WITH ORDINALITY AS t (id, org_id, session_id, to_jid, type, request, status, wa_message_id, error, attempts,
                                  next_attempt_at, created_at, updated_at, key, fingerprint, async, claimed_at,
                                  event_org, event_session, event_type, event_at, event_data, ord)
        ), claimed AS (
          INSERT INTO idempotency_keys (org_id, key, fingerprint, state, outcome, reserved_at, message_id, async)
          SELECT org_id, key, fingerprint, 'accepted', NULL, claimed_at::timestamptz, id, async::boolean
          FROM input WHERE key <> '' ORDER BY org_id, key, ord
          ON CONFLICT (org_id, key) DO NOTHING
          RETURNING message_id
        ), accepted AS (
          SELECT * FROM input WHERE key = '' OR id IN (SELECT message_id FROM claimed)
        ), message AS (
          INSERT INTO messages (id, org_id, session_id, to_jid, type, request, status, wa_message_id, error, attempts,
                                next_attempt_at, created_at, updated_at)
          SELECT id, org_id, session_id, to_jid, type, request::jsonb, status, NULLIF(wa_message_id, ''), NULLIF(error, ''),
                 attempts::int, NULLIF(next_attempt_at, '')::timestamptz, created_at::timestamptz, updated_at::timestamptz
          FROM accepted ORDER BY ord
          RETURNING 1
        ), event AS (
          INSERT INTO events (org_id, session_id, type, occurred_at, data)
          SELECT event_org, event_session, event_type, event_at::timestamptz, event_data::jsonb FROM accepted ORDER BY ord
          RETURNING 1
        )
        SELECT id FROM accepted`
    }

    /**
     * Each acceptance's answer: none when the statement committed it; else (its key was taken, by an earlier request
     * or by another call of this batch) the composed outbox's answer, which reads the key's record.
     */
    const acceptAll = (batch: ReadonlyArray<Acceptance>, statement: Effect.Effect<ReadonlySet<string>, StoreUnavailable>) =>
      Effect.gen(function*() {
        const committed = yield* statement
        if (committed.size > 0) yield* wakeups.notify
        return yield* Effect.forEach(batch, (acceptance) =>
          committed.has(acceptance.message.id)
            ? Effect.succeed(Exit.succeed(Option.none<IdempotencyRecord>()))
            : Effect.exit(composed.accept(acceptance)))
      })

    /** A key used twice in one batch: only its first use goes into the statement (the other then finds it taken). */
    const firstUses = (batch: ReadonlyArray<Acceptance>) => {
      const seen = new Set<string>()
      return batch.filter((a) => {
        if (a.key === undefined) return true
        const id = JSON.stringify([a.message.orgId, a.key.key])
        if (seen.has(id)) return false
        seen.add(id)
        return true
      })
    }

    const ids = (rows: ReadonlyArray<{ readonly id: string }>): ReadonlySet<string> => new Set(rows.map((row) => row.id))

    const accept = yield* groupCommit({
      inTransaction,
      lanes: LANES,
      max: MAX_BATCH,
      run: (batch: ReadonlyArray<Acceptance>) => acceptAll(batch, quietly(Effect.map(acceptStatement(firstUses(batch)), ids))),
      runOne: (acceptance: Acceptance) =>
        Effect.flatMap(
          // A session removed meanwhile: the message is moot, as if accepted and then deleted with the session.
          acceptAll([acceptance], storeErrors(Effect.map(acceptStatement([acceptance]), ids).pipe(whenSessionGone(new Set([acceptance.message.id]))))),
          ([exit]) => exit ?? Effect.die(new Error("an acceptance got no answer"))
        )
    })

    /** Per owner (by index): its queue's head, and whether the statement counted an attempt of it. */
    const claimStatement = (batch: ReadonlyArray<{ readonly owner: SessionOwner; readonly rule: ClaimRule }>) =>
      sql`
        WITH input AS (
          SELECT * FROM unnest(
            ${batch.map((c) => c.owner.orgId)}::text[], ${batch.map((c) => c.owner.sessionId)}::text[],
            ${batch.map((c) => c.rule.dueBy)}::text[], ${batch.map((c) => c.rule.createdAfter)}::text[]
          ) WITH ORDINALITY AS t (org_id, session_id, due_by, created_after, ord)
        ), head AS (
          SELECT i.ord, h.id, i.due_by::timestamptz AS due_by, i.created_after::timestamptz AS created_after
          FROM input i CROSS JOIN LATERAL (
            SELECT id FROM messages
            WHERE org_id = i.org_id AND session_id = i.session_id AND status = 'queued'
            ORDER BY seq
            LIMIT 1
          ) h
        ), claimed AS (
          UPDATE messages m SET attempts = m.attempts + 1
          FROM head
          WHERE m.id = head.id AND m.status = 'queued' AND m.wa_message_id IS NOT NULL
            AND (m.next_attempt_at IS NULL OR m.next_attempt_at <= head.due_by) AND m.created_at > head.created_after
          RETURNING head.ord, ${movedColumns}
        )
        SELECT ord, ${columns}, true AS claimed FROM claimed
        UNION ALL
        SELECT head.ord, ${movedColumns}, false AS claimed
        FROM head JOIN messages m ON m.id = head.id
        WHERE head.id NOT IN (SELECT id FROM claimed)`.pipe(
        Effect.flatMap((rows) =>
          Effect.map(messagesOf(rows), (messages) => {
            const heads = new Map<number, QueueHead>()
            rows.forEach((row, i) => {
              const message = messages[i]
              if (message !== undefined) heads.set(Number(row["ord"]), { message, claimed: row["claimed"] === true })
            })
            return batch.map((_, i) => Option.fromNullishOr(heads.get(i + 1)))
          })
        )
      )

    const claim = yield* groupCommit({
      inTransaction,
      lanes: LANES,
      max: MAX_BATCH,
      run: (batch: ReadonlyArray<{ readonly owner: SessionOwner; readonly rule: ClaimRule }>) =>
        quietly(Effect.map(claimStatement(batch), (heads) => heads.map((head) => Exit.succeed(head)))),
      runOne: (call: { readonly owner: SessionOwner; readonly rule: ClaimRule }) =>
        storeErrors(Effect.map(claimStatement([call]), (heads) => heads[0] ?? Option.none<QueueHead>()))
    })

    interface Settlement {
      readonly id: MessageId
      readonly outcome: SendOutcomeStatus
      readonly event: OutboxEvent
    }

    /** Per settlement (by index): the message after the update, none when it was no longer queued. */
    const settleStatement = (batch: ReadonlyArray<Settlement>) => {
      const events = eventColumns(batch.map((s) => s.event))
      return sql`
        WITH input AS (
          SELECT * FROM unnest(
            ${batch.map((s) => s.id)}::text[], ${batch.map((s) => s.outcome.status)}::text[],
            ${batch.map((s) => encodeSendError(s.outcome.status === "failed" ? s.outcome.error : null) ?? "")}::text[],
            ${events.orgs}::text[], ${events.sessions}::text[], ${events.types}::text[], ${events.ats}::text[], ${events.data}::text[]
          ) WITH ORDINALITY AS t (id, status, error, event_org, event_session, event_type, event_at, event_data, ord)
        ), moved AS (
          UPDATE messages m
          SET status = i.status, error = NULLIF(i.error, ''), next_attempt_at = NULL, updated_at = i.event_at::timestamptz
          FROM input i
          WHERE m.id = i.id AND m.status = 'queued'
          RETURNING ${movedColumns}
        ), event AS (
          INSERT INTO events (org_id, session_id, type, occurred_at, data)
          SELECT i.event_org, i.event_session, i.event_type, i.event_at::timestamptz, i.event_data::jsonb
          FROM input i JOIN moved USING (id)
          ORDER BY i.ord
          RETURNING 1
        )
        SELECT ${columns} FROM moved`.pipe(
        Effect.flatMap(messagesOf),
        Effect.tap((moved) => (moved.length > 0 ? wakeups.notify : Effect.void)),
        Effect.map((moved) => {
          const byId = new Map(moved.map((message) => [message.id, message]))
          return batch.map((s) => Option.fromNullishOr(byId.get(s.id)))
        })
      )
    }

    const settleBatched = yield* groupCommit({
      inTransaction,
      lanes: LANES,
      max: MAX_BATCH,
      run: (batch: ReadonlyArray<Settlement>) => quietly(Effect.map(settleStatement(batch), (moved) => moved.map((m) => Exit.succeed(m)))),
      runOne: (settlement: Settlement) =>
        storeErrors(Effect.map(settleStatement([settlement]), (moved) => moved[0] ?? Option.none<StoredMessage>()))
    })

    return Outbox.of({
      accept,
      claimHead: (owner, rule) => claim({ owner, rule }).pipe(Effect.withSpan("OutboxPg.claimHead")),
      settle: (id, outcome, event) => settleBatched({ id, outcome, event }).pipe(Effect.withSpan("OutboxPg.settle"))
    })
  })
)

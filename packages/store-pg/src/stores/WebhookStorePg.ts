import {
  type DeliveryAttempt,
  deliveryKey,
  DeliveryStatus,
  type DeliveryState,
  EventId,
  EventTypeSchema,
  OrgId,
  type PageQuery,
  type Timestamp,
  type Webhook,
  WebhookId,
  WebhookStore,
  type WebhookTarget
} from "@wagate/core"
import { Array as Arr, Effect, Layer, Redacted, Schema } from "effect"
import { SqlClient } from "effect/sql/SqlClient"
import { dieOnDuplicateId, storeErrors } from "../errors.ts"
import { toPage } from "./paging.ts"
import { decodeRows, NumberFromBigInt, TimestampColumn } from "./rows.ts"

const WebhookRow = Schema.Struct({
  id: WebhookId,
  org_id: OrgId,
  url: Schema.String,
  events: Schema.Array(EventTypeSchema),
  created_at: TimestampColumn
})

const TargetRow = Schema.Struct({
  ...WebhookRow.fields,
  secret: Schema.String,
  cursor: Schema.NullOr(EventId),
  attempt: Schema.Int,
  next_attempt_at: Schema.NullOr(TimestampColumn)
})

const DeliveryRow = Schema.Struct({
  event_id: EventId,
  attempt: Schema.Int,
  status: DeliveryStatus,
  response_code: Schema.NullOr(Schema.Int),
  error: Schema.NullOr(Schema.String),
  at: TimestampColumn
})

const CountRow = Schema.Struct({ count: NumberFromBigInt })

const toWebhook = (row: typeof WebhookRow.Type): Webhook => ({
  id: row.id,
  orgId: row.org_id,
  url: row.url,
  events: row.events,
  createdAt: row.created_at
})

const toTarget = (row: typeof TargetRow.Type): WebhookTarget => ({
  webhook: toWebhook(row),
  secret: Redacted.make(row.secret),
  state: { cursor: row.cursor, attempt: row.attempt, nextAttemptAt: row.next_attempt_at }
})

const toAttempt = (row: typeof DeliveryRow.Type): DeliveryAttempt => ({
  eventId: row.event_id,
  attempt: row.attempt,
  status: row.status,
  responseCode: row.response_code,
  error: row.error,
  at: row.at
})

const decodeWebhooks = decodeRows(WebhookRow)
const decodeTargets = decodeRows(TargetRow)
const decodeDeliveries = decodeRows(DeliveryRow)
const decodeCount = decodeRows(CountRow)

/** `WebhookStore` over Postgres: `webhooks` (with each one's delivery state) and `webhook_deliveries`. */
export const WebhookStorePg = Layer.effect(
  WebhookStore,
  Effect.gen(function*() {
    const sql = (yield* SqlClient).withoutTransforms()
    const columns = sql`id, org_id, url, events, created_at`

    const create = Effect.fn("WebhookStorePg.create")(function*(webhook: Webhook, secret: Redacted.Redacted<string>, state: DeliveryState) {
      yield* sql`
        INSERT INTO webhooks (id, org_id, url, events, secret, created_at, cursor, attempt, next_attempt_at)
        VALUES (${webhook.id}, ${webhook.orgId}, ${webhook.url}, ${webhook.events}::text[], ${Redacted.value(secret)},
                ${webhook.createdAt}, ${state.cursor}, ${state.attempt}, ${state.nextAttemptAt})`.pipe(
        dieOnDuplicateId(`webhook id ${webhook.id}`)
      )
    }, storeErrors)

    const list = Effect.fn("WebhookStorePg.list")(function*(orgId: OrgId, page: PageQuery) {
      const rows = yield* sql`
        SELECT ${columns} FROM webhooks
        WHERE org_id = ${orgId} ${page.after === null ? sql`` : sql`AND id > ${page.after}`}
        ORDER BY id
        LIMIT ${page.limit + 1}`
      return toPage(Arr.map(yield* decodeWebhooks(rows), toWebhook), page.limit, (webhook) => webhook.id)
    }, storeErrors)

    const get = Effect.fn("WebhookStorePg.get")(function*(orgId: OrgId, id: WebhookId) {
      const rows = yield* sql`SELECT ${columns} FROM webhooks WHERE org_id = ${orgId} AND id = ${id}`
      return Arr.head(Arr.map(yield* decodeWebhooks(rows), toWebhook))
    }, storeErrors)

    const remove = Effect.fn("WebhookStorePg.delete")(function*(orgId: OrgId, id: WebhookId) {
      const rows = yield* sql`DELETE FROM webhooks WHERE org_id = ${orgId} AND id = ${id} RETURNING id`
      return rows.length > 0
    }, storeErrors)

    const targets = Effect.gen(function*() {
      const rows = yield* sql`
        SELECT ${columns}, secret, cursor, attempt, next_attempt_at FROM webhooks ORDER BY id`
      return Arr.map(yield* decodeTargets(rows), toTarget)
    }).pipe(storeErrors, Effect.withSpan("WebhookStorePg.targets"))

    const recordAttempt = Effect.fn("WebhookStorePg.recordAttempt")(function*(id: WebhookId, attempt: DeliveryAttempt, next: DeliveryState) {
      // One statement: the log entry and the new state commit together, or neither does (and a webhook deleted
      // meanwhile gets neither).
      yield* sql`
        WITH moved AS (
          UPDATE webhooks SET cursor = ${next.cursor}, attempt = ${next.attempt}, next_attempt_at = ${next.nextAttemptAt}
          WHERE id = ${id}
          RETURNING id
        )
        INSERT INTO webhook_deliveries (webhook_id, event_id, attempt, status, response_code, error, at)
        SELECT id, ${attempt.eventId}, ${attempt.attempt}, ${attempt.status}, ${attempt.responseCode}, ${attempt.error}, ${attempt.at}
        FROM moved
        ON CONFLICT (webhook_id, event_id, attempt) DO NOTHING`
    }, storeErrors)

    const deliveries = Effect.fn("WebhookStorePg.deliveries")(function*(id: WebhookId, page: PageQuery) {
      const [eventId, attemptNumber] = page.after === null ? [null, null] : splitKey(page.after)
      const rows = yield* sql`
        SELECT event_id, attempt, status, response_code, error, at FROM webhook_deliveries
        WHERE webhook_id = ${id} ${eventId === null ? sql`` : sql`AND (event_id, attempt) > (${eventId}, ${attemptNumber})`}
        ORDER BY event_id, attempt
        LIMIT ${page.limit + 1}`
      return toPage(Arr.map(yield* decodeDeliveries(rows), toAttempt), page.limit, deliveryKey)
    }, storeErrors)

    const pruneDeliveries = Effect.fn("WebhookStorePg.pruneDeliveries")(function*(before: Timestamp) {
      const rows = yield* sql`
        WITH pruned AS (DELETE FROM webhook_deliveries WHERE at < ${before} RETURNING 1)
        SELECT count(*) AS count FROM pruned`
      return (yield* decodeCount(rows))[0]?.count ?? 0
    }, storeErrors)

    return WebhookStore.of({ create, list, get, delete: remove, targets, recordAttempt, deliveries, pruneDeliveries })
  })
)

/** A delivery key (`deliveryKey`) back into its event id and attempt; a key we did not make sorts before all. */
const splitKey = (key: string): readonly [string, number] => {
  const slash = key.lastIndexOf("/")
  const attempt = Number(key.slice(slash + 1))
  return slash < 0 || !Number.isInteger(attempt) ? [key, 0] : [key.slice(0, slash), attempt]
}

/**
 * Durable webhook deliveries: a real gateway process on Postgres retries an event its receiver refuses, is killed
 * (SIGKILL) with the delivery pending, and the next process on the same database resumes it: the same event, the
 * next attempt number, delivered once the receiver answers 2xx. Nothing already recorded is sent again.
 */
import { assert, describe, it } from "@effect/vitest"
import { testDatabase, testDatabaseUrl } from "@wagate/store-pg/testing"
import { Effect, Queue } from "effect"
import { freePort, readyPort } from "../support/process.ts"
import { apiCaller, scopedGateway } from "../support/gatewayProcess.ts"
import { webhookReceiver } from "../support/webhookReceiver.ts"

const TOKEN = "hooks-token"
const call = apiCaller(TOKEN)

interface Delivery {
  readonly eventId: string
  readonly attempt: number
  readonly status: string
  readonly responseCode: number | null
}

/** The webhook's deliveries log, read until `done` holds (bounded: 30 s). */
const deliveriesUntil = (port: number, id: string, done: (items: ReadonlyArray<Delivery>) => boolean) =>
  Effect.promise(async () => {
    const deadline = Date.now() + 30_000
    for (;;) {
      const response = await fetch(`http://127.0.0.1:${port}/api/v1/webhooks/${id}/deliveries`, { headers: { authorization: `Bearer ${TOKEN}` } })
      const items = ((await response.json()) as { items: ReadonlyArray<Delivery> }).items
      if (done(items)) return items
      if (Date.now() > deadline) throw new Error(`the deliveries log never got there: ${JSON.stringify(items)}`)
      await new Promise((resolve) => setTimeout(resolve, 50))
    }
  })

describe("webhook deliveries survive a restart", () => {
  it.live("a delivery pending when the process is killed is resumed by the next process at the next attempt", () =>
    Effect.scoped(Effect.gen(function*() {
      const receiver = yield* webhookReceiver([500])
      const base = testDatabaseUrl()
      const url = new URL(base)
      url.pathname = `/${yield* testDatabase(base)}`
      const env = {
        WAGATE_TRANSPORT: "simulator",
        WAGATE_DEV_TOKENS: `${TOKEN}=acme:read,send,manage`,
        WAGATE_DATABASE_URL: url.toString(),
        WAGATE_WEBHOOK_ALLOW_PRIVATE: "true",
        WAGATE_WEBHOOK_FIRST_RETRY_MS: "1000"
      }

      const first = yield* scopedGateway({ ...env, PORT: String(yield* Effect.promise(freePort)) })
      const firstPort = yield* Effect.promise(() => readyPort(first))
      const registered = yield* call(firstPort, "POST", "/webhooks", { url: receiver.url, events: ["session.status"], secret: "restart-secret-0123" })
      assert.strictEqual(registered.status, 201, JSON.stringify(registered.body))
      const webhookId = (registered.body as { readonly id?: string }).id ?? ""
      assert.strictEqual((yield* call(firstPort, "POST", "/sessions", { id: "restarted" })).status, 201)

      // Two refused attempts, both recorded; the third is due a good 2 s later. Kill the process before it.
      const refused = [yield* receiver.next(), yield* receiver.next()]
      const eventId = refused[0]?.headers["wagate-event-id"] ?? ""
      assert.strictEqual(refused[1]?.headers["wagate-event-id"], eventId)
      yield* deliveriesUntil(firstPort, webhookId, (items) => items.length === 2)
      first.child.kill("SIGKILL")
      yield* Effect.promise(() => first.exited)

      yield* receiver.answerWith([200])
      const second = yield* scopedGateway({ ...env, PORT: String(yield* Effect.promise(freePort)) })
      const secondPort = yield* Effect.promise(() => readyPort(second))
      const resumed = yield* receiver.next(30)
      assert.strictEqual(resumed.headers["wagate-event-id"], eventId, "the pending event, not a later one")

      const log = yield* deliveriesUntil(secondPort, webhookId, (items) => items.some((d) => d.status === "succeeded"))
      assert.deepStrictEqual(
        log.filter((d) => d.eventId === eventId).map(({ attempt, status, responseCode }) => [attempt, status, responseCode]),
        [[1, "retrying", 500], [2, "retrying", 500], [3, "succeeded", 200]]
      )
      // No attempt was made twice: the receiver got that event exactly three times (the log shows the last one
      // done, so none is still on its way).
      const rest = yield* Queue.clear(receiver.requests)
      assert.deepStrictEqual(rest.filter((r) => r.headers["wagate-event-id"] === eventId), [])
    })), 120_000)
})

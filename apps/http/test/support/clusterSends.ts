/**
 * Durable sends across a cluster, and the proof that each accepted message went out once: the sessions send to one
 * virtual user of the simulator, whose phone records what reached it by WhatsApp message id; the simulator also
 * counts every message id the sessions' clients submitted (WhatsApp de-duplicates a repeated id, and so does it).
 */
import { assert } from "@effect/vitest"
import { PgStore } from "@wagate/store-pg"
import type { WaSim } from "@wagate/wa-sim"
import { Effect, Redacted } from "effect"
import { SqlClient } from "effect/sql/SqlClient"
import { type Answer } from "./gatewayProcess.ts"
import { call, clusterWorld, type Gateway, ownedAddUpTo, pairAll, pollUntil, sessionIds, startCluster } from "./cluster.ts"

/** The phone every session sends to: a virtual user of the simulator. */
export const RECIPIENT = "628550000001"
export const RECIPIENT_JID = `${RECIPIENT}@s.whatsapp.net`

/** The recipient's phone confirms nothing: a sent message stays `sent`, and no receipts add to the load. */
export const silenceRecipient = (sim: WaSim) =>
  Effect.sync(() => sim.control.setReceipts({ jid: RECIPIENT, delivered: false, read: false }))

/** A message a gateway accepted: its session, its id, and the Idempotency-Key it was sent with. */
export interface Accepted {
  readonly session: string
  readonly id: string
  readonly key: string
}

/** A request's answer, or `cut` when none came (the connection was refused or cut: the process is gone). */
const attempt = (gateway: Gateway, session: string, body: unknown, key: string, query: string) =>
  call(gateway.port, "POST", `/sessions/${session}/messages${query}`, body, { "idempotency-key": key }).pipe(
    Effect.catchDefect(() => Effect.succeed<Answer | "cut">("cut"))
  )

/** Whether a client sends it again (to the next gateway, with the same key): no answer, the server's fault, or a key still in flight. */
const retryable = (answer: Answer | "cut") => answer === "cut" || answer.status >= 500 || answer.status === 409

/**
 * Sends a text through `gateways[first]`, and on an answer a client retries (`retryable`) to the next gateway in
 * turn with the same Idempotency-Key, 30 s at most: what a client of a cluster behind a load balancer does.
 * Answers the final answer and the retried ones (as `gateway: status`, for the report).
 */
export const sendThrough = Effect.fn("sendThrough")(function*(
  gateways: ReadonlyArray<Gateway>,
  first: number,
  session: string,
  text: string,
  key: string,
  query = "?async=true"
) {
  const body = { type: "text", to: RECIPIENT_JID, text }
  const retried: Array<string> = []
  let turn = first
  const deadline = Date.now() + 30_000
  for (;;) {
    const gateway = gateways[turn % gateways.length] ?? gateways[0]!
    const answer = yield* attempt(gateway, session, body, key, query)
    if (!retryable(answer) || Date.now() > deadline) {
      assert.notStrictEqual(answer, "cut", `${key}: no gateway answered within 30 s (retries: ${retried.join(", ")})`)
      return { answer: answer === "cut" ? { status: 0, body: {} } : answer, retried }
    }
    retried.push(`${gateway.name}: ${answer === "cut" ? "cut" : answer.status}`)
    turn++
    yield* Effect.sleep("50 millis")
  }
})

/** Whether a status is one a message reaches once WhatsApp acknowledged it. */
const isSent = (status: string | undefined) => status === "sent" || status === "delivered" || status === "read"

/**
 * Polls `GET …/messages/{id}` of each accepted message through `gateway` until every one is sent (`seconds` at
 * most); answers each one's WhatsApp message id, by message id.
 */
export const sentIds = Effect.fn("sentIds")(function*(gateway: Gateway, accepted: ReadonlyArray<Accepted>, seconds: number) {
  const read = Effect.forEach(
    accepted,
    (message) => Effect.map(call(gateway.port, "GET", `/sessions/${message.session}/messages/${message.id}`), (answer) => ({ message, answer })),
    { concurrency: 8 }
  )
  const answers = yield* pollUntil(
    read,
    (all) => all.every(({ answer }) => isSent(answer.body.status)),
    (all) => {
      const waiting = all.filter(({ answer }) => !isSent(answer.body.status))
      return `${waiting.length} of ${all.length} not sent, e.g. ${JSON.stringify(waiting.slice(0, 3).map(({ answer }) => answer.body))}`
    },
    seconds,
    "500 millis"
  )
  return new Map(answers.map(({ message, answer }) => [message.id, answer.body.waMessageId ?? ""]))
})

/**
 * What the simulator saw of `sessions`' messages to the recipient: how many times each WhatsApp message id reached
 * the recipient's phone, and each id the sessions' clients submitted with how many times it came.
 */
export const seenBySimulator = (sim: WaSim, sessions: ReadonlyArray<string>) => {
  const submitted = new Map<string, number>()
  for (const session of sessions) {
    for (const message of sim.control.submissions({ sessionId: session })) submitted.set(message.id, message.times)
  }
  const received = new Map<string, number>()
  for (const message of sim.control.messages({ jid: RECIPIENT })) {
    if (!message.fromMe && submitted.has(message.id)) received.set(message.id, (received.get(message.id) ?? 0) + 1)
  }
  return { submitted, received }
}

/**
 * Every one of `waIds` reached the recipient's phone exactly once, and the sessions' clients submitted no other
 * message id. Answers the ids submitted more than once (acked and not delivered again).
 */
export const assertSentOnce = (sim: WaSim, sessions: ReadonlyArray<string>, waIds: ReadonlyArray<string>) => {
  const { received, submitted } = seenBySimulator(sim, sessions)
  const expected = new Set(waIds)
  assert.strictEqual(expected.size, waIds.length, "one WhatsApp message id per accepted message")
  const notOnce = waIds.filter((id) => received.get(id) !== 1).map((id) => `${id}: ${received.get(id) ?? 0}`)
  assert.deepStrictEqual(notOnce, [], "each accepted message reached the recipient exactly once")
  const unexpected = [...submitted.keys()].filter((id) => !expected.has(id))
  assert.deepStrictEqual(unexpected, [], "the sessions sent no message id beyond the accepted ones")
  return [...submitted.entries()].filter(([, times]) => times > 1).map(([id]) => id)
}

/** Polls the simulator until every one of `waIds` has reached the recipient (`seconds` at most). */
export const untilReceived = (sim: WaSim, sessions: ReadonlyArray<string>, waIds: ReadonlyArray<string>, seconds: number) =>
  pollUntil(
    Effect.sync(() => seenBySimulator(sim, sessions).received),
    (received) => waIds.every((id) => received.has(id)),
    (received) => `${waIds.filter((id) => !received.has(id)).length} of ${waIds.length} not received`,
    seconds
  )

/** The messages stored for `sessions`, counted on the database itself. */
export const storedCount = (database: Redacted.Redacted<string>, sessions: ReadonlyArray<string>) =>
  Effect.gen(function*() {
    const sql = yield* SqlClient
    const [row] = yield* sql<{ readonly n: number }>`SELECT count(*)::int AS n FROM messages WHERE session_id IN ${sql.in(sessions)}`
    return row?.n ?? -1
  }).pipe(Effect.provide(PgStore.layerUrl(database, { maxConnections: 1 })), Effect.orDie)

/**
 * A cluster ready for sends: wa-sim, a fresh database, `processes` gateways, `count` sessions `<prefix>-…` paired
 * over them, the recipient's phone silent (no receipts), and how many sessions each gateway owns.
 */
export const pairedCluster = Effect.fn("pairedCluster")(function*(processes: number, prefix: string, count: number) {
  const world = yield* clusterWorld()
  const gateways = yield* startCluster(world, processes)
  const sessions = sessionIds(prefix, count)
  yield* pairAll(world, gateways, sessions)
  yield* silenceRecipient(world.sim)
  const owned = yield* ownedAddUpTo(gateways, count, 30)
  return { world, gateways, sessions, owned }
})

/** The gateway owning the most sessions (the one a test stops), and the others. */
export const victimOf = (gateways: ReadonlyArray<Gateway>, owned: ReadonlyArray<number>) => {
  const victimIndex = owned.indexOf(Math.max(...owned))
  const victim = gateways[victimIndex]!
  return { victimIndex, victim, survivors: gateways.filter((_, i) => i !== victimIndex) }
}

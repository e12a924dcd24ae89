/**
 * Issue 12: sending survives a crash. The sandbox gateway (the real Baileys client, `baileys` transport) runs as a
 * child process on a fresh Postgres database against a protocol simulator in this process, which outlives every
 * gateway process. WhatsApp de-duplicates by message id, and so does the simulator: a client that sends an id again
 * is acked and nothing is delivered twice; `submissions` counts what came, each recipient's phone records what
 * reached it.
 *
 * - 1,000 async sends (each with its own Idempotency-Key, sent one after another per session, sessions in
 *   parallel) while the gateway is SIGKILLed at seeded points of the drain and started again on the same database:
 *   every accepted message is stored once and `sent`, each recipient's phone received each once, in acceptance order.
 * - 50 concurrent identical requests with one key: one message, the same id for every caller, one dispatch.
 * - A sync send killed mid-flight (before WhatsApp saw it, or after) and retried with its key on the next process:
 *   one message, never a 409 that does not go away.
 */
import { assert, describe, it } from "@effect/vitest"
import { PgStore } from "@wagate/store-pg"
import type { WaSim } from "@wagate/wa-sim"
import { Duration, Effect, Fiber, Random, Redacted, Schedule } from "effect"
import { SqlClient } from "effect/sql/SqlClient"
import { type Answer, stopGateway } from "../support/gatewayProcess.ts"
import { freePort, readyPort, type Spawned } from "../support/process.ts"
import { pair, sandboxCall, sandboxWorld, scopedSandboxGateway, statusBecomes } from "../support/sandboxProcess.ts"

/** The seed of the kill points: the same seed kills at the same points. */
const SEED = process.env["WAGATE_CRASH_SEED"] ?? "send-crash"
const MESSAGES = 1000
const SESSIONS = 4
/** Kills during the drain of the 1,000 (each followed by a new process). */
const KILLS = 7

/** A session's recipient: a virtual user of the simulator, one per session. */
const recipientOf = (session: number) => `6285500000${String(session).padStart(2, "0")}`
const jidOf = (phone: string) => `${phone}@s.whatsapp.net`

/** The sandbox world; the rate limit is not what this test is about: every async send may go at once. */
const world = Effect.map(sandboxWorld, (w) => ({ ...w, env: { ...w.env, WAGATE_SEND_RATE_PER_MINUTE: "1000000" } }))

/** A gateway process on a new port, ready; `since` is when it was spawned. */
const started = Effect.fn("started")(function*(env: Record<string, string>) {
  const since = Date.now()
  const gateway = yield* scopedSandboxGateway({ ...env, PORT: String(yield* Effect.promise(freePort)) })
  const port = yield* Effect.promise(() => readyPort(gateway))
  return { gateway, port, since }
})

/** SIGKILL, and the proof it was the kill that ended the process. */
const kill = Effect.fn("kill")(function*(gateway: Spawned) {
  gateway.child.kill("SIGKILL")
  const exited = yield* Effect.promise(() => gateway.exited)
  assert.strictEqual(exited, "SIGKILL", `the gateway had exited before the kill:\n${gateway.output().slice(-3000)}`)
})

/** Sessions `<prefix>-0…n-1` paired; their recipients' phones send no receipts (a sent message stays `sent`). */
const pairSessions = Effect.fn("pairSessions")(function*(sim: WaSim, port: number, prefix: string, n: number) {
  const ids = Array.from({ length: n }, (_, i) => `${prefix}-${i}`)
  yield* Effect.forEach(ids, (id) => pair(port, id), { concurrency: 2, discard: true })
  for (let i = 0; i < n; i++) sim.control.setReceipts({ jid: recipientOf(i), delivered: false, read: false })
  return ids
})

/** What one recipient's phone received from `session` (its WhatsApp message ids, in arrival order). */
const receivedFrom = (sim: WaSim, recipient: string, session: string) => {
  const sender = sim.control.submissions({ sessionId: session })
  const ids = new Set(sender.map((s) => s.id))
  return sim.control.messages({ jid: recipient }).filter((m) => !m.fromMe && ids.has(m.id)).map((m) => m.id)
}

/** Message ids the session's clients sent, each once (however many times it came). */
const submittedBy = (sim: WaSim, session: string) => sim.control.submissions({ sessionId: session })

/** The end of what a gateway printed, without its access log (one line per request would hide the rest). */
const said = (gateway: Spawned) => gateway.output().split("\n").filter((line) => !line.includes(`"http request"`)).join("\n").slice(-8000)

/** The gateway a request goes to now: the workload follows the restarts. */
interface Current {
  port: number
}

/**
 * POSTs a send to the current gateway until it answers (a request cut by a kill, or refused while no process
 * listens, is sent again with the same Idempotency-Key: the client's retry the key exists for), 60 s at most.
 */
const sendUntilAnswered = (current: Current, session: string, body: unknown, key: string, query: string) =>
  Effect.suspend(() => sandboxCall(current.port, "POST", `/sessions/${session}/messages${query}`, body, { "idempotency-key": key })).pipe(
    Effect.catchDefect(() => Effect.fail("cut" as const)),
    Effect.retry({ schedule: Schedule.spaced("50 millis"), times: 1200 }),
    Effect.orDie
  )

/** The stored messages of `sessions`, read on the database with no gateway needed. */
const storedCount = (database: Redacted.Redacted, sessions: ReadonlyArray<string>) =>
  Effect.gen(function*() {
    const sql = yield* SqlClient
    const [row] = yield* sql<{ readonly n: number }>`SELECT count(*)::int AS n FROM messages WHERE session_id IN ${sql.in(sessions)}`
    return row?.n ?? -1
  }).pipe(Effect.provide(PgStore.layerUrl(database, { maxConnections: 1 })), Effect.orDie)

/** Polls GET …/messages/{id} of each until it is `sent` (60 s at most); answers the last answers. */
const allSent = (current: Current, messages: ReadonlyArray<{ readonly session: string; readonly id: string }>) =>
  Effect.gen(function*() {
    const read = Effect.forEach(messages, ({ id, session }) =>
      Effect.map(sandboxCall(current.port, "GET", `/sessions/${session}/messages/${id}`), (answer) => ({ id, answer })), { concurrency: 8 })
    return yield* read.pipe(
      Effect.repeat({ schedule: Schedule.spaced("200 millis"), until: (answers) => answers.every((a) => a.answer.body.status === "sent") }),
      Effect.timeoutOrElse({
        duration: Duration.seconds(60),
        orElse: () =>
          Effect.flatMap(read, (answers) =>
            Effect.die(new Error(`not sent within 60 s: ${JSON.stringify(answers.filter((a) => a.answer.body.status !== "sent").slice(0, 5))}`)))
      })
    )
  })

/** Polls `condition` every 10 ms until it holds (`seconds` at most): for what the simulator sees. */
const until = (what: () => string, condition: () => boolean, seconds = 60) =>
  Effect.sync(condition).pipe(
    Effect.repeat({ schedule: Schedule.spaced("10 millis"), until: (done) => done }),
    Effect.timeoutOrElse({ duration: Duration.seconds(seconds), orElse: () => Effect.die(new Error(`not within ${seconds} s: ${what()}`)) })
  )

const isAccepted = (answer: Answer) => answer.status === 200 || answer.status === 202

describe("sending through gateway crashes (SIGKILL), on the Baileys transport", () => {
  it.live(`${MESSAGES} async sends survive ${KILLS} kills during the drain: each stored once, sent, delivered once, in order`, () =>
    Effect.scoped(Effect.gen(function*() {
      const { sim, database, env } = yield* world
      let gateway = yield* started(env)
      const current: Current = { port: gateway.port }
      const sessions = yield* pairSessions(sim, gateway.port, "crash", SESSIONS)

      // The workload: per session, one send after another (so acceptance order is send order), sessions in parallel.
      const accepted = new Map<string, Array<{ readonly session: string; readonly id: string; readonly n: number }>>()
      const unexpected: Array<string> = []
      let acceptedCount = 0
      const workload = Effect.forEach(sessions, (session, s) =>
        Effect.gen(function*() {
          const mine: Array<{ readonly session: string; readonly id: string; readonly n: number }> = []
          accepted.set(session, mine)
          for (let n = s; n < MESSAGES; n += SESSIONS) {
            const body = { type: "text", to: jidOf(recipientOf(s)), text: `message ${n}` }
            const answer = yield* sendUntilAnswered(current, session, body, `crash-${n}`, "?async=true")
            if (!isAccepted(answer) || answer.body.id === undefined) {
              unexpected.push(`message ${n} → ${answer.status} ${JSON.stringify(answer.body)}`)
              return
            }
            mine.push({ session, id: answer.body.id, n })
            acceptedCount++
          }
        }), { concurrency: "unbounded", discard: true })
      const work = yield* Effect.forkChild(workload)

      // The kills: each once the simulator has taken a seeded number of messages (at least one more from the
      // process being killed, so it was draining), a seeded moment later.
      const delivered = () => sessions.reduce((sum, session) => sum + submittedBy(sim, session).length, 0)
      const targets: Array<number> = []
      for (let k = 0; k < KILLS; k++) targets.push(yield* Random.nextIntBetween(20, MESSAGES - 100))
      targets.sort((a, b) => a - b)
      let killsWhileDraining = 0
      for (const target of targets) {
        const from = delivered()
        const goal = Math.max(target, from + 1)
        yield* until(
          () => `the simulator has ${delivered()} messages, waiting for ${goal}; the gateway said:\n${said(gateway.gateway)}`,
          () => delivered() >= goal || unexpected.length > 0
        )
        yield* Effect.sleep(yield* Random.nextIntBetween(0, 20))
        // Accepted messages WhatsApp has not seen yet: the kill leaves work in the outbox.
        if (acceptedCount > delivered()) killsWhileDraining++
        yield* kill(gateway.gateway)
        gateway = yield* started(env)
        current.port = gateway.port
      }

      yield* Fiber.join(work)
      assert.deepStrictEqual(unexpected, [], `answers other than 200/202:\n${unexpected.join("\n")}`)
      yield* until(
        () => `the simulator has ${delivered()} of ${MESSAGES}; the gateway said:\n${said(gateway.gateway)}`,
        () => delivered() >= MESSAGES,
        90
      )
      const all = [...accepted.values()].flat()
      assert.strictEqual(all.length, MESSAGES, "every send was accepted")
      assert.strictEqual(new Set(all.map((m) => m.id)).size, MESSAGES, "each key its own message")

      // Every accepted message is stored and sent, under the WhatsApp id the recipient's phone received.
      const answers = yield* allSent(current, all)
      const waIdOf = new Map(answers.map(({ id, answer }) => [id, answer.body.waMessageId ?? ""]))
      for (const [s, session] of sessions.entries()) {
        const inOrder = (accepted.get(session) ?? []).map((m) => waIdOf.get(m.id) ?? "")
        assert.deepStrictEqual(receivedFrom(sim, recipientOf(s), session), inOrder,
          `${session}: the recipient received each message once, in acceptance order`)
      }
      assert.strictEqual(delivered(), MESSAGES, "the simulator was sent no other message id")
      const resent = sessions.reduce((sum, session) => sum + submittedBy(sim, session).filter((m) => m.times > 1).length, 0)

      assert.strictEqual(yield* stopGateway(gateway.gateway), 0, gateway.gateway.output().slice(-3000))
      assert.strictEqual(yield* storedCount(database, sessions), MESSAGES, "no message stored twice")
      assert.isAtLeast(killsWhileDraining, 5, `kills while accepted messages were waiting: ${killsWhileDraining} of ${KILLS}`)
      // A kill between WhatsApp's ack and the `sent` commit leaves a message to send again under the same id; with
      // four sessions draining at every kill, some did (the recipients above got each once all the same).
      assert.isAtLeast(resent, 1, "no message id was sent twice: the kills never landed between an ack and its commit")
    }).pipe(Random.withSeed(SEED))), 240_000)

  it.live("50 concurrent identical requests with one key: one message, one id for every caller, one dispatch", () =>
    Effect.scoped(Effect.gen(function*() {
      const { sim, database, env } = yield* world
      const { gateway, port } = yield* started(env)
      const [session = ""] = yield* pairSessions(sim, port, "same", 1)
      const body = { type: "text", to: jidOf(recipientOf(0)), text: "only once" }
      const answers = yield* Effect.all(
        Array.from({ length: 50 }, () => sandboxCall(port, "POST", `/sessions/${session}/messages`, body, { "idempotency-key": "one-key" })),
        { concurrency: "unbounded" }
      )
      assert.deepStrictEqual(answers.filter((a) => !isAccepted(a)), [], "every caller is answered 200 or 202")
      const ids = new Set(answers.map((a) => a.body.id))
      assert.strictEqual(ids.size, 1, `one message id for every caller: ${[...ids].join(", ")}`)
      const sent = yield* allSent({ port }, [{ session, id: answers[0]?.body.id ?? "" }])
      yield* until(() => "the recipient receives it", () => receivedFrom(sim, recipientOf(0), session).length > 0)
      assert.deepStrictEqual(receivedFrom(sim, recipientOf(0), session), sent.map(({ answer }) => answer.body.waMessageId))
      assert.deepStrictEqual(submittedBy(sim, session).map((m) => m.times), [1], "dispatched once")
      assert.strictEqual(yield* stopGateway(gateway), 0, gateway.output().slice(-3000))
      assert.strictEqual(yield* storedCount(database, [session]), 1)
    })), 60_000)

  it.live("a sync send killed mid-flight and retried with its key on the next process: one message, never a lasting 409", () =>
    Effect.scoped(Effect.gen(function*() {
      const { sim, database, env } = yield* world
      let gateway = yield* started(env)
      const current: Current = { port: gateway.port }
      const [session = ""] = yield* pairSessions(sim, gateway.port, "sync", 1)
      const ROUNDS = 6
      const results: Array<{ readonly id: string; readonly statuses: ReadonlyArray<number> }> = []
      let inFlightAtKill = 0
      for (let round = 0; round < ROUNDS; round++) {
        const body = { type: "text", to: jidOf(recipientOf(0)), text: `sync ${round}` }
        const key = `sync-${round}`
        const before = submittedBy(sim, session).length
        const first = yield* Effect.forkChild(
          sandboxCall(current.port, "POST", `/sessions/${session}/messages`, body, { "idempotency-key": key }).pipe(Effect.catchDefect(() => Effect.void))
        )
        // Every other round the kill comes once WhatsApp has the message (the ack may not have reached the
        // gateway); the others at a seeded moment after the request left, maybe before anything was stored.
        if (round % 2 === 0) yield* until(() => "WhatsApp receives the sync send", () => submittedBy(sim, session).length > before, 30)
        else yield* Effect.sleep(yield* Random.nextIntBetween(0, 30))
        if (first.pollUnsafe() === undefined) inFlightAtKill++
        yield* kill(gateway.gateway)
        yield* Fiber.interrupt(first)
        gateway = yield* started(env)
        current.port = gateway.port
        // A client retries once the session is back (before, a sync send may be refused as not connected).
        yield* statusBecomes(gateway.port, session, "connected", gateway.since)
        // The retry: answered 200 or 202 with the key's message; a 409 may last only while the key is recovered.
        const statuses: Array<number> = []
        const retried = yield* sendUntilAnswered(current, session, body, key, "").pipe(
          Effect.tap((answer) => Effect.sync(() => statuses.push(answer.status))),
          Effect.repeat({ schedule: Schedule.spaced("100 millis"), until: (answer) => answer.status !== 409 }),
          Effect.timeoutOrElse({ duration: Duration.seconds(15), orElse: () => Effect.die(new Error(`${key}: still 409 after 15 s`)) })
        )
        assert.isTrue(isAccepted(retried), `${key}: ${retried.status} ${JSON.stringify(retried.body)}`)
        results.push({ id: retried.body.id ?? "", statuses })
      }

      const answers = yield* allSent(current, results.map(({ id }) => ({ session, id })))
      const waIds = answers.map(({ answer }) => answer.body.waMessageId ?? "")
      yield* until(() => "the recipient receives all of them", () => receivedFrom(sim, recipientOf(0), session).length >= ROUNDS, 30)
      assert.deepStrictEqual(receivedFrom(sim, recipientOf(0), session), waIds, "each once, in order")
      assert.strictEqual(yield* stopGateway(gateway.gateway), 0, gateway.gateway.output().slice(-3000))
      assert.strictEqual(yield* storedCount(database, [session]), ROUNDS, "one message per key")
      assert.isAtLeast(inFlightAtKill, ROUNDS / 2, `requests unanswered at the kill: ${inFlightAtKill} of ${ROUNDS}`)
    }).pipe(Random.withSeed(`${SEED}-sync`))), 120_000)
})

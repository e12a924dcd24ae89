/**
 * Issue 15's crash case, through HTTP and real processes: the sandbox gateway on a fresh Postgres database with a
 * linked session stops (SIGTERM), or crashes (SIGKILL); while no gateway runs, a user's phone sends the session
 * three texts (WhatsApp keeps them for the linked device); a new process on the same database resumes the session
 * and stores all three, in order, once each, each told once as `message.received`.
 */
import { assert, describe, it } from "@effect/vitest"
import type { WaSim } from "@wagate/wa-sim"
import { Effect } from "effect"
import { stopGateway } from "../support/gatewayProcess.ts"
import { eventually, freePort, readyPort } from "../support/process.ts"
import { pollUntil } from "../support/sandbox.ts"
import { pair, sandboxWorld, scopedSandboxGateway, statusBecomes } from "../support/sandboxProcess.ts"

interface Message {
  readonly direction: string
  readonly waMessageId: string
  readonly content: { readonly text?: string }
}

const carol = "628350000001"
const carolJid = `${carol}@s.whatsapp.net`

/** `GET /api/v1{path}` on the process at `port`, as the sandbox's bearer: the List's items. */
const items = <A>(port: number, path: string) =>
  Effect.promise(async () => {
    const response = await fetch(`http://127.0.0.1:${port}/api/v1${path}`, { headers: { authorization: "Bearer sandbox" } })
    assert.strictEqual(response.status, 200, path)
    return ((await response.json()) as { readonly items: ReadonlyArray<A> }).items
  })

const historyOf = (port: number, session: string) => items<Message>(port, `/sessions/${session}/chats/${encodeURIComponent(carolJid)}/messages?limit=100`)

const receivedEvents = (port: number, session: string) =>
  Effect.map(items<{ readonly data: Message }>(port, `/events/history?types=message.received&session=${session}&limit=100`), (events) => events.map((e) => e.data))

/** Polls the stored history until `done` holds (20 s at most). */
const historyUntil = (port: number, session: string, done: (history: ReadonlyArray<Message>) => boolean) =>
  pollUntil(historyOf(port, session), done, (history) => `the history is ${JSON.stringify(history.map((m) => m.content.text))}`)

const socketsOf = (sim: WaSim, phoneJid: string | null) => sim.control.devices().find((d) => d.phoneJid === phoneJid)?.liveSockets

/**
 * Pairs `session` on a first process, ends it with `end`, has carol's phone send three texts while no gateway runs,
 * and starts a second process on the same database: the three arrive in its store and events, once each.
 */
const downWhileTold = (session: string, end: "SIGTERM" | "SIGKILL") =>
  Effect.scoped(Effect.gen(function*() {
    const { sim, env } = yield* sandboxWorld
    const first = yield* scopedSandboxGateway({ ...env, PORT: String(yield* Effect.promise(freePort)) })
    const linked = yield* pair(yield* Effect.promise(() => readyPort(first)), session)

    if (end === "SIGTERM") assert.strictEqual(yield* stopGateway(first), 0, first.output())
    else {
      first.child.kill("SIGKILL")
      yield* Effect.promise(() => first.exited)
    }
    yield* Effect.promise(() => eventually("the ended gateway's socket closes", () => socketsOf(sim, linked.phoneJid) === 0))

    const sent: Array<string> = []
    for (const text of ["one", "two", "three"]) {
      sent.push((yield* Effect.promise(() => sim.control.send({ from: carol, toSessionId: session, content: { text } }))).id)
    }

    const start = Date.now()
    const second = yield* scopedSandboxGateway({ ...env, PORT: String(yield* Effect.promise(freePort)) })
    const port = yield* Effect.promise(() => readyPort(second))
    yield* statusBecomes(port, session, "connected", start)
    yield* historyUntil(port, session, (history) => history.length >= 3)
    // A fourth text once connected: it comes after anything WhatsApp still had for the device, so a repeat of the
    // three would be stored by the time it is.
    const marker = (yield* Effect.promise(() => sim.control.send({ from: carol, toSessionId: session, content: { text: "marker" } }))).id
    const history = yield* historyUntil(port, session, (h) => h.some((m) => m.waMessageId === marker))
    assert.deepStrictEqual(history.map((m) => [m.direction, m.waMessageId, m.content.text]), [
      ["in", marker, "marker"],
      ["in", sent[2], "three"],
      ["in", sent[1], "two"],
      ["in", sent[0], "one"]
    ])
    // Told once each, in order (the marker's event may still be on its way).
    const told = yield* pollUntil(
      receivedEvents(port, session),
      (events) => events.some((m) => m.waMessageId === marker),
      (events) => `message.received told ${JSON.stringify(events.map((m) => m.content.text))}`
    )
    assert.deepStrictEqual(told.map((m) => m.waMessageId), [...sent, marker])
    assert.strictEqual(yield* stopGateway(second), 0, second.output())
  }))

describe("sandbox restart: what a user sent while no gateway ran", () => {
  it.live("after a stop (SIGTERM): a new process stores all three, in order, once, each told once", () => downWhileTold("cr-stop", "SIGTERM"), 60_000)

  it.live("after a crash (SIGKILL): a new process stores all three, in order, once, each told once", () => downWhileTold("cr-crash", "SIGKILL"), 60_000)
})

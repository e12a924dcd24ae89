/**
 * A cluster of real processes for the multi-process tests of issue 13: one protocol simulator in this process
 * (the shared WhatsApp), one fresh Postgres database, gateway processes (`main.ts`, as `npm start` runs it) and
 * workers (`npm run worker`), each a cluster runner on a port of its own; sessions paired by QR through the API
 * and the simulated phone's scan. States that change on their own are polled with a deadline, never slept for.
 */
import { assert } from "@effect/vitest"
import { simulatedPhoneNumber } from "@wagate/core"
import { testDatabase, testDatabaseUrl, withDatabase } from "@wagate/store-pg/testing"
import { type DeviceStatus, startWaSim, type WaSim } from "@wagate/wa-sim"
import { Duration, Effect, Redacted, Schedule } from "effect"
import { mkdirSync, writeFileSync } from "node:fs"
import { join } from "node:path"
import { apiCaller, scopedGateway } from "./gatewayProcess.ts"
import { descendants, freePort, isAlive, readyPort, type Spawned, spawnNpmScript } from "./process.ts"
import type { RunnerState } from "@wagate/cluster"

/** The bearer token every process accepts: organisation `acme`, every capability. */
export const TOKEN = "cluster-token"

/** JSON calls to a gateway's `/api/v1` with `TOKEN`. */
export const call = apiCaller(TOKEN)

/** The line every runner prints once it is up (a gateway's and a worker's alike). */
export const runnerStarted = /cluster runner \S+ started/

/** The simulator, the database and the environment every process of one cluster shares. */
export interface ClusterWorld {
  readonly sim: WaSim
  readonly database: Redacted.Redacted<string>
  readonly env: Readonly<Record<string, string>>
}

/**
 * A protocol simulator (closed with the scope), a fresh database on the test server (dropped with it) and the
 * environment of the processes joining both; `env` adds to it (e.g. a send rate).
 */
export const clusterWorld = (env: Readonly<Record<string, string>> = {}) =>
  Effect.gen(function*() {
    const sim = yield* Effect.acquireRelease(Effect.promise(() => startWaSim()), (s) => Effect.promise(() => s.close()))
    const base = testDatabaseUrl()
    const database = withDatabase(base, yield* testDatabase(base))
    const world: ClusterWorld = {
      sim,
      database,
      env: {
        WAGATE_TRANSPORT: "baileys",
        WAGATE_DATABASE_URL: Redacted.value(database),
        WAGATE_WA_URL: sim.url,
        WAGATE_WA_CERT_ROOT: sim.rootPublicKey,
        WAGATE_DEV_TOKENS: `${TOKEN}=acme:read,send,manage`,
        WAGATE_RUNNER_HOST: "127.0.0.1",
        ...env
      }
    }
    return world
  })

/** One process of the cluster: its name in messages, the child, and the port its runner listens on. */
export interface Runner {
  readonly name: string
  readonly process: Spawned
  readonly runnerPort: number
}

/** A gateway process: a runner that also serves the API on `port`. */
export interface Gateway extends Runner {
  readonly port: number
}

/**
 * With `WAGATE_CLUSTER_LOG_DIR` set, what a process printed is written there when the scope closes
 * (`<runner name>-<pid>.log`, with how it ended): the logs of every process of a failed run, to read afterwards.
 */
const keepOutput = (name: string, spawned: Spawned) =>
  Effect.addFinalizer(() =>
    Effect.promise(async () => {
      const dir = process.env["WAGATE_CLUSTER_LOG_DIR"]
      if (dir === undefined || dir === "") return
      // A process on its way out (its server closed) is given a moment to finish, so its end is recorded too.
      await Promise.race([spawned.exited, new Promise((resolve) => setTimeout(resolve, 2000))])
      mkdirSync(dir, { recursive: true })
      const { exitCode, signalCode } = spawned.child
      const end = exitCode === null && signalCode === null ? "(running at the end of the test)" : `(exited: ${exitCode ?? signalCode})`
      writeFileSync(join(dir, `${name}-${spawned.child.pid ?? 0}.log`), `${spawned.output()}\n${end}\n`)
    })
  )

/** Ports that were free a moment ago, none twice (a port just released may be handed out again). */
const freePorts = (count: number) =>
  Effect.promise(async () => {
    const ports = new Set<number>()
    while (ports.size < count) ports.add(await freePort())
    return [...ports]
  })

/**
 * A gateway process for the life of the scope, once it listens, has said its runner started, and the runner is
 * registered with shards (its `/readyz` says so).
 */
export const startGateway = Effect.fn("startGateway")(function*(world: ClusterWorld, name: string) {
  const [port = 0, runnerPort = 0] = yield* freePorts(2)
  const spawned = yield* scopedGateway({ ...world.env, PORT: String(port), WAGATE_RUNNER_PORT: String(runnerPort) })
  assert.strictEqual(yield* Effect.promise(() => readyPort(spawned)), port)
  yield* keepOutput(name, spawned)
  yield* Effect.promise(() => spawned.waitFor(runnerStarted, 60_000))
  const gateway: Gateway = { name, process: spawned, port, runnerPort }
  yield* shardsSpread([gateway])
  return gateway
})

/** `count` gateways (`gateway-0`, …), started together. */
export const startGateways = (world: ClusterWorld, count: number) =>
  Effect.forEach(Array.from({ length: count }, (_, i) => `gateway-${i}`), (name) => startGateway(world, name), { concurrency: "unbounded" })

/** `count` gateways started together, once each runner holds shards and the shards have stopped moving. */
export const startCluster = (world: ClusterWorld, count: number) =>
  Effect.tap(startGateways(world, count), (gateways) => shardsSpread(gateways, true))

/**
 * `npm run worker` (no `PORT`: a worker serves no API) for the life of the scope, once its runner has started.
 * npm runs the worker as a child: the processes under npm are recorded once it is up (an orphan is reparented,
 * so only a record finds it), and at the end of the scope whatever is left of them, and npm, is killed.
 */
export const startWorker = Effect.fn("startWorker")(function*(world: ClusterWorld, name: string) {
  const [runnerPort = 0] = yield* freePorts(1)
  let family: ReadonlyArray<number> = []
  const npm = yield* Effect.acquireRelease(
    Effect.sync(() => spawnNpmScript("worker", { ...world.env, WAGATE_RUNNER_PORT: String(runnerPort) })),
    (spawned) =>
      Effect.sync(() => {
        for (const pid of family.filter(isAlive)) process.kill(pid, "SIGKILL")
        if (spawned.child.exitCode === null) spawned.child.kill("SIGKILL")
      })
  )
  yield* keepOutput(name, npm)
  yield* Effect.promise(() => npm.waitFor(runnerStarted, 120_000))
  family = npm.child.pid === undefined ? [] : descendants(npm.child.pid)
  const worker: Runner = { name, process: npm, runnerPort }
  return worker
})

/** What `/readyz` tells of the runner (API.md, Operations). */
export type ClusterState = RunnerState

interface ReadyzBody {
  readonly status?: string
  readonly cluster?: ClusterState
}

/** A gateway's `/readyz`: the HTTP status and the runner's state (undefined when the answer has none). */
export const readiness = (gateway: Gateway) =>
  Effect.promise(async () => {
    const response = await fetch(`http://127.0.0.1:${gateway.port}/readyz`)
    const text = await response.text()
    const body = (text.startsWith("{") ? JSON.parse(text) : {}) as ReadyzBody
    return { status: response.status, cluster: body.cluster, text }
  })

/** A gateway's runner state; fails the test when `/readyz` tells none. */
export const clusterState = (gateway: Gateway) =>
  Effect.map(readiness(gateway), (ready) => {
    assert.isDefined(ready.cluster, `${gateway.name}'s /readyz tells no cluster state: ${ready.status} ${ready.text}`)
    const state: ClusterState = ready.cluster
    return state
  })

/**
 * How many sessions each gateway owns now, in the order given; `NaN` for one whose `/readyz` tells no state (a
 * runner not registered answers 503), so no sum of them adds up.
 */
export const sessionsOwned = (gateways: ReadonlyArray<Gateway>) =>
  Effect.forEach(gateways, (gateway) => Effect.map(readiness(gateway), (ready) => ready.cluster?.sessionsOwned ?? Number.NaN), {
    concurrency: "unbounded"
  })

/**
 * Polls the gateways' `/readyz` until each runner is registered and holds shards (`seconds` at most), and, with
 * `steady`, until the shard counts have stayed the same for three reads half a second apart: the start-up's
 * rebalancing is over, so sessions paired from now on are not moved by it.
 */
export const shardsSpread = (gateways: ReadonlyArray<Gateway>, steady = false, seconds = 60) => {
  const counts: Array<string> = []
  return pollUntil(
    Effect.forEach(gateways, readiness, { concurrency: "unbounded" }),
    (all) => {
      const spread = all.every((ready) => ready.cluster !== undefined && ready.cluster.registered && ready.cluster.shards > 0)
      counts.push(spread ? all.map((ready) => ready.cluster?.shards).join(" + ") : "")
      return spread && (!steady || sameLastReads(counts, 3))
    },
    (all) => all.map((ready, i) => `${gateways[i]?.name}: ${ready.status} ${ready.text}`).join("; "),
    seconds,
    steady ? "500 millis" : "100 millis"
  )
}

/** Whether the last `n` reads (each summed up as a string, `""` for one not yet there) are the same. */
export const sameLastReads = (reads: ReadonlyArray<string>, n: number) => {
  const last = reads.slice(-n)
  return last.length === n && last.every((read) => read !== "" && read === last[0])
}

/** The sum of some counts. */
export const sum = (counts: ReadonlyArray<number>) => counts.reduce((total, n) => total + n, 0)

/**
 * Reads `read` every `every` until `done` holds; dies with `describe(last)` after `seconds`. For states that
 * change on their own (a connection, a hand-over, a queue draining).
 */
export const pollUntil = <A>(
  read: Effect.Effect<A>,
  done: (a: A) => boolean,
  describe: (a: A) => string,
  seconds: number,
  every: Duration.Input = "100 millis"
) =>
  read.pipe(
    Effect.repeat({ schedule: Schedule.spaced(every), until: done }),
    Effect.timeoutOrElse({
      duration: Duration.seconds(seconds),
      orElse: () => Effect.flatMap(read, (last) => Effect.die(new Error(`not within ${seconds} s: ${describe(last)}`)))
    })
  )

/** The session's stored status, read through `gateway`. */
export const sessionStatus = (gateway: Gateway, session: string) =>
  Effect.map(call(gateway.port, "GET", `/sessions/${session}`), (answer) => answer.body.status ?? `${answer.status} ${JSON.stringify(answer.body)}`)

/** What the simulator knows of a session's device(s): linked or not, live sockets, conflicts (for messages). */
export const deviceOf = (sim: WaSim, session: string) => {
  const mine = sim.control.devices().filter((device) => device.jid.startsWith(`${simulatedPhoneNumber(session)}:`))
  return mine.length === 0
    ? "the simulator has no linked device of it"
    : mine.map((device) => `device ${device.jid}: ${device.liveSockets} live sockets, ${device.conflicts} conflicts`).join("; ")
}

/** Polls through `gateway` until the session is `connected` (`seconds` at most); `sim` tells its device on a timeout. */
export const connected = (gateway: Gateway, session: string, seconds = 60, sim?: WaSim) =>
  pollUntil(
    sessionStatus(gateway, session),
    (status) => status === "connected",
    (status) => `session ${session} is ${status} (read through ${gateway.name})${sim === undefined ? "" : `; ${deviceOf(sim, session)}`}`,
    seconds
  )

/**
 * Pairs a new session through `gateway`: created (`pairing`), its QR read through the API, the simulated phone
 * scans it (the phone number derived from the session id), then `connected`.
 */
export const pair = Effect.fn("pair")(function*(sim: WaSim, gateway: Gateway, session: string) {
  const created = yield* call(gateway.port, "POST", "/sessions", { id: session })
  assert.strictEqual(created.status, 201, `${session} through ${gateway.name}: ${JSON.stringify(created.body)}`)
  const qr = yield* call(gateway.port, "GET", `/sessions/${session}/qr`)
  assert.strictEqual(qr.status, 200, `${session}'s QR through ${gateway.name}: ${JSON.stringify(qr.body)}`)
  yield* Effect.promise(() => sim.control.scan({ qr: qr.body.qr ?? "", sessionId: session }))
  yield* connected(gateway, session, 60, sim)
})

/** Session ids `<prefix>-00…`, `count` of them. */
export const sessionIds = (prefix: string, count: number) =>
  Array.from({ length: count }, (_, i) => `${prefix}-${String(i).padStart(2, "0")}`)

/**
 * Pairs `sessions`, each through the next gateway in turn (a few at a time), and waits until the simulator sees
 * exactly one live socket for each.
 */
export const pairAll = Effect.fn("pairAll")(function*(
  world: ClusterWorld,
  gateways: ReadonlyArray<Gateway>,
  sessions: ReadonlyArray<string>,
  concurrency = 6
) {
  yield* Effect.forEach(sessions, (session, i) => pair(world.sim, gateways[i % gateways.length] ?? gateways[0]!, session), {
    concurrency,
    discard: true
  })
  yield* everyDeviceConnected(world.sim, sessions.length, 60)
})

/** Every linked device the simulator knows, with its live sockets and conflicts. */
export const devices = (sim: WaSim) => Effect.sync(() => sim.control.devices())

/** The devices that do not have exactly one live socket, as `jid: n` (for messages). */
export const notConnected = (all: ReadonlyArray<DeviceStatus>) =>
  all.filter((device) => device.liveSockets !== 1).map((device) => `${device.jid}: ${device.liveSockets}`)

/** The devices that saw a conflict (a socket replaced by another of the same device), as `jid: n`. */
export const conflicted = (all: ReadonlyArray<DeviceStatus>) =>
  all.filter((device) => device.conflicts !== 0).map((device) => `${device.jid}: ${device.conflicts}`)

/** Polls the simulator until it has `count` linked devices, each with exactly one live socket. */
export const everyDeviceConnected = (sim: WaSim, count: number, seconds: number) =>
  pollUntil(
    devices(sim),
    (all) => all.length === count && notConnected(all).length === 0,
    (all) => `${all.length} devices of ${count}, not on one live socket: ${notConnected(all).slice(0, 10).join(", ")}`,
    seconds
  )

/**
 * From the moment it is called (right after a runner was stopped or killed): polls the simulator every 10 ms
 * until at least `dropping` devices have been seen without a live socket and every one of the `count` devices
 * has exactly one again. Answers how long that took (ms) and which devices were seen dropped.
 */
export const reconnection = Effect.fn("reconnection")(function*(sim: WaSim, count: number, dropping: number, seconds: number) {
  const start = Date.now()
  const dropped = new Set<string>()
  const look = Effect.sync(() => {
    const all = sim.control.devices()
    for (const device of all) if (device.liveSockets === 0) dropped.add(device.jid)
    return all
  })
  yield* pollUntil(
    look,
    (all) => dropped.size >= dropping && all.length === count && notConnected(all).length === 0,
    (all) => `${dropped.size} of ${dropping} devices seen dropped; not on one live socket: ${notConnected(all).slice(0, 10).join(", ")}`,
    seconds,
    "10 millis"
  )
  return { ms: Date.now() - start, dropped }
})

/** Polls the gateways' `/readyz` until the sessions they own add up to `total` (`seconds` at most); answers them. */
export const ownedAddUpTo = (gateways: ReadonlyArray<Gateway>, total: number, seconds: number) =>
  pollUntil(sessionsOwned(gateways), (owned) => sum(owned) === total, (owned) => `sessions owned: ${owned.join(" + ")} ≠ ${total}`, seconds)

/** The end of what a process printed, without its access log (one line per request would hide the rest). */
export const said = (runner: Runner, chars = 6000) =>
  runner.process.output().split("\n").filter((line) => !line.includes(`"http request"`)).join("\n").slice(-chars)

/** SIGKILL, and the proof it was the kill that ended the process. */
export const kill = Effect.fn("kill")(function*(runner: Runner) {
  runner.process.child.kill("SIGKILL")
  const exited = yield* Effect.promise(() => runner.process.exited)
  assert.strictEqual(exited, "SIGKILL", `${runner.name} had exited before the kill:\n${said(runner)}`)
})

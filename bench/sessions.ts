/**
 * `npm run bench:sessions`: many sessions on the Baileys transport in one gateway process, against the protocol
 * simulator (`@wagate/wa-sim`, in this process).
 *
 * - Resident memory (RSS, from /proc) of the gateway per connected session: N sessions (`--sessions N`, default
 *   200) are created and linked by QR, 8 at a time, and the RSS once they are all connected and the process idled
 *   is compared with the RSS before the first one.
 * - Time to reconnect them all after a restart: the gateway is stopped (SIGTERM) and started again on the same
 *   database; seconds from the spawn to every session `connected` again, with no pairing (the stored credentials).
 * - Group-sync rate: one session creates `--groups G` groups (default 300) of `--members M` members (default 256,
 *   the creator included) through the API; their stored rows are then deleted, the gateway restarted, and the
 *   time from the session's `connected` to every group stored with all its members is the time the adapter's
 *   one-batch fetch of the participating groups takes to reach the store.
 *
 * The store is a fresh database on the Postgres server of `WAGATE_BENCH_DATABASE_URL` (default
 * `postgres://postgres@127.0.0.1:5432/test`), dropped at the end. Prints the figures and the machine's load; asserts
 * nothing. Figures depend on the machine and its load.
 */
import { simulatedPhoneNumber } from "@wagate/core"
import { startWaSim } from "@wagate/wa-sim"
import { cpus, loadavg } from "node:os"
import { freePort, readyPort, type Spawned, spawnProcess } from "../apps/http/test/support/process.ts"
import { argument } from "./support/arguments.ts"
import { BENCH_TOKEN, callApi, pool } from "./support/api.ts"
import { admin, databaseUrl, serverUrl, sleep, write } from "./support/database.ts"
import { mb, rssKb } from "./support/measure.ts"

const sessionCount = argument("sessions", 200)
const groupCount = argument("groups", 300)
const memberCount = argument("members", 256)

// libsignal (the simulator's played phones run in this process) prints session records with console.log/info/warn.
const LIBSIGNAL = /^(Closing session|Opening session|Closing open session|Removing old closed session|Session already|Decrypted message with closed session|Migrating session|V1 session storage migration)/
for (const level of ["info", "warn", "log"] as const) {
  const original = console[level].bind(console)
  console[level] = (...args: Array<unknown>) => {
    if (typeof args[0] === "string" && LIBSIGNAL.test(args[0])) return
    original(...args)
  }
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`


/** The fields of the answers the bench reads. */
interface Answer {
  readonly qr: string
  readonly status: string
  readonly updatedAt: string
  readonly participants: number
  readonly items: ReadonlyArray<Answer>
  readonly nextCursor: string
}

/** Every page of a list. */
const all = async (port: number, path: string): Promise<Array<Answer>> => {
  const items: Array<Answer> = []
  let cursor = ""
  for (let page = 0; page < 1000; page++) {
    const separator = path.includes("?") ? "&" : "?"
    const body = await callApi<Answer>(port, "GET", `${path}${separator}limit=1000${cursor === "" ? "" : `&cursor=${cursor}`}`)
    items.push(...body.items)
    cursor = body.nextCursor
    if (cursor === "") break
  }
  return items
}

/** Polls until `done` holds (10 minutes at most); the milliseconds it took from `since`. */
const until = async (what: string, done: () => Promise<boolean>, since: number, gateway: Spawned) => {
  const deadline = since + 600_000
  for (;;) {
    if (gateway.child.exitCode !== null) throw new Error(`the gateway exited:\n${gateway.output().slice(-4000)}`)
    if (await done()) return performance.now() - since
    if (performance.now() > deadline) throw new Error(`${what}: not within 10 minutes`)
    await sleep(200)
  }
}

/** How many linked devices have a live socket at the simulator. */
let liveDevices = (): number => 0

/** The simulator sees the stopped gateway's sockets close within moments (10 s at most). */
const socketsClosed = async () => {
  for (let waited = 0; liveDevices() !== 0; waited += 100) {
    if (waited > 10_000) throw new Error(`${liveDevices()} sockets outlived the gateway`)
    await sleep(100)
  }
}

const connectedCount = async (port: number) =>
  (await all(port, "/sessions")).filter((s) => s.status === "connected").length

const main = async () => {
  write(`bench:sessions: ${sessionCount} sessions, ${groupCount} groups × ${memberCount} members`)
  write(`machine: ${cpus().length} cores, load ${loadavg().map((l) => l.toFixed(2)).join(" ")}`)
  const sim = await startWaSim()
  liveDevices = () => sim.control.devices().filter((d) => d.liveSockets > 0).length
  const name = `wagate_bench_${Math.random().toString(36).slice(2, 10)}`
  await admin(serverUrl, (sql) => sql`CREATE DATABASE ${sql(name)}`)
  let gateway: Spawned | undefined
  try {
    const port = await freePort()
    const env = {
      PORT: String(port),
      WAGATE_DATABASE_URL: databaseUrl(name),
      WAGATE_TRANSPORT: "baileys",
      WAGATE_WA_URL: sim.url,
      WAGATE_WA_CERT_ROOT: sim.rootPublicKey,
      WAGATE_DEV_TOKENS: `${BENCH_TOKEN}=bench:read,send,manage`,
      WAGATE_SEND_RATE_PER_MINUTE: "100000"
    }
    const start = () => spawnProcess(env)
    const stop = async (spawned: Spawned) => {
      spawned.child.kill("SIGTERM")
      const code = await spawned.exited
      if (code !== 0) write(`(the gateway exited with ${code})`)
    }

    gateway = start()
    await readyPort(gateway, 180_000)
    const pid = gateway.child.pid ?? 0
    await sleep(2000)
    const before = rssKb(pid)

    // N sessions, each linked by the simulated phone scanning its QR code.
    const ids = Array.from({ length: sessionCount }, (_, i) => `bench-${i}`)
    const linking = performance.now()
    await pool(ids, 8, async (id) => {
      await callApi<Answer>(port, "POST", "/sessions", { id })
      const { qr } = await callApi<Answer>(port, "GET", `/sessions/${id}/qr`)
      await sim.control.scan({ qr, sessionId: id })
    })
    const linked = await until("every session connected", async () => (await connectedCount(port)) === sessionCount, linking, gateway)
    await sleep(5000)
    const after = rssKb(pid)
    write()
    write(`linking ${sessionCount} sessions by QR: ${seconds(linked)}`)
    write(`gateway RSS: ${mb(before)} before, ${mb(after)} with ${sessionCount} connected: ${((after - before) / sessionCount).toFixed(0)} kB per session`)

    // A restart: every linked session reconnects from the store, no pairing. Reconnected is what the simulator
    // sees (a live socket per device; the stored status may still say `connected` from before the stop), and then
    // the store (each session `connected` with an update after the spawn).
    await stop(gateway)
    await socketsClosed()
    const restarting = performance.now()
    const restartedAt = new Date().toISOString()
    gateway = start()
    await readyPort(gateway, 180_000)
    const ready = performance.now() - restarting
    const sockets = await until("every device has its socket again", async () => liveDevices() === sessionCount, restarting, gateway)
    const stored = await until("every session stored as connected again", async () =>
      (await all(port, "/sessions")).filter((s) => s.status === "connected" && s.updatedAt > restartedAt).length === sessionCount, restarting, gateway)
    write(`restart: ready in ${seconds(ready)}; all ${sessionCount} sessions have their socket again ${seconds(sockets)} after the spawn, and are stored connected ${seconds(stored)} after it`)

    // Group sync: one session's groups, created through the API, deleted from the store, fetched back at connect.
    const owner = "bench-0"
    const creating = performance.now()
    let reconnects = 0
    // The same members in every group: the simulator plays each member's phone with real Signal keys, so new
    // members cost it far more than new groups; the store writes a member row per group all the same.
    const participants = Array.from({ length: memberCount - 1 }, (_, m) => `62899${String(m).padStart(8, "0")}@s.whatsapp.net`)
    await pool(Array.from({ length: groupCount }, (_, i) => i), 4, async (i) => {
      // A session can be between sockets for a moment (Baileys reconnecting): wait for it rather than fail.
      for (let attempt = 0; ; attempt++) {
        try {
          await callApi<Answer>(port, "POST", `/sessions/${owner}/groups`, { name: `Bench ${i}`, participants })
          return
        } catch (error) {
          if (attempt >= 50 || !String(error).includes(": 501 ")) throw error
          reconnects++
          await sleep(200)
        }
      }
    })
    write(`created ${groupCount} groups of ${memberCount} through the API in ${seconds(performance.now() - creating)} (${reconnects} creates waited for the session to reconnect)`)
    await stop(gateway)
    await admin(databaseUrl(name), (sql) => sql`DELETE FROM groups WHERE session_id = ${owner}`)
    await socketsClosed()
    const syncing = performance.now()
    gateway = start()
    await readyPort(gateway, 180_000)
    // Connected is when the simulator sees the owner's socket again (its stored status still says so from before).
    const ownerJid = `${simulatedPhoneNumber(owner)}@s.whatsapp.net`
    const ownerConnected = await until("the owner connected", async () =>
      sim.control.devices().some((d) => d.phoneJid === ownerJid && d.liveSockets > 0), syncing, gateway)
    const fullyStored = async () => {
      const groups = await all(port, `/sessions/${owner}/groups`)
      return groups.length === groupCount && groups.every((g) => g.participants === memberCount)
    }
    const synced = await until("every group stored", fullyStored, syncing, gateway) - ownerConnected
    const rows = groupCount * memberCount
    write(`group sync: ${groupCount} groups × ${memberCount} members stored ${seconds(synced)} after the session connected: ${(groupCount / (synced / 1000)).toFixed(1)} groups/s, ${(rows / (synced / 1000)).toFixed(0)} members/s`)
    const conflicts = sim.control.devices().reduce((sum, d) => sum + d.conflicts, 0)
    write(`sockets replaced by another of the same device during the run (conflicts at the simulator): ${conflicts}`)
    await stop(gateway)
    gateway = undefined
  } catch (error) {
    // What the gateway said last, to tell a crash from a refusal.
    if (gateway !== undefined) process.stderr.write(`${gateway.output().slice(-3000)}\n`)
    throw error
  } finally {
    if (gateway !== undefined && gateway.child.exitCode === null) gateway.child.kill("SIGKILL")
    await sim.close()
    await admin(serverUrl, (sql) => sql`DROP DATABASE IF EXISTS ${sql(name)} WITH (FORCE)`)
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`bench:sessions failed: ${error instanceof Error ? error.message : String(error)}\n`)
  process.exit(1)
})

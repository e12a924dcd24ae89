import { assert, describe, it } from "@effect/vitest"
import { Effect } from "effect"
import { existsSync, readFileSync } from "node:fs"
import { join } from "node:path"
import { descendants, eventually, isAlive, type Spawned } from "../support/process.ts"
import { scopedNpmStart, scopedTempDir } from "../support/gatewayProcess.ts"

/**
 * A stop at any moment of start-up: the gateway process `npm start` created, signalled from the moment the
 * gateway's process can take a signal to the moment it is ready, exits 0 within `exitWithinMs` and leaves no
 * process and no data directory lock behind. (A signal during the embedded store's opening used to hang until
 * the 30 s watchdog ended the process with exit code 1.)
 */

/** The measured worst case is ~6 s (the store finishes opening, then closes) on a loaded 2-core machine. */
const exitWithinMs = 20_000

const tempDir = scopedTempDir("wagate-startup-signals-")

/**
 * CPU seconds `pid` has used (user and system time from /proc/<pid>/stat, in clock ticks of 1/100 s). Node's
 * own bootstrap takes well under 0.2 s of CPU, and loading the gateway's program over 1 s, whatever the load.
 */
const cpuSeconds = (pid: number): number => {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8")
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ")
    return (Number(fields[11]) + Number(fields[12])) / 100
  } catch {
    return 0
  }
}

/** Whether `pid` runs Node on the gateway's `main.ts` (not the shell npm starts it with, before its `exec`). */
const isGateway = (pid: number): boolean => {
  try {
    const [file = "", ...args] = readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0")
    return file.endsWith("node") && args.some((arg) => arg.endsWith("main.ts"))
  } catch {
    return false
  }
}

/** When to signal: after something the gateway printed, or as soon as its own process handles signals. */
type Moment =
  | { readonly name: string; readonly printed: RegExp }
  | { readonly name: string; readonly printed?: undefined }

const moments: ReadonlyArray<Moment> = [
  { name: "right after spawn, while Node loads the program" },
  { name: "when the port opens (the store is not open yet)", printed: /Starting on http/ },
  { name: "while the embedded store opens", printed: /embedded Postgres .* serving on/ },
  { name: "when ready", printed: /Listening on http/ }
]

const reach = async (npm: Spawned, moment: Moment) => {
  if (moment.printed !== undefined) {
    await npm.waitFor(moment.printed, 120_000)
    return
  }
  const npmPid = npm.child.pid ?? 0
  // Past Node's bootstrap (main.ts runs and listens for signals), while it loads the program.
  await eventually("the gateway's process is loading the program", () => {
    if (npm.output().includes("Starting on")) throw new Error(`started before it could be signalled early:\n${npm.output()}`)
    return descendants(npmPid).some((pid) => isGateway(pid) && cpuSeconds(pid) >= 0.4)
  }, 60_000)
}

const stopAt = (moment: Moment) =>
  Effect.scoped(Effect.gen(function*() {
    const dir = yield* tempDir
    const { npm, recordFamily } = yield* scopedNpmStart({
        PORT: "0",
        WAGATE_DATA_DIR: dir,
        WAGATE_TRANSPORT: "simulator",
        WAGATE_DEV_TOKENS: "startup-signals=acme:read",
        // The store's "serving on" line is a debug line.
        WAGATE_LOG_LEVEL: "debug"
      })
    assert.isDefined(npm.child.pid, "npm started")
    yield* Effect.promise(() => reach(npm, moment))
    const family = recordFamily()
    // The gateway's own process, as a supervisor signals the process it started (`npm start` execs node; npm
    // itself passes a signal on, tested in signals.test.ts): the signal lands at the moment, without npm's delay.
    const gateway = family.find(isGateway) ?? assert.fail(`no gateway process under npm:\n${npm.output()}`)
    const signalled = performance.now()
    process.kill(gateway, "SIGTERM")
    const code = yield* Effect.promise(() =>
      Promise.race([
        npm.exited,
        new Promise<"still running">((resolve) => setTimeout(() => resolve("still running"), exitWithinMs))
      ])
    )
    const tookMs = performance.now() - signalled
    assert.strictEqual(code, 0, `exit after ${Math.round(tookMs)} ms; output:\n${npm.output()}`)
    assert.isBelow(tookMs, exitWithinMs)
    yield* Effect.promise(() => eventually("no process of the gateway is left", () => family.filter(isAlive).length === 0, 5_000))
    assert.isFalse(existsSync(join(dir, "wagate.lock")), "the data directory lock is released")
    assert.notMatch(npm.output(), /"level":"(ERROR|FATAL)"|did not stop|shutdown did not finish/)
  }))

describe("a stop during start-up", () => {
  for (const moment of moments) {
    it.live(`SIGTERM to the gateway of npm start ${moment.name}: exit 0 promptly, nothing left`, () => stopAt(moment), 180_000)
  }
})

/**
 * What an entry file (`main.ts`, `sandbox/main.ts`) does before it loads the program; imports nothing but
 * `node:v8`, so it runs at once.
 *
 * Loading the program takes a second or more (hundreds of modules). Node's default for a SIGTERM or SIGINT in
 * that time would end the process by the signal, which a supervisor reports as a failure. Listened for here, the
 * signal either ends the process with exit code 0 while nothing is opened yet (no port, no store, no lock), or,
 * when it is only dispatched once loading is done (loading mostly blocks the event loop), reaches the graceful
 * stop of `NodeRuntime.runMain`, which listens from `run()` on. The early listener is removed only after
 * runMain's are added: removing a signal's last listener stops Node watching it, and a signal received but not
 * yet dispatched would be lost (the process kept running: test/process/startupSignals.test.ts).
 */
import { setFlagsFromString } from "node:v8"

/** Loads the program with `load` and runs what it returns, exiting 0 on a signal that comes while it loads. */
export const startProcess = async (load: () => Promise<() => void>): Promise<void> => {
  // WebAssembly compiled by the baseline compiler only: PGlite's Postgres (9 MB of WebAssembly) would otherwise
  // be compiled twice, the hot functions again by the optimising compiler, which held ~40 MB more resident with
  // no measurable gain in requests per second (ADR 0018). Set before anything compiles WebAssembly.
  setFlagsFromString("--liftoff-only")
  let loaded = false
  const stopBeforeStart = () => {
    if (!loaded) process.exit(0)
  }
  process.on("SIGTERM", stopBeforeStart)
  process.on("SIGINT", stopBeforeStart)
  const run = await load()
  loaded = true
  run()
  process.off("SIGTERM", stopBeforeStart)
  process.off("SIGINT", stopBeforeStart)
}

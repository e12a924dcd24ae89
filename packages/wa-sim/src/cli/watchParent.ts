import { Effect, Schedule } from "effect"

/**
 * Ends the process (with SIGTERM to itself, so the usual graceful shutdown runs and exits 0) once its parent
 * is gone. `npx wa-sim` runs the simulator under `npm exec`, and npm exits on SIGTERM without passing the
 * signal on (issue 8, defect 2): without this the simulator would keep its port, orphaned.
 */
export const stopWhenOrphaned: Effect.Effect<void> = Effect.gen(function*() {
  const parent = process.ppid
  yield* Effect.sync(() => process.ppid).pipe(
    Effect.repeat({ schedule: Schedule.spaced("500 millis"), until: (ppid) => ppid !== parent })
  )
  yield* Effect.sync(() => process.kill(process.pid, "SIGTERM"))
})

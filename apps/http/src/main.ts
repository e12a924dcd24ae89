/**
 * The gateway process: `npm start` runs this file (docs/operations.md: start-up, signals, exit codes).
 *
 * Loading the program takes a second or more (hundreds of modules). A SIGTERM or SIGINT in that time finds
 * nothing opened yet (no port, no store, no lock), so it ends the process at once with exit code 0, as a stop at
 * any later moment does; Node's default would end it by the signal, which a supervisor reports as a failure.
 * From `runGateway()` on, `NodeRuntime.runMain` handles the signals. The early listener is removed only after
 * runMain's are added: removing a signal's last listener stops Node watching it, and a signal already received
 * but not yet dispatched would be lost (the process would keep running).
 */
let loaded = false
const stopBeforeStart = () => {
  if (!loaded) process.exit(0)
}
process.on("SIGTERM", stopBeforeStart)
process.on("SIGINT", stopBeforeStart)

const { runGateway } = await import("./runGateway.ts")

loaded = true
runGateway()
process.off("SIGTERM", stopBeforeStart)
process.off("SIGINT", stopBeforeStart)

/**
 * `wa-sim [--port N] [--host H]` (bin/wa-sim.js runs this): a simulated WhatsApp Web server for the sandbox.
 * Prints its socket URL, the base64 root public key and the control API's address, and runs until SIGTERM/SIGINT
 * (exit 0) or until its parent process is gone.
 */
import { parseArguments, usage } from "./arguments.ts"

const parsed = parseArguments(process.argv.slice(2))
if (parsed._tag === "Help") {
  process.stdout.write(usage)
} else if (parsed._tag === "Invalid") {
  process.stderr.write(`wa-sim: ${parsed.message}\n${usage}`)
  process.exitCode = 2
} else {
  // Loaded only when running: the simulator (Baileys, Effect) takes seconds to import on a small machine.
  const { muteConsole } = await import("./muteConsole.ts")
  muteConsole()
  const { run } = await import("./run.ts")
  run(parsed)
}

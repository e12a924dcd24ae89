/**
 * The gateway process: `npm start` runs this file (docs/operations.md: start-up, signals, exit codes). The
 * program loads after the signal handlers of `startProcess` are in place.
 */
import { startProcess } from "./process/entry.ts"

await startProcess(async () => (await import("./runGateway.ts")).runGateway)

#!/usr/bin/env node
/**
 * `npx wa-sim [--port N] [--host H]`: a simulated WhatsApp Web server for the sandbox. Prints its socket URL,
 * the base64 root public key and the control API's address, and runs until SIGTERM/SIGINT (exit 0).
 */
import { NodeRuntime } from "@effect/platform-node"
import { Cause, Effect, Exit, Layer, Runtime } from "effect"
import { parseArguments, usage } from "../src/cli/arguments.ts"
import { WaSimService } from "../src/WaSimService.ts"

const parsed = parseArguments(process.argv.slice(2))
if (parsed._tag === "Help") {
  process.stdout.write(usage)
  process.exit(0)
}
if (parsed._tag === "Invalid") {
  process.stderr.write(`wa-sim: ${parsed.message}\n${usage}`)
  process.exit(2)
}

const announce = Effect.gen(function*() {
  const sim = yield* WaSimService
  yield* Effect.sync(() =>
    process.stdout.write(
      [
        `wa-sim listening`,
        `socket:   ${sim.url}`,
        `root key: ${sim.rootPublicKey}`,
        `control:  ${sim.controlUrl}`,
        `use:      WAGATE_WA_URL=${sim.url} WAGATE_WA_CERT_ROOT=${sim.rootPublicKey}`,
        ""
      ].join("\n")
    )
  )
})

/** A shutdown asked for by a signal (the program was only interrupted) is a success: exit 0. */
const teardown: Runtime.Teardown = (exit, onExit) =>
  Exit.isFailure(exit) && Cause.hasInterruptsOnly(exit.cause) ? onExit(0) : Runtime.defaultTeardown(exit, onExit)

Layer.effectDiscard(announce).pipe(
  Layer.provideMerge(WaSimService.layer({ port: parsed.port, host: parsed.host })),
  Layer.launch,
  NodeRuntime.runMain({ teardown })
)

import { NodeRuntime } from "@effect/platform-node"
import { Cause, Effect, Exit, Layer, Runtime } from "effect"
import { WaSimService } from "../WaSimService.ts"
import { stopWhenOrphaned } from "./watchParent.ts"

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

/** Runs the simulator until SIGTERM/SIGINT (exit 0) or until the parent process is gone. */
export const run = (options: { readonly port: number; readonly host: string }): void =>
  Layer.mergeAll(Layer.effectDiscard(announce), Layer.effectDiscard(Effect.forkScoped(stopWhenOrphaned))).pipe(
    Layer.provide(WaSimService.layer(options)),
    Layer.launch,
    // One line, no stack, exit 1: what an operator needs when the port is taken.
    Effect.catchTag("WaSimStartFailed", (error) =>
      Effect.sync(() => {
        process.stderr.write(`wa-sim: ${error.message}\n`)
        process.exit(1)
      })),
    NodeRuntime.runMain({ teardown })
  )

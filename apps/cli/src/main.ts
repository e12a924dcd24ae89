import { NodeRuntime, NodeServices } from "@effect/platform-node"
import { Cause, Console, Effect } from "effect"
import { Command } from "effect/cli"
import { migrate } from "./commands/migrate.ts"

const wagate = Command.make("wagate").pipe(
  Command.withDescription("wagate, the embeddable WhatsApp gateway: operate its store from the command line"),
  Command.withSubcommands([migrate])
)

/** A failure the operator can act on is printed as its message alone, and the exit code says it failed. */
const reportFailure = <A, E, R>(program: Effect.Effect<A, E, R>) =>
  program.pipe(
    Effect.catchCause((cause) =>
      Effect.gen(function*() {
        const error = Cause.squash(cause)
        yield* Console.error(`wagate: ${error instanceof Error ? error.message : String(error)}`)
        process.exitCode = 1
      })
    )
  )

wagate.pipe(Command.run({ version: "0.1.0" }), reportFailure, Effect.provide(NodeServices.layer), NodeRuntime.runMain)

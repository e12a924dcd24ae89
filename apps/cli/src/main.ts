import { NodeRuntime, NodeServices } from "@effect/platform-node"
import { Cause, Console, Effect } from "effect"
import { Command } from "effect/cli"
import { apikey } from "./commands/apikey.ts"
import { migrate } from "./commands/migrate.ts"

const wagate = Command.make("wagate").pipe(
  Command.withDescription("wagate, the embeddable WhatsApp gateway: operate its store from the command line"),
  Command.withSubcommands([migrate, apikey])
)

/** The message, what a validation error says of each field, and the HTTP way round a held data directory. */
const describe = (error: unknown): string => {
  if (!(error instanceof Error)) return String(error)
  const details = "details" in error && typeof error.details === "object" && error.details !== null
    ? Object.entries(error.details).map(([field, problem]) => `${field}: ${String(problem)}`)
    : []
  const held = "_tag" in error && error._tag === "DataDirLocked"
    ? ["to manage api keys while it runs, use its HTTP API: POST/GET/DELETE /api/v1/api-keys"]
    : []
  return [error.message, ...details, ...held].join("\n  ")
}

/** A failure the operator can act on is printed as its message alone, and the exit code says it failed. */
const reportFailure = <A, E, R>(program: Effect.Effect<A, E, R>) =>
  program.pipe(
    Effect.catchCause((cause) =>
      Effect.gen(function*() {
        const error = Cause.squash(cause)
        yield* Console.error(`wagate: ${describe(error)}`)
        process.exitCode = 1
      })
    )
  )

wagate.pipe(Command.run({ version: "0.1.0" }), reportFailure, Effect.provide(NodeServices.layer), NodeRuntime.runMain)

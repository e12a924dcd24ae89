import { NodeRuntime, NodeServices } from "@effect/platform-node"
import { GatewayConfig, GatewayConfigError } from "@wagate/http/config"
import { databaseVariable, describeFailure, StartupFailure, startupProblems } from "@wagate/http/startup"
import { Cause, Console, Effect } from "effect"
import { isSqlError } from "effect/sql/SqlError"
import { Command } from "effect/cli"
import { apikey } from "./commands/apikey.ts"
import { migrate } from "./commands/migrate.ts"

const wagate = Command.make("wagate").pipe(
  Command.withDescription("wagate, the embeddable WhatsApp gateway: operate its store from the command line"),
  Command.withSubcommands([migrate, apikey])
)

const isHeldDataDir = (error: unknown): boolean =>
  error instanceof StartupFailure && typeof error.cause === "object" && error.cause !== null &&
  "_tag" in error.cause && error.cause._tag === "DataDirLocked"

const heldHint = "to manage api keys while it runs, use its HTTP API: POST/GET/DELETE /api/v1/api-keys"

/**
 * The lines for a failure: the gateway's own one line per problem for the configuration and the database (with
 * the HTTP way round a held data directory); otherwise the message and what a validation error says of each field.
 */
const describe = Effect.fnUntraced(function*(cause: Cause.Cause<unknown>) {
  const error = Cause.squash(cause)
  if (error instanceof GatewayConfigError || error instanceof StartupFailure) {
    return [...startupProblems(cause), ...(isHeldDataDir(error) ? [heldHint] : [])]
  }
  if (isSqlError(error)) {
    // A statement failed after the database opened (e.g. the migration): the configuration loaded, so it names it.
    const variable = yield* GatewayConfig.load.pipe(Effect.map(databaseVariable), Effect.orElseSucceed(() => "the database"))
    return [`${variable}: ${describeFailure(error)}`]
  }
  if (!(error instanceof Error)) return [String(error)]
  const details = "details" in error && typeof error.details === "object" && error.details !== null
    ? Object.entries(error.details).map(([field, problem]) => `${field}: ${String(problem)}`)
    : []
  return [[error.message, ...details].join("\n  ")]
})

/** A failure the operator can act on is printed as its message alone, and the exit code says it failed. */
const reportFailure = <A, E, R>(program: Effect.Effect<A, E, R>) =>
  program.pipe(
    Effect.catchCause((cause) =>
      Effect.gen(function*() {
        for (const line of yield* describe(cause)) yield* Console.error(`wagate: ${line}`)
        process.exitCode = 1
      })
    )
  )

wagate.pipe(Command.run({ version: "0.1.0" }), reportFailure, Effect.provide(NodeServices.layer), NodeRuntime.runMain)

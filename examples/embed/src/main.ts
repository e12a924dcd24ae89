/**
 * team-groups: a small service that keeps a WhatsApp group per team, with wagate embedded as a library.
 *
 *   node src/main.ts create <session> <group name> <member>...   links <session>, creates the group, prints it
 *   node src/main.ts list                                        prints every stored group with its members
 *
 * Both print JSON on stdout. WAGATE_DATA_DIR is where the embedded Postgres keeps its data (default ./data);
 * one process at a time holds it.
 */
import { NodeRuntime } from "@effect/platform-node"
import { Console, Effect } from "effect"
import { createTeam, listTeams } from "./teams.ts"
import { wagate } from "./wagate.ts"

const usage = "usage: team-groups create <session> <group name> <member>... | team-groups list"

const [command, ...args] = process.argv.slice(2)
const [session, name, ...members] = args

/** The command's result, printed as JSON; undefined for a command line this service does not know. */
const run = command === "create" && session !== undefined && name !== undefined && members.length > 0
  ? Effect.flatMap(createTeam(session, name, members), print)
  : command === "list" && args.length === 0
  ? Effect.flatMap(listTeams(), print)
  : undefined

function print(result: unknown) {
  return Console.log(JSON.stringify(result, null, 2))
}

if (run === undefined) {
  process.stderr.write(`${usage}\n`)
  process.exitCode = 2
} else {
  run.pipe(Effect.provide(wagate(process.env["WAGATE_DATA_DIR"] ?? "data")), NodeRuntime.runMain)
}

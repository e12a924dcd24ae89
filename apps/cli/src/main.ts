import { NodeRuntime, NodeServices } from "@effect/platform-node"
import { Effect } from "effect"
import { Command } from "effect/cli"
import { migrate } from "./commands/migrate.ts"

const wagate = Command.make("wagate").pipe(
  Command.withDescription("wagate, the embeddable WhatsApp gateway: operate its store from the command line"),
  Command.withSubcommands([migrate])
)

wagate.pipe(Command.run({ version: "0.1.0" }), Effect.provide(NodeServices.layer), NodeRuntime.runMain)

import { layer } from "@effect/vitest"
import type { WhatsAppPort } from "@wagate/core"
import { Layer } from "effect"
import { changesContract } from "./changes.ts"
import { ChangeInbox } from "./ChangeInbox.ts"
import { communitiesContract } from "./communities.ts"
import { groupsContract } from "./groups.ts"
import { invitesContract } from "./invites.ts"
import { membersContract } from "./members.ts"
import { messagesContract } from "./messages.ts"
import { sessionsContract } from "./sessions.ts"
import type { WhatsAppHarness } from "./WhatsAppHarness.ts"

/**
 * Registers the WhatsAppPort contract suite for one adapter: every adapter runs these very tests.
 *
 * The layer is built once for the whole suite, so tests never assume an empty world: each makes its own
 * sessions and users. The suite becomes the one reader of `WhatsAppPort.changes` (through `ChangeInbox`).
 */
export const whatsAppPortContract = <E>(
  name: string,
  adapter: Layer.Layer<WhatsAppPort | WhatsAppHarness, E>,
  options: {
    /** The adapter keeps real time (a transport on a real socket): no test clock, nor the other test services. */
    readonly excludeTestServices?: boolean | undefined
  } = {}
) =>
  layer(ChangeInbox.layer.pipe(Layer.provideMerge(adapter)), { excludeTestServices: options.excludeTestServices ?? false })(name, (it) => {
    sessionsContract(it)
    groupsContract(it)
    membersContract(it)
    invitesContract(it)
    communitiesContract(it)
    messagesContract(it)
    changesContract(it)
  })

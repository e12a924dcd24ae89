import { Effect, Schema } from "effect"
import type { Group } from "../domain/Group.ts"
import { SessionId } from "../domain/Ids.ts"
import type { PageResult } from "../domain/Page.ts"
import type { Principal } from "../domain/Principal.ts"
import type { SessionOwner } from "../domain/Session.ts"
import { requireCapability } from "../access/capability.ts"
import { exclusive } from "../access/exclusive.ts"
import { ownedSession, requireConnected } from "../access/session.ts"
import { decodeInput } from "../access/validate.ts"
import { now } from "../ports/Now.ts"
import { GroupStore } from "../ports/store/GroupStore.ts"
import { atomically } from "../ports/store/StoreTransaction.ts"
import { WhatsAppPort } from "../ports/WhatsAppPort.ts"
import { storeGroupInfo } from "./storeGroupInfo.ts"
import { storeLeft } from "./storeLeft.ts"

const decode = decodeInput(Schema.Struct({ sessionId: SessionId }))

/** What a resync of all groups did. */
export interface RefreshSummary {
  /** How many groups WhatsApp listed for the session. */
  readonly groups: number
  /** How many of them changed in the store (each with its `group.updated`). */
  readonly changed: number
  /** How many stored groups WhatsApp no longer lists, now marked left (each with its `group.updated`). */
  readonly left: number
}

/** The largest page the store is asked for while reading every stored group. */
const GROUP_PAGE = 1000

/** Every group stored for the session (community parents are not listed, as in `list`). */
const storedGroups = Effect.fn("groups.storedGroups")(function*(owner: SessionOwner) {
  const groups = yield* GroupStore
  const all: Array<Group> = []
  let after: string | null = null
  do {
    const page: PageResult<Group> = yield* groups.list(owner, { limit: GROUP_PAGE, after })
    all.push(...page.items)
    after = page.lastKey
  } while (after !== null)
  return all
})

/**
 * Re-reads every group of the session from WhatsApp in ONE call (never one per group) and stores each as a
 * single refresh does, with `group.updated` only where something changed. A stored group WhatsApp no longer
 * lists is one the session is not in anymore: it is marked left, with its event.
 */
export const refreshGroups = Effect.fn("groups.refreshAll")(function*(principal: Principal, sessionId: string) {
  const ref = yield* decode({ sessionId })
  yield* requireCapability(principal, "send")
  const live = yield* requireConnected(yield* ownedSession(principal, ref.sessionId))
  const whatsapp = yield* WhatsAppPort
  return yield* exclusive(live.session.id)(Effect.gen(function*() {
    // The WhatsApp call is made before the store transaction, never inside it.
    const listed = yield* whatsapp.participatingGroups(live.session.id)
    return yield* atomically(Effect.gen(function*() {
      const at = yield* now
      let changed = 0
      for (const info of listed) {
        if ((yield* storeGroupInfo(live.owner, info, at)).changed) changed += 1
      }
      const current = new Set<string>(listed.map((info) => info.groupJid))
      const gone = (yield* storedGroups(live.owner)).filter((group) => !group.left && !current.has(group.groupJid))
      // As when the session leaves.
      for (const group of gone) yield* storeLeft(live, group, at)
      const summary: RefreshSummary = { groups: listed.length, changed, left: gone.length }
      return summary
    }))
  }))
})

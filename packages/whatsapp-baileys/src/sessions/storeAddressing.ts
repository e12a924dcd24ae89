import { type GroupJid, GroupStore, isLidJid, type SessionId, SessionStore } from "@wagate/core"
import { type Context, Effect, Option } from "effect"
import type { Addressing } from "../groups/addressing.ts"

/**
 * A stored group's addressing, read from how the store lists the session's own account in it (one indexed
 * lookup): a LID means a LID-addressed group. `undefined` when the store does not know the group or the account.
 */
export const storeAddressing = (services: Context.Context<GroupStore | SessionStore>) =>
(sessionId: SessionId, groupJid: GroupJid): Effect.Effect<Addressing | undefined> =>
  Effect.gen(function*() {
    const session = yield* (yield* SessionStore).find(sessionId)
    if (Option.isNone(session)) return undefined
    const own = session.value.lid ?? session.value.phoneJid
    if (own === null) return undefined
    const owner = { orgId: session.value.orgId, sessionId }
    const member = yield* (yield* GroupStore).member(owner, groupJid, own)
    return Option.match(member, { onNone: (): Addressing | undefined => undefined, onSome: (m) => (isLidJid(m.jid) ? "lid" : "pn") })
  }).pipe(Effect.provideContext(services), Effect.orElseSucceed(() => undefined))

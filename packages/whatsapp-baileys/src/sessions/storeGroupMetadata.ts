import { GroupJid, GroupStore, isGroupJid, type Member, type PageResult, type SessionId, SessionStore } from "@wagate/core"
import type { GroupMetadata, GroupParticipant } from "@whiskeysockets/baileys"
import { type Context, Effect, Option } from "effect"

/**
 * Baileys' `cachedGroupMetadata` answered from the store, so a group send does not query WhatsApp each time
 * (the `rate-overlimit` trap). A group the store does not know is left to Baileys (`undefined`: it asks).
 */
export const storeGroupMetadata = (services: Context.Context<GroupStore | SessionStore>) =>
(sessionId: SessionId) =>
async (jid: string): Promise<GroupMetadata | undefined> => {
  if (!isGroupJid(jid)) return undefined
  const lookup = Effect.gen(function*() {
    const session = yield* (yield* SessionStore).find(sessionId)
    if (Option.isNone(session)) return undefined
    const owner = { orgId: session.value.orgId, sessionId }
    const groups = yield* GroupStore
    const group = yield* groups.get(owner, GroupJid.make(jid))
    if (Option.isNone(group) || group.value.left) return undefined
    const participants: Array<GroupParticipant> = []
    let after: string | null = null
    for (;;) {
      const page: PageResult<Member> = yield* groups.members(owner, group.value.groupJid, { limit: 1000, after })
      for (const m of page.items) participants.push({ id: m.jid, admin: m.role === "member" ? null : m.role })
      if (page.lastKey === null || page.items.length < 1000) break
      after = page.lastKey
    }
    return {
      id: group.value.groupJid,
      subject: group.value.subject,
      owner: group.value.ownerJid ?? undefined,
      announce: group.value.isAnnounce,
      restrict: group.value.isLocked,
      participants
    } satisfies GroupMetadata
  })
  return Effect.runPromiseWith(services)(lookup.pipe(Effect.orElseSucceed(() => undefined)))
}

import { Effect, Option } from "effect"
import type { ChatMessage } from "../domain/ChatMessage.ts"
import type { WaMessageId } from "../domain/Ids.ts"
import { isGroupJid, type UserJid } from "../domain/Jid.ts"
import type { Member } from "../domain/Member.ts"
import type { OutboundMessage, ResolvedRequest } from "../domain/OutboundMessage.ts"
import type { SendRequest } from "../domain/SendRequest.ts"
import type { Session, SessionOwner } from "../domain/Session.ts"
import { SessionStore } from "../ports/store/SessionStore.ts"
import { findReferred } from "./findReferred.ts"
import { GroupStore } from "../ports/store/GroupStore.ts"

/** The WhatsApp id a request refers to: the message it quotes or acts on. */
export const referredId = (request: SendRequest | ResolvedRequest): WaMessageId | undefined =>
  "targetWaMessageId" in request ? request.targetWaMessageId : "replyTo" in request ? request.replyTo : undefined

/** Every stored member of a group, by the address the group uses for it (a LID in a LID-addressed group). */
const everyone = Effect.fn("outbox.everyone")(function*(owner: SessionOwner, groupJid: string) {
  if (!isGroupJid(groupJid)) return []
  const groups = yield* GroupStore
  const jids: Array<UserJid> = []
  let after: string | null = null
  for (;;) {
    const page: { readonly items: ReadonlyArray<Member>; readonly lastKey: string | null } = yield* groups.members(owner, groupJid, { limit: 1000, after })
    jids.push(...page.items.map((member) => member.jid))
    if (page.lastKey === null) return jids
    after = page.lastKey
  }
})

/**
 * A queued message as the WhatsApp port sends it: under its WhatsApp id, with the stored message it quotes or acts
 * on, and `mentions: ["all"]` expanded to the group's stored members (read from the store when the message is
 * sent: no WhatsApp call, and the members of the moment).
 */
export const resolveOutbound = Effect.fn("outbox.resolve")(function*(
  owner: SessionOwner,
  request: SendRequest,
  waMessageId: WaMessageId
) {
  const id = referredId(request)
  const session = id === undefined ? Option.none<Session>() : yield* (yield* SessionStore).find(owner.sessionId)
  const stored = id === undefined || Option.isNone(session) ? Option.none<ChatMessage>() : yield* findReferred(session.value, id)
  let resolved: ResolvedRequest
  if (request.type === "text") {
    const { mentions: given, ...text } = request
    const named = (given ?? []).filter((jid): jid is UserJid => jid !== "all")
    const all = given?.includes("all") === true ? yield* everyone(owner, request.to) : []
    resolved = given === undefined ? text : { ...text, mentions: [...new Set([...named, ...all])] }
  } else {
    resolved = request
  }
  const outbound: OutboundMessage = { ...resolved, waMessageId, ...(Option.isSome(stored) ? { ref: stored.value } : {}) }
  return outbound
})

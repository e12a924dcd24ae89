import {
  type ChatPresence,
  InboundChange,
  isGroupJid,
  type MessageStatus,
  NotGroupAdmin,
  NotOnWhatsApp,
  type OutboundMessage,
  type Recipient,
  type SentMessage,
  type SessionId,
  type WaMessageId,
  WhatsAppFailure
} from "@wagate/core"
import { Effect } from "effect"
import { connected, memberGroup } from "./guards.ts"
import { isUnknownNumber } from "./phone.ts"
import { memberOf, step, type World } from "./World.ts"

/**
 * Sends to a user (who must be on WhatsApp) or to a group the account is in (an announcement-only group needs
 * an admin). No receipt follows on its own: `Simulator.receipt` pushes them.
 */
export const send = Effect.fn("Simulator.send")(function*(world: World, sessionId: SessionId, message: OutboundMessage) {
  const actor = yield* connected(world, sessionId)
  const to = message.to
  if (isGroupJid(to)) {
    const group = yield* memberGroup(world, actor, to)
    if (group.kind === "community") return yield* new WhatsAppFailure({ message: `cannot send to community ${to}` })
    const role = memberOf(group, actor.phoneJid)?.role
    if (group.settings.isAnnounce && role === "member") return yield* new NotGroupAdmin({ groupJid: to })
  } else if (isUnknownNumber(to)) {
    return yield* new NotOnWhatsApp({ jid: to })
  }
  // WhatsApp takes the id the sender chose (the core mints it before the first attempt).
  const sent: SentMessage = { waMessageId: message.waMessageId }
  return step(world, sent)
})

/** A receipt for a message the session sent, as WhatsApp would push it. */
export const receipt = (world: World, sessionId: SessionId, waMessageId: WaMessageId, status: MessageStatus) =>
  step(world, undefined, [InboundChange.MessageStatusChanged({ sessionId, waMessageId, status })])

/** How many presences the world remembers: a sandbox gateway runs for days while a client repeats "typing". */
const KEPT_PRESENCES = 1000

/**
 * Records a presence the session showed in a chat. WhatsApp neither acknowledges nor refuses one (a chat the
 * account cannot write to simply shows nothing), so only a disconnected session fails.
 */
export const sendPresence = Effect.fn("Simulator.sendPresence")(function*(world: World, sessionId: SessionId, chat: Recipient, state: ChatPresence) {
  yield* connected(world, sessionId)
  const presences = [...world.presences, { sessionId, chat, state }].slice(-KEPT_PRESENCES)
  return step({ ...world, presences }, undefined)
})

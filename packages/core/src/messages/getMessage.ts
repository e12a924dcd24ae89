import { Effect, Option } from "effect"
import { NotFound } from "../domain/errors.ts"
import type { Principal } from "../domain/Principal.ts"
import { requireCapability } from "../access/capability.ts"
import { ownedSession } from "../access/session.ts"
import { decodeInput } from "../access/validate.ts"
import { tallyOf } from "../domain/ChatMessage.ts"
import { ChatStore } from "../ports/store/ChatStore.ts"
import { MessageStore } from "../ports/store/MessageStore.ts"
import { MessageRef } from "./inputs.ts"
import { toSendResult } from "./toSendResult.ts"

const decode = decodeInput(MessageRef)

/**
 * The current state of a message the session sent (stored); a poll also carries its votes, counted per option
 * from each voter's latest vote.
 */
export const getMessage = Effect.fn("messages.get")(function*(principal: Principal, sessionId: string, messageId: string) {
  const ref = yield* decode({ sessionId, messageId })
  yield* requireCapability(principal, "read")
  const session = yield* ownedSession(principal, ref.sessionId)
  const messages = yield* MessageStore
  const found = yield* messages.get(session.orgId, session.id, ref.messageId)
  if (Option.isNone(found)) {
    return yield* new NotFound({ resource: "message", id: ref.messageId })
  }
  const result = toSendResult(found.value)
  const request = found.value.request
  if (request.type !== "poll" || result.waMessageId === null) return result
  const stored = yield* (yield* ChatStore).find(session.id, result.waMessageId)
  const votes = Option.match(stored, { onNone: () => [], onSome: (poll) => poll.votes ?? [] })
  return { ...result, votes: tallyOf(request.options, votes) }
})

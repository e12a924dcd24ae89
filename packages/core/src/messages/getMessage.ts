import { Effect, Option } from "effect"
import { NotFound } from "../domain/errors.ts"
import type { Principal } from "../domain/Principal.ts"
import { requireCapability } from "../access/capability.ts"
import { ownedSession } from "../access/session.ts"
import { decodeInput } from "../access/validate.ts"
import { MessageStore } from "../ports/store/MessageStore.ts"
import { MessageRef } from "./inputs.ts"
import { toSendResult } from "./toSendResult.ts"

const decode = decodeInput(MessageRef)

/** The current state of a message the session sent (stored). */
export const getMessage = Effect.fn("messages.get")(function*(principal: Principal, sessionId: string, messageId: string) {
  const ref = yield* decode({ sessionId, messageId })
  yield* requireCapability(principal, "read")
  const session = yield* ownedSession(principal, ref.sessionId)
  const messages = yield* MessageStore
  const found = yield* messages.get(session.orgId, session.id, ref.messageId)
  if (Option.isNone(found)) {
    return yield* new NotFound({ resource: "message", id: ref.messageId })
  }
  return toSendResult(found.value)
})

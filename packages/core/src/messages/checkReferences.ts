import { Effect, Option } from "effect"
import { NotGroupAdmin } from "../domain/errors.ts"
import type { WaMessageId } from "../domain/Ids.ts"
import { isGroupJid } from "../domain/Jid.ts"
import { isAdminRole } from "../domain/Member.ts"
import { EDIT_WINDOW_MINUTES, type SendRequest } from "../domain/SendRequest.ts"
import type { Session } from "../domain/Session.ts"
import { requireMembership } from "../access/group.ts"
import { ownerOf, type LiveSession } from "../access/session.ts"
import { invalid } from "../access/validate.ts"
import { GroupStore } from "../ports/store/GroupStore.ts"
import { now } from "../ports/Now.ts"
import { findReferred } from "./findReferred.ts"

/** The stored message of the request's chat it names in `field`; a validation error when the chat has none. */
const storedInChat = Effect.fn("messages.storedInChat")(function*(session: Session, request: SendRequest, field: string, waMessageId: WaMessageId) {
  const found = yield* findReferred(session, waMessageId)
  if (Option.isNone(found) || found.value.chatJid !== request.to) {
    return yield* invalid(field, "is not a stored message of this chat")
  }
  return found.value
})

/**
 * WhatsApp's rules for a send that refers to an earlier message, checked from the store before anything is
 * accepted: a reply quotes, and a reaction answers, a message of the same chat; only the account's own texts can
 * be edited, within the edit window; the account deletes its own messages, and others' only in a group it
 * administers (`NotGroupAdmin` otherwise).
 */
export const checkReferences = Effect.fn("messages.checkReferences")(function*<E, R>(
  session: Session,
  request: SendRequest,
  accountOf: Effect.Effect<LiveSession | undefined, E, R>
) {
  switch (request.type) {
    case "text":
    case "poll":
    case "location":
    case "contact":
      if (request.replyTo !== undefined) yield* storedInChat(session, request, "replyTo", request.replyTo)
      return
    case "reaction":
      yield* storedInChat(session, request, "targetWaMessageId", request.targetWaMessageId)
      return
    case "edit": {
      const target = yield* storedInChat(session, request, "targetWaMessageId", request.targetWaMessageId)
      if (target.direction !== "out") return yield* invalid("targetWaMessageId", "only messages the session's account sent can be edited")
      if (target.type !== "text") return yield* invalid("targetWaMessageId", "only texts can be edited")
      if (target.deleted) return yield* invalid("targetWaMessageId", "the message was deleted")
      const age = Date.parse(yield* now) - Date.parse(target.timestamp)
      if (age > EDIT_WINDOW_MINUTES * 60_000) {
        return yield* invalid("targetWaMessageId", `WhatsApp allows edits for ${EDIT_WINDOW_MINUTES} minutes after sending`)
      }
      return
    }
    case "delete": {
      const target = yield* storedInChat(session, request, "targetWaMessageId", request.targetWaMessageId)
      if (target.direction === "out") return
      if (!isGroupJid(request.to)) {
        return yield* invalid("targetWaMessageId", "in a direct chat only the session's own messages can be deleted for everyone")
      }
      const group = yield* (yield* GroupStore).get(ownerOf(session), request.to)
      const account = yield* accountOf
      if (account === undefined || Option.isNone(group)) return yield* new NotGroupAdmin({ groupJid: request.to })
      const me = yield* requireMembership(account, group.value)
      if (!isAdminRole(me.role)) return yield* new NotGroupAdmin({ groupJid: request.to })
      return
    }
  }
})

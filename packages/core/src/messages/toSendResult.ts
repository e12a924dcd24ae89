import type { SendResult } from "../domain/SendResult.ts"
import type { StoredMessage } from "../ports/store/MessageStore.ts"

/** The caller's view of a stored message. */
export const toSendResult = (message: StoredMessage): SendResult => ({
  id: message.id,
  sessionId: message.sessionId,
  to: message.to,
  type: message.type,
  status: message.status,
  waMessageId: message.waMessageId,
  attempts: message.attempts,
  createdAt: message.createdAt,
  updatedAt: message.updatedAt,
  error: message.error
})

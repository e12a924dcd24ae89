import type { DeviceRef } from "./addressing.ts"
import type { Chat } from "./envelope.ts"

/** A message the server routed: who sent it, where, and when it arrived. */
export interface LoggedMessage {
  readonly id: string
  readonly sender: DeviceRef
  readonly chat: Chat
  /** Server time (seconds) when it arrived. */
  readonly t: number
}

/**
 * Every message id the server saw go by, first sighting kept (a retry or a repeat of the id is the same message):
 * receipts find their way back to the sending device through it, and edits and deletes are checked against it.
 */
export class ServerLog {
  private readonly byId = new Map<string, LoggedMessage>()

  record(message: LoggedMessage): void {
    if (!this.byId.has(message.id)) this.byId.set(message.id, message)
  }

  find(id: string): LoggedMessage | undefined {
    return this.byId.get(id)
  }
}

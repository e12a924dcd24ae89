import type { BaileysEventMap, WAMessage } from "@whiskeysockets/baileys"
import type { TestClient } from "./client.ts"

/**
 * Socket options for message tests. `shouldSyncHistoryMessage: () => false`: a freshly paired client otherwise
 * holds its events for 20 s waiting for the phone's history sync, which the simulator does not send.
 * `emitOwnEvents: false`: Baileys folds status updates that arrive while the upsert of the sent message is still
 * buffered into that upsert; the simulator's phones answer within milliseconds, so receipts would often show as
 * the upserted message's status rather than as `messages.update`.
 */
export const messagingOptions = { shouldSyncHistoryMessage: () => false, emitOwnEvents: false }

type Events = Pick<BaileysEventMap, "messages.upsert" | "messages.update" | "message-receipt.update">

/** What a client emitted about messages, in order, with waits for what has not come yet. */
export interface MessageEvents {
  readonly upserts: ReadonlyArray<Events["messages.upsert"]>
  readonly updates: ReadonlyArray<Events["messages.update"][number]>
  readonly receipts: ReadonlyArray<Events["message-receipt.update"][number]>
  /** The first upserted message (past or future) that matches. */
  readonly message: (label: string, matches: (message: WAMessage, type: string) => boolean, timeoutMs?: number) => Promise<WAMessage>
  /** Resolves once `check` holds over what was emitted. */
  readonly until: (label: string, check: () => boolean, timeoutMs?: number) => Promise<void>
}

export const messageEvents = (client: TestClient): MessageEvents => {
  const upserts: Array<Events["messages.upsert"]> = []
  const updates: Array<Events["messages.update"][number]> = []
  const receipts: Array<Events["message-receipt.update"][number]> = []
  const listeners = new Set<() => void>()
  const changed = () => {
    for (const listener of listeners) listener()
  }
  client.socket.ev.on("messages.upsert", (event) => {
    upserts.push(event)
    changed()
  })
  client.socket.ev.on("messages.update", (event) => {
    updates.push(...event)
    changed()
  })
  client.socket.ev.on("message-receipt.update", (event) => {
    receipts.push(...event)
    changed()
  })
  const until: MessageEvents["until"] = (label, check, timeoutMs = 15_000) =>
    new Promise((resolve, reject) => {
      const listener = () => {
        if (!check()) return
        cleanup()
        resolve()
      }
      const timer = setTimeout(() => {
        cleanup()
        reject(new Error(`no "${label}" within ${timeoutMs} ms; upserts ${JSON.stringify(upserts.map((u) => u.messages.map((m) => m.key)))}, updates ${JSON.stringify(updates)}`))
      }, timeoutMs)
      const cleanup = () => {
        clearTimeout(timer)
        listeners.delete(listener)
      }
      listeners.add(listener)
      listener()
    })
  const find = (matches: (message: WAMessage, type: string) => boolean): WAMessage | undefined => {
    for (const { messages, type } of upserts) {
      const found = messages.find((message) => matches(message, type))
      if (found) return found
    }
    return undefined
  }
  return {
    upserts,
    updates,
    receipts,
    until,
    message: async (label, matches, timeoutMs) => {
      await until(label, () => find(matches) !== undefined, timeoutMs)
      return find(matches)!
    }
  }
}

/** Polls `read` until it returns something (not undefined), or fails after the deadline. */
export const eventually = async <A>(label: string, read: () => A | undefined | Promise<A | undefined>, timeoutMs = 15_000): Promise<A> => {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const value = await read()
    if (value !== undefined) return value
    if (Date.now() > deadline) throw new Error(`"${label}" did not happen within ${timeoutMs} ms`)
    await new Promise((resolve) => setTimeout(resolve, 20))
  }
}

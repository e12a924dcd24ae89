import {
  type MessageId,
  type MessageStatus,
  MessageStore,
  type MessageUpdate,
  type OrgId,
  type SessionId,
  type SessionOwner,
  type StoredMessage,
  type Timestamp,
  type WaMessageId
} from "@wagate/core"
import { Effect, Layer, Option } from "effect"
import { MemoryState, ownerKey } from "./MemoryState.ts"

/** The message after an update: fields the update leaves out keep their value; `error: null` clears the error. */
const applyUpdate = (message: StoredMessage, update: MessageUpdate): StoredMessage => ({
  ...message,
  status: update.status,
  waMessageId: update.waMessageId ?? message.waMessageId,
  error: update.error === undefined ? message.error : update.error,
  attempts: update.attempts ?? message.attempts,
  nextAttemptAt: update.nextAttemptAt === undefined ? message.nextAttemptAt : update.nextAttemptAt,
  updatedAt: update.at
})

/** `MessageStore` over the shared memory tables. */
export const MessageStoreMemory = Layer.effect(
  MessageStore,
  Effect.gen(function*() {
    const state = yield* MemoryState

    const insert = Effect.fn("MessageStoreMemory.insert")(function*(message: StoredMessage) {
      const inserted = yield* state.atomically((t) => {
        if (t.messages.has(message.id)) return false
        t.messages.set(message.id, message)
        return true
      })
      // Message ids come from the IdGenerator: a clash is a bug, as a primary-key violation would be in SQL.
      if (!inserted) return yield* Effect.die(new Error(`message id ${message.id} is already stored`))
    })

    const get = Effect.fn("MessageStoreMemory.get")(function*(orgId: OrgId, sessionId: SessionId, id: MessageId) {
      return yield* state.atomically((t) =>
        Option.filter(Option.fromUndefinedOr(t.messages.get(id)), (m) => m.orgId === orgId && m.sessionId === sessionId)
      )
    })

    const update = Effect.fn("MessageStoreMemory.update")(function*(id: MessageId, change: MessageUpdate) {
      return yield* state.atomically((t) => {
        const current = t.messages.get(id)
        if (current === undefined || (change.from !== undefined && !change.from.includes(current.status))) {
          return Option.none<StoredMessage>()
        }
        const next = applyUpdate(current, change)
        t.messages.set(id, next)
        return Option.some(next)
      })
    })

    const findByWaId = Effect.fn("MessageStoreMemory.findByWaId")(function*(sessionId: SessionId, waMessageId: WaMessageId) {
      return yield* state.atomically((t) => {
        for (const message of t.messages.values()) {
          if (message.sessionId === sessionId && message.waMessageId === waMessageId) return Option.some(message)
        }
        return Option.none<StoredMessage>()
      })
    })

    // The map keeps insertion order, which is acceptance order.
    const nextQueued = Effect.fn("MessageStoreMemory.nextQueued")(function*(orgId: OrgId, sessionId: SessionId) {
      return yield* state.atomically((t) => {
        for (const message of t.messages.values()) {
          if (message.orgId === orgId && message.sessionId === sessionId && message.status === "queued") return Option.some(message)
        }
        return Option.none<StoredMessage>()
      })
    })

    const queuedSessions = Effect.fn("MessageStoreMemory.queuedSessions")(function*(at: Timestamp) {
      return yield* state.atomically((t) => {
        const found = new Map<string, SessionOwner>()
        for (const message of t.messages.values()) {
          const due = message.nextAttemptAt === null || Date.parse(message.nextAttemptAt) <= Date.parse(at)
          if (message.status === "queued" && due) {
            found.set(ownerKey(message.orgId, message.sessionId), { orgId: message.orgId, sessionId: message.sessionId })
          }
        }
        return Array.from(found.values())
      })
    })

    const countByStatus = state.atomically((t) => {
      const counts = new Map<MessageStatus, number>()
      for (const message of t.messages.values()) counts.set(message.status, (counts.get(message.status) ?? 0) + 1)
      return Array.from(counts, ([status, count]) => ({ status, count }))
    })

    return MessageStore.of({ insert, get, update, nextQueued, queuedSessions, findByWaId, countByStatus })
  })
)

import {
  type ChatMessage,
  ChatStore,
  type ChatSummary,
  type PageQuery,
  type Recipient,
  type SessionId,
  type SessionOwner,
  type WaMessageId
} from "@wagate/core"
import { Effect, Layer, Option } from "effect"
import { type ChatMessageRecord, MemoryState, type Tables } from "./MemoryState.ts"
import { compareKeys, keysetPage, sortByKey } from "./paging.ts"

/** Newest first as an ascending key: the time and the order, each counted down from a bound and zero-padded. */
const descending = (value: number): string => String(Number.MAX_SAFE_INTEGER - value).padStart(16, "0")

const historyKey = (record: ChatMessageRecord): string =>
  `${descending(Date.parse(record.message.timestamp))}|${descending(record.seq)}`

const chatKey = (chat: ChatSummary): string => `${descending(Date.parse(chat.lastMessageAt))}|${chat.chatJid}`

/** The session's tables when it belongs to the owner's organisation. */
const ownedBy = (t: Tables, owner: SessionOwner): boolean => t.sessions.get(owner.sessionId)?.orgId === owner.orgId

/** `ChatStore` over the shared memory tables. */
export const ChatStoreMemory = Layer.effect(
  ChatStore,
  Effect.gen(function*() {
    const state = yield* MemoryState

    const insert = (owner: SessionOwner, message: ChatMessage) =>
      state.atomically((t) => {
        const messages = t.chatMessages.get(owner.sessionId) ?? new Map<string, ChatMessageRecord>()
        // A write under a removed session is moot, as the SQL store's foreign key makes it.
        if (!ownedBy(t, owner) || messages.has(message.waMessageId)) return false
        t.lastChatSeq += 1
        messages.set(message.waMessageId, { message, seq: t.lastChatSeq })
        t.chatMessages.set(owner.sessionId, messages)
        const chats = t.chats.get(owner.sessionId) ?? new Map<string, ChatSummary>()
        const chat = chats.get(message.chatJid)
        const later = chat === undefined || Date.parse(message.timestamp) > Date.parse(chat.lastMessageAt)
        chats.set(message.chatJid, {
          chatJid: message.chatJid,
          lastMessageAt: later ? message.timestamp : chat.lastMessageAt,
          unread: (chat?.unread ?? 0) + (message.direction === "in" ? 1 : 0)
        })
        t.chats.set(owner.sessionId, chats)
        return true
      })

    const find = (sessionId: SessionId, waMessageId: WaMessageId) =>
      state.atomically((t) => Option.fromNullishOr(t.chatMessages.get(sessionId)?.get(waMessageId)?.message))

    const replace = (message: ChatMessage) =>
      state.atomically((t) => {
        const messages = t.chatMessages.get(message.sessionId)
        const record = messages?.get(message.waMessageId)
        if (messages !== undefined && record !== undefined) messages.set(message.waMessageId, { message, seq: record.seq })
      })

    const chats = (owner: SessionOwner, page: PageQuery) =>
      state.atomically((t) => {
        const all = ownedBy(t, owner) ? t.chats.get(owner.sessionId)?.values() ?? [] : []
        return keysetPage(sortByKey(all, chatKey), chatKey, page)
      })

    const history = (owner: SessionOwner, chatJid: Recipient, page: PageQuery) =>
      state.atomically((t) => {
        const all = ownedBy(t, owner) ? t.chatMessages.get(owner.sessionId)?.values() ?? [] : []
        const inChat = sortByKey(Array.from(all).filter((record) => record.message.chatJid === chatJid), historyKey)
        const result = keysetPage(inChat, historyKey, page)
        return { items: result.items.map((record) => record.message), lastKey: result.lastKey }
      })

    /** The chat's received messages not read yet, up to `upTo`, oldest first. */
    const unreadIn = (t: Tables, owner: SessionOwner, chatJid: Recipient, upTo: WaMessageId | null): Array<ChatMessageRecord> => {
      const messages = t.chatMessages.get(owner.sessionId)
      if (!ownedBy(t, owner) || messages === undefined) return []
      const inChat = Array.from(messages.values())
        .filter((record) => record.message.chatJid === chatJid)
        .sort((a, b) => compareKeys(historyKey(b), historyKey(a)))
      const bound = upTo === null ? inChat.length : inChat.findIndex((record) => record.message.waMessageId === upTo) + 1
      return inChat.slice(0, bound).filter((record) => record.message.direction === "in" && record.message.status === "received")
    }

    const unread = (owner: SessionOwner, chatJid: Recipient, upTo: WaMessageId | null) =>
      state.atomically((t) => unreadIn(t, owner, chatJid, upTo).map((record) => record.message))

    const markRead = (owner: SessionOwner, chatJid: Recipient, upTo: WaMessageId | null) =>
      state.atomically((t) => {
        const messages = t.chatMessages.get(owner.sessionId)
        if (messages === undefined) return []
        const marked: Array<ChatMessage> = []
        for (const record of unreadIn(t, owner, chatJid, upTo)) {
          const message: ChatMessage = { ...record.message, status: "read" }
          messages.set(message.waMessageId, { message, seq: record.seq })
          marked.push(message)
        }
        const chat = t.chats.get(owner.sessionId)?.get(chatJid)
        if (chat !== undefined) {
          const unread = Array.from(messages.values())
            .filter((record) => record.message.chatJid === chatJid && record.message.status === "received").length
          t.chats.get(owner.sessionId)?.set(chatJid, { ...chat, unread })
        }
        return marked
      })

    return ChatStore.of({ insert, find, replace, chats, history, unread, markRead })
  })
)

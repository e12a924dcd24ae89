import { Context, type Effect, type Option } from "effect"
import type { ChatMessage, ChatSummary } from "../../domain/ChatMessage.ts"
import type { StoreUnavailable } from "../../domain/errors.ts"
import type { SessionId, WaMessageId } from "../../domain/Ids.ts"
import type { Recipient } from "../../domain/Jid.ts"
import type { PageQuery, PageResult } from "../../domain/Page.ts"
import type { SessionOwner } from "../../domain/Session.ts"

/**
 * Each session's conversations: every message of its chats, received or sent, stored once per session and
 * WhatsApp message id, and each chat's newest message time and unread count. Reads never talk to WhatsApp.
 */
export class ChatStore extends Context.Service<ChatStore, {
  /**
   * Stores a message unless the session already has one with its WhatsApp id (a redelivery, or the echo of a
   * send): true when it was stored. A received message counts as unread in its chat; every message moves the
   * chat's `lastMessageAt` forward (never back).
   */
  readonly insert: (owner: SessionOwner, message: ChatMessage) => Effect.Effect<boolean, StoreUnavailable>
  readonly find: (sessionId: SessionId, waMessageId: WaMessageId) => Effect.Effect<Option.Option<ChatMessage>, StoreUnavailable>
  /** Replaces a stored message (same session and WhatsApp id) by a later version of it: edited, deleted, reacted to. */
  readonly replace: (message: ChatMessage) => Effect.Effect<void, StoreUnavailable>
  /** The session's chats, newest message first (then by JID); the key is opaque to callers. */
  readonly chats: (owner: SessionOwner, page: PageQuery) => Effect.Effect<PageResult<ChatSummary>, StoreUnavailable>
  /** A chat's messages, newest first (WhatsApp's timestamp, then the order they were stored). */
  readonly history: (owner: SessionOwner, chatJid: Recipient, page: PageQuery) => Effect.Effect<PageResult<ChatMessage>, StoreUnavailable>
  /** The chat's received messages not marked read, up to and including `upTo` (every one when `null`), oldest first. */
  readonly unread: (
    owner: SessionOwner,
    chatJid: Recipient,
    upTo: WaMessageId | null
  ) => Effect.Effect<ReadonlyArray<ChatMessage>, StoreUnavailable>
  /**
   * Marks the chat's received messages read, up to and including `upTo` (every one when `null`): their status
   * becomes `read` and the chat's unread count drops accordingly. The messages marked, oldest first.
   */
  readonly markRead: (
    owner: SessionOwner,
    chatJid: Recipient,
    upTo: WaMessageId | null
  ) => Effect.Effect<ReadonlyArray<ChatMessage>, StoreUnavailable>
}>()("@wagate/core/ChatStore") {}

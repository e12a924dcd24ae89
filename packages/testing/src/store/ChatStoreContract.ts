import { assert, type Vitest } from "@effect/vitest"
import {
  type ChatMessage,
  ChatStore,
  MessageId,
  type Recipient,
  type SessionOwner,
  SessionStore,
  type Timestamp,
  WaMessageId
} from "@wagate/core"
import { Effect } from "effect"
import { assertNone, at, freshOwner, groupJids, getSome, siblingOwner, uniqueTag, userJid } from "./fixtures.ts"

/** What the chat suite needs: chats are stored under sessions, which adapters may require to exist. */
export type ChatStoreContractServices = ChatStore | SessionStore

const freshWaId = (): WaMessageId => WaMessageId.make(`3EB0${uniqueTag().toUpperCase()}`)

const chatMessage = (
  owner: SessionOwner,
  chatJid: Recipient,
  timestamp: Timestamp,
  overrides: Partial<Pick<ChatMessage, "direction" | "waMessageId">> & { readonly text?: string } = {}
): ChatMessage => {
  const direction = overrides.direction ?? "in"
  return {
    id: MessageId.make(`msg-${uniqueTag()}`),
    sessionId: owner.sessionId,
    chatJid,
    direction,
    from: { jid: userJid(7), phoneJid: userJid(7), lid: null },
    waMessageId: overrides.waMessageId ?? freshWaId(),
    type: "text",
    content: { text: overrides.text ?? "hello" },
    replyTo: null,
    mentions: [],
    status: direction === "in" ? "received" : "sent",
    timestamp,
    edited: false,
    deleted: false,
    reactions: []
  }
}

/** Every page of a paged read, followed to its end. */
const allPages = <A>(read: (after: string | null) => Effect.Effect<{ readonly items: ReadonlyArray<A>; readonly lastKey: string | null }, unknown>) =>
  Effect.gen(function*() {
    const items: Array<A> = []
    let after: string | null = null
    for (let pages = 0; pages < 100; pages++) {
      const page: { readonly items: ReadonlyArray<A>; readonly lastKey: string | null } = yield* read(after)
      items.push(...page.items)
      if (page.lastKey === null) return items
      after = page.lastKey
    }
    return assert.fail("paging did not end")
  })

/** Registers the `ChatStore` tests on `it`. */
export const chatStoreTests = (it: Vitest.MethodsNonLive<ChatStoreContractServices>): void => {
  it.effect("a message is stored once per session and WhatsApp id, and found by it", () =>
    Effect.gen(function*() {
      const chats = yield* ChatStore
      const owner = yield* freshOwner
      const sibling = yield* siblingOwner(owner)
      const message = chatMessage(owner, userJid(7), at(10))

      assert.isTrue(yield* chats.insert(owner, message))
      assert.isFalse(yield* chats.insert(owner, { ...message, id: MessageId.make(`msg-${uniqueTag()}`), type: "text", content: { text: "again" } }), "a redelivery is not stored")
      assert.deepStrictEqual(getSome(yield* chats.find(owner.sessionId, message.waMessageId)), message, "the first copy stays")
      assertNone(yield* chats.find(sibling.sessionId, message.waMessageId), "another session does not have it")
      assert.isTrue(yield* chats.insert(sibling, { ...message, sessionId: sibling.sessionId }), "another session stores its own copy")
    }))

  it.effect("history is newest first by WhatsApp's time, then storage order, and pages to the end", () =>
    Effect.gen(function*() {
      const chats = yield* ChatStore
      const owner = yield* freshOwner
      const chat = userJid(8)
      const inOrder = [
        chatMessage(owner, chat, at(1), { text: "one" }),
        chatMessage(owner, chat, at(2), { text: "two" }),
        chatMessage(owner, chat, at(2), { text: "three", direction: "out" }),
        chatMessage(owner, chat, at(3), { text: "four" }),
        chatMessage(owner, chat, at(5), { text: "five" })
      ]
      // Stored out of time order: a late copy of an older message still sorts by its time.
      for (const message of [inOrder[3], inOrder[0], inOrder[1], inOrder[2], inOrder[4]]) {
        if (message !== undefined) yield* chats.insert(owner, message)
      }
      yield* chats.insert(owner, chatMessage(owner, userJid(9), at(4), { text: "elsewhere" }))

      const read = yield* allPages((after) => chats.history(owner, chat, { limit: 2, after }))
      assert.deepStrictEqual(read.map((m) => ("text" in m.content ? m.content.text : m.type)), ["five", "four", "three", "two", "one"])

      const other = yield* siblingOwner(owner)
      assert.deepStrictEqual((yield* chats.history(other, chat, { limit: 10, after: null })).items, [], "another session's chat is empty")
    }))

  it.effect("chats list the newest first with the received messages not yet read", () =>
    Effect.gen(function*() {
      const chats = yield* ChatStore
      const owner = yield* freshOwner
      const group = groupJids()(1)
      yield* chats.insert(owner, chatMessage(owner, userJid(1), at(10)))
      yield* chats.insert(owner, chatMessage(owner, group, at(30)))
      yield* chats.insert(owner, chatMessage(owner, group, at(20), { direction: "out" }))
      yield* chats.insert(owner, chatMessage(owner, userJid(2), at(25)))
      yield* chats.insert(owner, chatMessage(owner, userJid(3), at(25), { direction: "out" }))

      const listed = yield* allPages((after) => chats.chats(owner, { limit: 2, after }))
      assert.deepStrictEqual(listed, [
        { chatJid: group, lastMessageAt: at(30), unread: 1 },
        { chatJid: userJid(2), lastMessageAt: at(25), unread: 1 },
        { chatJid: userJid(3), lastMessageAt: at(25), unread: 0 },
        { chatJid: userJid(1), lastMessageAt: at(10), unread: 1 }
      ])
    }))

  it.effect("replace stores a later version of a message under the same id", () =>
    Effect.gen(function*() {
      const chats = yield* ChatStore
      const owner = yield* freshOwner
      const message = chatMessage(owner, userJid(4), at(10))
      yield* chats.insert(owner, message)
      const edited: ChatMessage = { ...message, type: "text", content: { text: "edited" }, edited: true, reactions: [{ from: userJid(5), emoji: "👍" }] }
      yield* chats.replace(edited)
      assert.deepStrictEqual(getSome(yield* chats.find(owner.sessionId, message.waMessageId)), edited)
      assert.deepStrictEqual((yield* chats.history(owner, userJid(4), { limit: 10, after: null })).items, [edited])
    }))

  it.effect("markRead marks received messages up to one (or all) read and lowers the unread count", () =>
    Effect.gen(function*() {
      const chats = yield* ChatStore
      const owner = yield* freshOwner
      const chat = userJid(6)
      const first = chatMessage(owner, chat, at(1))
      const mine = chatMessage(owner, chat, at(2), { direction: "out" })
      const second = chatMessage(owner, chat, at(3))
      const third = chatMessage(owner, chat, at(4))
      for (const message of [first, mine, second, third]) yield* chats.insert(owner, message)

      assert.deepStrictEqual((yield* chats.unread(owner, chat, second.waMessageId)).map((m) => m.waMessageId), [first.waMessageId, second.waMessageId])
      assert.deepStrictEqual((yield* chats.unread(owner, chat, null)).map((m) => m.waMessageId), [first.waMessageId, second.waMessageId, third.waMessageId])
      const marked = yield* chats.markRead(owner, chat, second.waMessageId)
      assert.deepStrictEqual(marked.map((m) => m.waMessageId), [first.waMessageId, second.waMessageId])
      assert.isTrue(marked.every((m) => m.status === "read"))
      assert.strictEqual(getSome(yield* chats.find(owner.sessionId, second.waMessageId)).status, "read")
      assert.strictEqual(getSome(yield* chats.find(owner.sessionId, third.waMessageId)).status, "received")
      assert.strictEqual(getSome(yield* chats.find(owner.sessionId, mine.waMessageId)).status, "sent", "sent messages are left alone")
      assert.deepStrictEqual((yield* chats.chats(owner, { limit: 10, after: null })).items.map((c) => c.unread), [1])

      assert.deepStrictEqual(yield* chats.markRead(owner, chat, WaMessageId.make("3EB0UNKNOWN")), [], "an unknown message marks nothing")
      assert.deepStrictEqual((yield* chats.unread(owner, chat, null)).map((m) => m.waMessageId), [third.waMessageId])
      assert.deepStrictEqual((yield* chats.markRead(owner, chat, null)).map((m) => m.waMessageId), [third.waMessageId])
      assert.deepStrictEqual((yield* chats.chats(owner, { limit: 10, after: null })).items.map((c) => c.unread), [0])
      assert.deepStrictEqual(yield* chats.markRead(owner, chat, null), [], "nothing left to mark")
    }))

  it.effect("concurrent stores are each answered for themselves: a copy loses to the first, a removed session stores nothing", () =>
    Effect.gen(function*() {
      const chats = yield* ChatStore
      const sessions = yield* SessionStore
      const owners = yield* Effect.forEach([1, 2, 3], () => freshOwner)
      const gone = yield* freshOwner
      yield* sessions.remove(gone.orgId, gone.sessionId)
      const messages = owners.flatMap((owner) => Array.from({ length: 10 }, (_, i) => ({ owner, message: chatMessage(owner, userJid(i % 3), at(i)) })))
      const first = messages[0]
      if (first === undefined) return assert.fail("no messages")
      const copy = { owner: first.owner, message: { ...first.message, id: MessageId.make(`msg-${uniqueTag()}`) } }
      const lost = { owner: gone, message: chatMessage(gone, userJid(1), at(1)) }
      const answers = yield* Effect.forEach([...messages, copy, lost], ({ message, owner }) => chats.insert(owner, message), { concurrency: "unbounded" })
      assert.strictEqual(answers.filter((stored) => stored).length, messages.length, "every message once; not the copy, not the removed session's")
      assert.isFalse(answers.at(-1), "the removed session's message")
      for (const owner of owners) {
        const listed = yield* allPages((after) => chats.chats(owner, { limit: 10, after }))
        assert.strictEqual(listed.reduce((sum, chat) => sum + chat.unread, 0), 10, "each stored message counted once in its chat")
      }
    }))

  it.effect("a removed session takes its chats with it", () =>
    Effect.gen(function*() {
      const chats = yield* ChatStore
      const sessions = yield* SessionStore
      const owner = yield* freshOwner
      const message = chatMessage(owner, userJid(1), at(1))
      yield* chats.insert(owner, message)
      yield* sessions.remove(owner.orgId, owner.sessionId)
      assertNone(yield* chats.find(owner.sessionId, message.waMessageId))
      assert.isFalse(yield* chats.insert(owner, chatMessage(owner, userJid(1), at(2))), "a write under a removed session stores nothing")
    }))
}

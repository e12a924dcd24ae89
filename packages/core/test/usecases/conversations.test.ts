import { assert, describe, it } from "@effect/vitest"
import {
  applyInboundChange,
  chatHistory,
  type ChatMessage,
  createGroup,
  InboundChange,
  markChatRead,
  type OutboundMessage,
  PhoneJid,
  sendMessage,
  Timestamp,
  type SessionId,
  LidJid,
  type UserJid,
  WaMessageId
} from "@wagate/core"
import { Simulator } from "@wagate/memory"
import { Effect, Ref } from "effect"
import { TestClock } from "effect/testing"
import { eventsOf } from "../support/events.ts"
import { acme, acmeSender, calls, eventually, newSession, resetCalls, sendWith, user, World } from "../support/world.ts"

/** The chat's stored messages, newest first, once `until` holds (inbound changes are applied by a worker). */
const chat = (sessionId: SessionId, jid: string, until: (items: ReadonlyArray<ChatMessage>) => boolean = () => true) =>
  eventually(Effect.map(chatHistory(acme, sessionId, jid), (page) => page.items), until)

/** A virtual user's text to the session, once it is stored. */
const received = Effect.fn("received")(function*(sessionId: SessionId, from: UserJid, text: string) {
  const simulator = yield* Simulator
  const id = yield* simulator.receive(sessionId, PhoneJid.make(from), null, { type: "text", text })
  yield* chat(sessionId, from, (items) => items.some((m) => m.waMessageId === id))
  return id
})

/** What the port was asked to send, in order. */
const recordOutbound = Effect.gen(function*() {
  const log = yield* Ref.make<ReadonlyArray<OutboundMessage>>([])
  yield* sendWith((inner) => (sessionId, message) => Effect.andThen(Ref.update(log, (sent) => [...sent, message]), inner(sessionId, message)))
  return log
})

const errorOf = <A, E extends { readonly _tag: string }, R>(effect: Effect.Effect<A, E, R>) =>
  Effect.map(Effect.flip(effect), (error) => ({ tag: error._tag, fields: "details" in error && typeof error.details === "object" && error.details !== null ? Object.keys(error.details) : [] }))

describe("conversations", () => {
  it.effect("a redelivered message is stored once and told once", () =>
    Effect.gen(function*() {
      const session = yield* newSession()
      const from = user()
      const change = InboundChange.MessageReceived({
        sessionId: session.id,
        message: {
          chatJid: from,
          fromMe: false,
          echo: false,
          from: { jid: from },
          waMessageId: WaMessageId.make("3EB0REDELIVERED"),
          timestamp: Timestamp.make("2026-11-22T10:00:00.000Z"),
          body: { type: "text", content: { text: "once" } },
          replyTo: null,
          mentions: []
        }
      })
      yield* applyInboundChange(change)
      yield* applyInboundChange(change)
      assert.strictEqual((yield* chat(session.id, from)).length, 1)
      assert.strictEqual((yield* eventsOf(session.id, "message.received")).length, 1)

      const reaction = InboundChange.MessageReceived({
        sessionId: session.id,
        message: {
          ...change.message,
          waMessageId: WaMessageId.make("3EB0REACTION"),
          body: { type: "reaction", content: { emoji: "👍", targetWaMessageId: change.message.waMessageId } }
        }
      })
      yield* applyInboundChange(reaction)
      yield* applyInboundChange(reaction)
      assert.strictEqual((yield* eventsOf(session.id, "message.updated")).length, 1, "a redelivered reaction is told once")
      assert.deepStrictEqual((yield* chat(session.id, from))[0]?.reactions.map((r) => r.emoji), ["👍"])
    }).pipe(Effect.provide(World)))

  it.effect("a reply quotes a stored message of the same chat; another chat's or an unknown one is a validation error", () =>
    Effect.gen(function*() {
      const session = yield* newSession()
      const bob = user()
      const asked = yield* received(session.id, bob, "Open today?")
      const sent = yield* recordOutbound
      const { result } = yield* sendMessage(acmeSender, session.id, { type: "text", to: bob, text: "Yes", replyTo: asked })
      assert.strictEqual(result.status, "sent")
      const [outbound] = yield* Ref.get(sent)
      assert.strictEqual(outbound?.ref?.waMessageId, asked, "the port gets the quoted message as stored")
      assert.strictEqual(outbound?.ref?.type === "text" ? outbound.ref.content.text : undefined, "Open today?")
      const [reply] = yield* chat(session.id, bob, (items) => items.length === 2)
      assert.strictEqual(reply?.replyTo, asked)

      yield* resetCalls
      const elsewhere = yield* errorOf(sendMessage(acme, session.id, { type: "text", to: user(), text: "x", replyTo: asked }))
      assert.deepStrictEqual(elsewhere, { tag: "ValidationError", fields: ["replyTo"] })
      const unknown = yield* errorOf(sendMessage(acme, session.id, { type: "poll", to: bob, name: "Q", options: ["a", "b"], replyTo: "3EB0NOPE" }))
      assert.deepStrictEqual(unknown, { tag: "ValidationError", fields: ["replyTo"] })
      assert.deepStrictEqual(yield* calls, [], "refused before WhatsApp")
    }).pipe(Effect.provide(World)))

  it.effect("a reaction lands on the message; an edit of the account's own text works within 15 minutes only", () =>
    Effect.gen(function*() {
      const session = yield* newSession()
      const bob = user()
      const asked = yield* received(session.id, bob, "Ready?")
      yield* sendMessage(acme, session.id, { type: "reaction", to: bob, targetWaMessageId: asked, emoji: "👍" })
      const reacted = yield* chat(session.id, bob, (items) => items[0]?.reactions.length === 1)
      assert.deepStrictEqual(reacted[0]?.reactions.map((r) => r.emoji), ["👍"])

      const { result } = yield* sendMessage(acme, session.id, { type: "text", to: bob, text: "Almost" })
      const mine = WaMessageId.make(result.waMessageId ?? "")
      yield* chat(session.id, bob, (items) => items.length === 2)
      yield* sendMessage(acme, session.id, { type: "edit", to: bob, targetWaMessageId: mine, text: "Ready" })
      const edited = yield* chat(session.id, bob, (items) => items[0]?.edited === true)
      assert.deepStrictEqual(edited[0]?.content, { text: "Ready" })

      const theirs = yield* errorOf(sendMessage(acme, session.id, { type: "edit", to: bob, targetWaMessageId: asked, text: "no" }))
      assert.deepStrictEqual(theirs, { tag: "ValidationError", fields: ["targetWaMessageId"] })
      yield* TestClock.adjust("16 minutes")
      const late = yield* errorOf(sendMessage(acme, session.id, { type: "edit", to: bob, targetWaMessageId: mine, text: "late" }))
      assert.deepStrictEqual(late, { tag: "ValidationError", fields: ["targetWaMessageId"] })
    }).pipe(Effect.provide(World)))

  it.effect("delete for everyone: own messages; others' only in a group the account administers", () =>
    Effect.gen(function*() {
      const owner = yield* newSession()
      const member = yield* newSession()
      const bob = user()
      const asked = yield* received(owner.id, bob, "direct")
      const direct = yield* errorOf(sendMessage(acme, owner.id, { type: "delete", to: bob, targetWaMessageId: asked }))
      assert.deepStrictEqual(direct, { tag: "ValidationError", fields: ["targetWaMessageId"] })

      const { group } = yield* createGroup(acme, owner.id, { name: "G", participants: [bob, member.phoneJid ?? bob] })
      const simulator = yield* Simulator
      const inGroup = yield* simulator.receive(owner.id, PhoneJid.make(bob), group.groupJid, { type: "text", text: "spam" })
      yield* chat(owner.id, group.groupJid, (items) => items.length === 1)
      yield* sendMessage(acme, owner.id, { type: "delete", to: group.groupJid, targetWaMessageId: inGroup })
      const deleted = yield* chat(owner.id, group.groupJid, (items) => items[0]?.deleted === true)
      assert.isTrue(deleted[0]?.deleted, "the admin deleted it")

      // The plain member may not delete bob's message in the same group.
      yield* simulator.receive(member.id, PhoneJid.make(bob), group.groupJid, { type: "text", text: "again" })
      const [stored] = yield* chat(member.id, group.groupJid, (items) => items.length === 1)
      const notAdmin = yield* errorOf(sendMessage(acme, member.id, { type: "delete", to: group.groupJid, targetWaMessageId: stored?.waMessageId ?? "" }))
      assert.strictEqual(notAdmin.tag, "NotGroupAdmin")

      const { result } = yield* sendMessage(acme, member.id, { type: "text", to: group.groupJid, text: "mine" })
      yield* sendMessage(acme, member.id, { type: "delete", to: group.groupJid, targetWaMessageId: result.waMessageId ?? "" })
      const own = yield* chat(member.id, group.groupJid, (items) => items[0]?.deleted === true)
      assert.strictEqual(own[0]?.waMessageId, result.waMessageId, "its own message, as a plain member")
    }).pipe(Effect.provide(World)))

  it.effect("mentions all in a 1,000-member group expands to every stored member when sent, with no WhatsApp metadata call", () =>
    Effect.gen(function*() {
      const session = yield* newSession()
      const members = Array.from({ length: 999 }, () => user())
      const { group } = yield* createGroup(acme, session.id, { name: "Big", participants: members })
      const sent = yield* recordOutbound
      yield* resetCalls
      yield* sendMessage(acme, session.id, { type: "text", to: group.groupJid, text: "@all meeting at 5", mentions: ["all"] })
      const [outbound] = yield* Ref.get(sent)
      const mentioned = outbound?.type === "text" ? outbound.mentions ?? [] : []
      // The group is LID-addressed: every member is mentioned by the address the group uses, the session too.
      assert.strictEqual(mentioned.length, members.length + 1)
      assert.isTrue(mentioned.every((jid) => jid.endsWith("@lid")))
      assert.deepStrictEqual(yield* calls, ["send"], "no metadata call")
    }).pipe(Effect.provide(World)))

  it.effect("mark read sends receipts for the unread messages only, with their senders, then marks them", () =>
    Effect.gen(function*() {
      const session = yield* newSession()
      const bob = user()
      const first = yield* received(session.id, bob, "one")
      const second = yield* received(session.id, bob, "two")
      yield* markChatRead(acme, session.id, bob, { upTo: first })
      yield* markChatRead(acme, session.id, bob, {})
      yield* markChatRead(acme, session.id, bob, {})
      const reads = yield* (yield* Simulator).reads(session.id)
      assert.deepStrictEqual(reads.map((r) => [r.waMessageId, r.sender]), [[first, bob], [second, bob]], "each message once")
      assert.deepStrictEqual((yield* chat(session.id, bob)).map((m) => m.status), ["read", "read"])
    }).pipe(Effect.provide(World)))

  it.effect("a group member known only by LID can be replied to and reacted to: the port gets the message under its LID", () =>
    Effect.gen(function*() {
      const session = yield* newSession()
      const { group } = yield* createGroup(acme, session.id, { name: "G", participants: [user()] })
      const lidOnly = LidJid.make("123456789012345@lid")
      yield* applyInboundChange(InboundChange.MessageReceived({
        sessionId: session.id,
        message: {
          chatJid: group.groupJid,
          fromMe: false,
          echo: false,
          from: { jid: lidOnly },
          waMessageId: WaMessageId.make("3EB0LIDONLY"),
          timestamp: Timestamp.make("2026-11-22T10:00:00.000Z"),
          body: { type: "text", content: { text: "who am I?" } },
          replyTo: null,
          mentions: []
        }
      }))
      const [stored] = yield* chat(session.id, group.groupJid, (items) => items.length === 1)
      assert.deepStrictEqual(stored?.from, { jid: lidOnly, phoneJid: null, lid: lidOnly })
      const sent = yield* recordOutbound
      yield* sendMessage(acme, session.id, { type: "text", to: group.groupJid, text: "a reply", replyTo: "3EB0LIDONLY" })
      yield* sendMessage(acme, session.id, { type: "reaction", to: group.groupJid, targetWaMessageId: "3EB0LIDONLY", emoji: "👋" })
      const outbound = yield* Ref.get(sent)
      assert.deepStrictEqual(outbound.map((m) => [m.type, m.ref?.from.jid, m.ref?.direction]), [["text", lidOnly, "in"], ["reaction", lidOnly, "in"]])
      const theirs = (items: ReadonlyArray<ChatMessage>) => items.find((m) => m.waMessageId === "3EB0LIDONLY")
      const history = yield* chat(session.id, group.groupJid, (items) => theirs(items)?.reactions.length === 1)
      assert.deepStrictEqual(theirs(history)?.reactions.map((r) => r.emoji), ["👋"], "the session's reaction is on the LID sender's message")
    }).pipe(Effect.provide(World)))
})

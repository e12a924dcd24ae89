/**
 * Conversations through HTTP on the in-process world: what virtual users send a session (`_simulator/…:receive`)
 * is stored once, told as `message.received` / `message.updated`, and read back per chat; what the session sends
 * shows in its chat too.
 */
import { assert, describe, layer } from "@effect/vitest"
import { Effect } from "effect"
import {
  allPages,
  api,
  disconnect,
  eventually,
  expectError,
  expectJson,
  expectList,
  expectNoContent,
  newGroup,
  newSession,
  reconnect,
  user
} from "../support/endpoints.ts"
import { raw, TestGateway, tokens } from "../support/gateway.ts"

interface Message {
  readonly id: string
  readonly chatJid: string
  readonly direction: string
  readonly from: { readonly jid: string; readonly phoneJid: string | null; readonly lid: string | null }
  readonly waMessageId: string
  readonly type: string
  readonly content: Record<string, unknown>
  readonly replyTo: string | null
  readonly mentions: ReadonlyArray<string>
  readonly status: string
  readonly edited: boolean
  readonly deleted: boolean
  readonly reactions: ReadonlyArray<{ readonly from: string; readonly emoji: string }>
  readonly votes?: ReadonlyArray<unknown>
}

interface StoredEvent<D = Message> {
  readonly type: string
  readonly data: D
}

const bob = "6281234500001"
const bobJid = `${bob}@s.whatsapp.net`

const receive = Effect.fn("receive")(function*(session: string, body: unknown) {
  const answer = expectJson(yield* raw("POST", api(`/_simulator/sessions/${session}:receive`), { json: body }), 200)
  return (answer as { readonly waMessageId: string }).waMessageId
})

const historyOf = Effect.fn("historyOf")(function*(session: string, chat: string) {
  return expectList(yield* raw("GET", api(`/sessions/${session}/chats/${encodeURIComponent(chat)}/messages`))).items as ReadonlyArray<Message>
})

/** The session's events of the given types, oldest first. */
const eventsOf = <D>(session: string, types: string) =>
  Effect.map(allPages(api(`/events/history?session=${session}&types=${types}`), 1000), (pages) => pages.flat() as ReadonlyArray<StoredEvent<D>>)

/**
 * The session's message events once there are `count` of them: on Postgres an event shows once every transaction
 * that began before its own has ended (ADR 0029), a moment after the message it tells is readable.
 */
const messageEvents = <D = Message>(session: string, count: number, types = "message.received,message.updated") =>
  eventually(eventsOf<D>(session, types), (events) => events.length >= count, 200)

/** Reads the chat until it holds `count` messages (inbound changes are applied by a worker, after the answer). */
const untilCount = (session: string, chat: string, count: number) =>
  eventually(historyOf(session, chat), (items) => items.length >= count, 200)

describe("conversations", () => {
  layer(TestGateway())((it) => {
    it.effect("a user's text is stored, listed in chats and history, and told once as message.received", () =>
      Effect.gen(function*() {
        const { id } = yield* newSession("conv-text")
        const waMessageId = yield* receive(id, { from: bob, message: { type: "text", text: "Is the shop open?" } })
        const [message] = yield* untilCount(id, bobJid, 1)
        assert.deepInclude(message, {
          chatJid: bobJid,
          direction: "in",
          waMessageId,
          type: "text",
          content: { text: "Is the shop open?" },
          replyTo: null,
          status: "received",
          edited: false,
          deleted: false
        })
        assert.strictEqual(message?.from.phoneJid, bobJid)
        assert.match(message?.from.lid ?? "", /@lid$/)

        const chats = expectList(yield* raw("GET", api(`/sessions/${id}/chats`))).items as ReadonlyArray<{ readonly chatJid: string; readonly unread: number }>
        assert.deepStrictEqual(chats.map((c) => [c.chatJid, c.unread]), [[bobJid, 1]])
        const events = yield* messageEvents(id, 1)
        assert.deepStrictEqual(events.map((e) => [e.type, e.data.waMessageId]), [["message.received", waMessageId]])
        assert.deepStrictEqual(events[0]?.data, message, "the event carries the stored message")
      }))

    it.effect("what the session sends shows in the chat under its WhatsApp id, told by message.status only", () =>
      Effect.gen(function*() {
        const { id } = yield* newSession("conv-sent")
        yield* receive(id, { from: bob, message: { type: "text", text: "Hello?" } })
        yield* untilCount(id, bobJid, 1)
        const sent = expectJson(yield* raw("POST", api(`/sessions/${id}/messages`), { json: { type: "text", to: bob, text: "Yes, until 6" } }), 200) as {
          waMessageId: string
        }
        const history = yield* untilCount(id, bobJid, 2)
        assert.deepStrictEqual(history.map((m) => [m.direction, m.content["text"]]), [["out", "Yes, until 6"], ["in", "Hello?"]])
        assert.strictEqual(history[0]?.waMessageId, sent.waMessageId)
        assert.strictEqual(history[0]?.status, "sent")
        assert.deepStrictEqual((yield* messageEvents(id, 1)).map((e) => e.data.direction), ["in"])
      }))

    it.effect("reactions, edits and deletions by the sender update the stored message as message.updated", () =>
      Effect.gen(function*() {
        const { id } = yield* newSession("conv-acts")
        const text = yield* receive(id, { from: bob, message: { type: "text", text: "See you at 5" } })
        yield* untilCount(id, bobJid, 1)
        yield* receive(id, { from: bob, message: { type: "edit", targetWaMessageId: text, text: "See you at 6" } })
        yield* receive(id, { from: "6281234500002", message: { type: "edit", targetWaMessageId: text, text: "not theirs" } })
        const sent = expectJson(yield* raw("POST", api(`/sessions/${id}/messages`), { json: { type: "text", to: bob, text: "OK" } }), 200) as {
          waMessageId: string
        }
        yield* receive(id, { from: bob, message: { type: "reaction", targetWaMessageId: sent.waMessageId, emoji: "👍" } })
        yield* receive(id, { from: bob, message: { type: "reaction", targetWaMessageId: sent.waMessageId, emoji: "❤️" } })
        yield* receive(id, { from: bob, message: { type: "delete", targetWaMessageId: text } })

        const history = yield* eventually(
          historyOf(id, bobJid),
          (items) => items.some((m) => m.deleted),
          200
        )
        const [mine, theirs] = history
        assert.deepStrictEqual(mine?.reactions, [{ from: bobJid, emoji: "❤️" }], "one reaction per user: the latest")
        assert.deepStrictEqual(theirs?.content, { text: "See you at 6" }, "an edit by someone else is ignored")
        assert.isTrue(theirs?.edited)
        assert.isTrue(theirs?.deleted)
        assert.strictEqual(history.length, 2, "acts on stored messages are not messages of their own")

        const events = yield* messageEvents(id, 5)
        assert.deepStrictEqual(events.map((e) => e.type), [
          "message.received",
          "message.updated",
          "message.updated",
          "message.updated",
          "message.updated"
        ])

        yield* receive(id, { from: bob, message: { type: "reaction", targetWaMessageId: sent.waMessageId, emoji: "" } })
        const cleared = yield* eventually(historyOf(id, bobJid), (items) => items[0]?.reactions.length === 0, 200)
        assert.deepStrictEqual(cleared[0]?.reactions, [], "an empty emoji removes the reaction")
      }))

    it.effect("in a LID-addressed group the sender is named by LID with its phone twin; a reply keeps the quoted id", () =>
      Effect.gen(function*() {
        const { id } = yield* newSession("conv-group")
        const gid = yield* newGroup(id, [user(bob)])
        const first = yield* receive(id, { from: bob, chatJid: gid, message: { type: "text", text: "Agenda?" } })
        yield* receive(id, { from: bob, chatJid: gid, message: { type: "text", text: "Anyone?", replyTo: first, mentions: [bobJid] } })
        const [reply] = yield* untilCount(id, gid, 2)
        assert.strictEqual(reply?.replyTo, first)
        assert.deepStrictEqual(reply?.mentions, [bobJid])
        assert.match(reply?.from.jid ?? "", /@lid$/)
        assert.strictEqual(reply?.from.phoneJid, bobJid)

        yield* expectError(
          yield* raw("POST", api(`/_simulator/sessions/${id}:receive`), {
            json: { from: "6281234500009", chatJid: gid, message: { type: "text", text: "hi" } }
          }),
          403,
          "forbidden"
        )
      }))

    it.effect("messages sent while the session is offline arrive when it connects: all, in order, once", () =>
      Effect.gen(function*() {
        const { id } = yield* newSession("conv-offline")
        yield* disconnect(id)
        for (const text of ["one", "two", "three"]) {
          yield* receive(id, { from: bob, message: { type: "text", text } })
        }
        assert.deepStrictEqual(yield* historyOf(id, bobJid), [], "nothing arrives while offline")
        yield* reconnect(id)
        const history = yield* untilCount(id, bobJid, 3)
        assert.deepStrictEqual(history.map((m) => m.content["text"]), ["three", "two", "one"])
        assert.deepStrictEqual((yield* messageEvents(id, 3)).map((e) => e.data.content["text"]), ["one", "two", "three"])
      }))

    it.effect("the session replies, reacts, edits and deletes through POST /messages; WhatsApp's rules are 400/403 before anything is sent", () =>
      Effect.gen(function*() {
        const { id } = yield* newSession("conv-send")
        const send = (body: unknown) => raw("POST", api(`/sessions/${id}/messages`), { json: body })
        const asked = yield* receive(id, { from: bob, message: { type: "text", text: "Price?" } })
        yield* untilCount(id, bobJid, 1)
        const reply = expectJson(yield* send({ type: "text", to: bob, text: "10 EUR", replyTo: asked }), 200) as { waMessageId: string; type: string }
        expectJson(yield* send({ type: "reaction", to: bob, targetWaMessageId: asked, emoji: "👍" }), 200)
        expectJson(yield* send({ type: "edit", to: bob, targetWaMessageId: reply.waMessageId, text: "12 EUR" }), 200)
        const history = yield* eventually(historyOf(id, bobJid), (items) => items[0]?.edited === true && items[1]?.reactions.length === 1, 200)
        assert.deepStrictEqual(history.map((m) => [m.direction, m.content["text"], m.replyTo]), [["out", "12 EUR", asked], ["in", "Price?", null]])
        assert.strictEqual(history[1]?.reactions[0]?.emoji, "👍")

        yield* expectError(yield* send({ type: "edit", to: bob, targetWaMessageId: asked, text: "x" }), 400, "validation_error", ["targetWaMessageId"])
        yield* expectError(yield* send({ type: "delete", to: bob, targetWaMessageId: asked }), 400, "validation_error", ["targetWaMessageId"])
        yield* expectError(yield* send({ type: "text", to: "6281234500003", text: "x", replyTo: asked }), 400, "validation_error", ["replyTo"])
        yield* expectError(yield* send({ type: "reaction", to: bob, targetWaMessageId: "3EB0UNKNOWN", emoji: "x" }), 400, "validation_error", ["targetWaMessageId"])
        expectJson(yield* send({ type: "delete", to: bob, targetWaMessageId: reply.waMessageId }), 200)
        yield* eventually(historyOf(id, bobJid), (items) => items[0]?.deleted === true, 200)
      }))

    it.effect("POST /chats/{jid}:read marks received messages read up to one, then all; unread counts follow", () =>
      Effect.gen(function*() {
        const { id } = yield* newSession("conv-read")
        const first = yield* receive(id, { from: bob, message: { type: "text", text: "1" } })
        yield* receive(id, { from: bob, message: { type: "text", text: "2" } })
        yield* untilCount(id, bobJid, 2)
        const read = api(`/sessions/${id}/chats/${bobJid}:read`)
        const unread = Effect.map(raw("GET", api(`/sessions/${id}/chats`)), (r) => (expectList(r).items[0] as { unread: number }).unread)
        assert.strictEqual(yield* unread, 2)
        expectNoContent(yield* raw("POST", read, { json: { upTo: first } }))
        assert.strictEqual(yield* unread, 1)
        assert.deepStrictEqual((yield* historyOf(id, bobJid)).map((m) => m.status), ["received", "read"])
        expectNoContent(yield* raw("POST", read, { json: {} }))
        assert.strictEqual(yield* unread, 0)
        expectNoContent(yield* raw("POST", read, { json: {} }))
        yield* expectError(yield* raw("POST", read, { json: { upTo: "3EB0NOPE" } }), 400, "validation_error", ["upTo"])
        yield* expectError(yield* raw("POST", read, { json: {}, token: tokens.acmeReader }), 403, "forbidden")
        yield* disconnect(id)
        yield* expectError(yield* raw("POST", read, { json: {} }), 501, "not_implemented")
      }))

    it.effect("votes on the session's poll are told as poll.vote and tallied on GET …/messages/{id}; a vote on no poll changes nothing", () =>
      Effect.gen(function*() {
        const { id } = yield* newSession("conv-poll")
        const poll = expectJson(
          yield* raw("POST", api(`/sessions/${id}/messages`), { json: { type: "poll", to: bob, name: "When?", options: ["Mon", "Tue"] } }),
          200
        ) as { id: string; waMessageId: string }
        yield* untilCount(id, bobJid, 1)
        yield* receive(id, { from: bob, message: { type: "vote", pollWaMessageId: poll.waMessageId, selected: ["Tue", "Sun"] } })
        yield* receive(id, { from: bob, message: { type: "vote", pollWaMessageId: "3EB0NOPOLL", selected: ["Mon"] } })
        const read = Effect.map(raw("GET", api(`/sessions/${id}/messages/${poll.id}`)), (r) => (expectJson(r, 200) as { votes?: Record<string, number> }).votes)
        const votes = yield* eventually(read, (v) => v?.["Tue"] === 1, 200)
        assert.deepStrictEqual(votes, { Mon: 0, Tue: 1 }, "an option the poll does not have is not counted")
        const events = yield* messageEvents<{ readonly pollWaMessageId: string; readonly selected: ReadonlyArray<string> }>(id, 1, "poll.vote")
        assert.deepStrictEqual(events.map((e) => [e.data.pollWaMessageId, e.data.selected]), [[poll.waMessageId, ["Tue"]]])
        const [stored] = yield* historyOf(id, bobJid)
        assert.strictEqual(stored?.votes?.length, 1)
      }))

    it.effect("a bad body is 400 naming the field; another organisation's session is 404; a user not on WhatsApp is 409", () =>
      Effect.gen(function*() {
        const { id } = yield* newSession("conv-errors")
        const to = api(`/_simulator/sessions/${id}:receive`)
        yield* expectError(yield* raw("POST", to, { json: { from: bob, message: { type: "wave" } } }), 400, "validation_error", ["message"])
        yield* expectError(yield* raw("POST", to, { json: { from: "not-a-phone", message: { type: "text", text: "x" } } }), 400, "validation_error", ["from"])
        yield* expectError(yield* raw("POST", to, { json: { from: bob, chatJid: "x", message: { type: "text", text: "x" } } }), 400, "validation_error", ["chatJid"])
        yield* expectError(yield* raw("POST", to, { json: { from: bob, message: { type: "text", text: "x" } }, token: tokens.globex }), 404, "not_found")
        yield* expectError(yield* raw("POST", to, { json: { from: bob, message: { type: "text", text: "x" } }, token: tokens.acmeSender }), 403, "forbidden")
        yield* expectError(yield* raw("POST", to, { json: { from: "0001234567", message: { type: "text", text: "x" } } }), 409, "conflict")

        const history = api(`/sessions/${id}/chats/not-a-chat/messages`)
        yield* expectError(yield* raw("GET", history), 400, "validation_error", ["jid"])
        yield* expectError(yield* raw("GET", api(`/sessions/${id}/chats?limit=0`)), 400, "validation_error", ["limit"])
        yield* expectError(yield* raw("GET", api(`/sessions/${id}/chats`), { token: tokens.globex }), 404, "not_found")
        assert.deepStrictEqual(expectList(yield* raw("GET", api(`/sessions/${id}/chats/${bobJid}/messages`))).items, [])
      }))
  })
})

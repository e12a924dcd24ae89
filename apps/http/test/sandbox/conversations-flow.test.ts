/**
 * Conversations on the real Baileys transport against the protocol simulator: virtual users' messages (sent by
 * their phones through `_simulator/…:receive`) arrive, are stored and told as events; the session's reply quotes
 * on the wire (the simulator decrypts its `contextInfo`); a reaction, an edit and a deletion update the stored
 * message; what arrives while the gateway's socket is down comes on reconnect, in order, once.
 */
import { assert, describe, layer } from "@effect/vitest"
import { WaSimService } from "@wagate/wa-sim"
import { Effect } from "effect"
import { allPages, api, expectJson, expectList } from "../support/endpoints.ts"
import { raw } from "../support/gateway.ts"
import { control, linkedSession, pollUntil, SandboxGateway, sessionOf, statusBecomes } from "../support/sandbox.ts"

interface Message {
  readonly direction: string
  readonly waMessageId: string
  readonly type: string
  readonly content: Record<string, unknown>
  readonly from: { readonly jid: string; readonly phoneJid: string | null; readonly lid: string | null }
  readonly replyTo: string | null
  readonly edited: boolean
  readonly deleted: boolean
  readonly reactions: ReadonlyArray<{ readonly from: string; readonly emoji: string }>
}

const carol = "628230000001"
const carolJid = `${carol}@s.whatsapp.net`

const receive = Effect.fn("receive")(function*(session: string, body: unknown) {
  const answer = expectJson(yield* raw("POST", api(`/_simulator/sessions/${session}:receive`), { json: body }), 200)
  return (answer as { readonly waMessageId: string }).waMessageId
})

const historyOf = (session: string, chat: string) =>
  Effect.map(
    raw("GET", api(`/sessions/${session}/chats/${encodeURIComponent(chat)}/messages`)),
    (r) => expectList(r).items as ReadonlyArray<Message>
  )

/**
 * The session's events of the given types once there are `count` (20 s at most): an event shows once every
 * transaction that began before its own has ended (ADR 0029), a moment after the change it tells is readable.
 */
const eventsUntil = <D>(session: string, types: string, count: number) =>
  pollUntil(
    Effect.map(allPages(api(`/events/history?session=${session}&types=${types}`), 1000), (pages) => pages.flat() as ReadonlyArray<{ readonly type: string; readonly data: D }>),
    (events) => events.length >= count,
    (events) => `${events.length} ${types} events, not ${count}`
  )

const historyUntil = (session: string, chat: string, done: (items: ReadonlyArray<Message>) => boolean) =>
  pollUntil(historyOf(session, chat), done, (items) => `history of ${chat}: ${JSON.stringify(items.map((m) => [m.type, m.content]))}`)

describe("sandbox: conversations on Baileys against the protocol simulator", () => {
  layer(SandboxGateway, { timeout: 60_000, excludeTestServices: true })((it) => {
    it.effect("a user's text arrives as message.received and in history; the reply quotes it on the wire; acts update it", () =>
      Effect.gen(function*() {
        const sim = yield* WaSimService
        const session = yield* linkedSession("conv-flow")
        const asked = yield* receive(session.id, { from: carol, message: { type: "text", text: "Do you deliver?" } })
        const [arrived] = yield* historyUntil(session.id, carolJid, (items) => items.length === 1)
        assert.deepInclude(arrived, { direction: "in", waMessageId: asked, type: "text", content: { text: "Do you deliver?" } })
        assert.strictEqual(arrived?.from.phoneJid, carolJid)

        // The session replies, quoting it: the simulator's phone decrypts the quote.
        const reply = expectJson(
          yield* raw("POST", api(`/sessions/${session.id}/messages`), { json: { type: "text", to: carolJid, text: "Yes, daily", replyTo: asked } }),
          200
        ) as { readonly waMessageId: string }
        const quoted = yield* pollUntil(
          Effect.sync(() => sim.control.messages({ jid: carolJid }).filter((m) => m.id === reply.waMessageId)),
          (found) => found.length === 1,
          () => "the reply did not reach carol's phone"
        )
        assert.strictEqual(quoted[0]?.context?.quoted?.id, asked)
        yield* historyUntil(session.id, carolJid, (items) => items.length === 2 && items[0]?.direction === "out")

        // Carol reacts to the reply, edits her question, then deletes it.
        yield* receive(session.id, { from: carol, message: { type: "reaction", targetWaMessageId: reply.waMessageId, emoji: "🙏" } })
        yield* receive(session.id, { from: carol, message: { type: "edit", targetWaMessageId: asked, text: "Do you deliver on Sunday?" } })
        yield* receive(session.id, { from: carol, message: { type: "delete", targetWaMessageId: asked } })
        const [mine, theirs] = yield* historyUntil(session.id, carolJid, (items) => items[1]?.deleted === true && items[0]?.reactions.length === 1)
        assert.deepStrictEqual(mine?.reactions, [{ from: carolJid, emoji: "🙏" }])
        assert.deepStrictEqual(theirs?.content, { text: "Do you deliver on Sunday?" })
        assert.isTrue(theirs?.edited)

        const events = yield* eventsUntil<Message>(session.id, "message.received,message.updated", 4)
        assert.deepStrictEqual(events.map((e) => e.type), ["message.received", "message.updated", "message.updated", "message.updated"])
      }))

    it.effect("votes on the session's poll are decrypted, told as poll.vote and tallied on GET …/messages/{id}", () =>
      Effect.gen(function*() {
        const session = yield* linkedSession("conv-poll")
        const poll = expectJson(
          yield* raw("POST", api(`/sessions/${session.id}/messages`), { json: { type: "poll", to: carolJid, name: "Lunch?", options: ["Rice", "Soup", "Salad"] } }),
          200
        ) as { readonly id: string; readonly waMessageId: string }
        yield* historyUntil(session.id, carolJid, (items) => items.some((m) => m.waMessageId === poll.waMessageId))
        yield* receive(session.id, { from: carol, message: { type: "vote", pollWaMessageId: poll.waMessageId, selected: ["Soup"] } })
        yield* receive(session.id, { from: carol, message: { type: "vote", pollWaMessageId: poll.waMessageId, selected: ["Rice"] } })
        const tally = yield* pollUntil(
          Effect.map(raw("GET", api(`/sessions/${session.id}/messages/${poll.id}`)), (r) => (expectJson(r, 200) as { votes?: Record<string, number> }).votes),
          (votes) => votes?.["Rice"] === 1,
          (votes) => `votes are ${JSON.stringify(votes)}`
        )
        assert.deepStrictEqual(tally, { Rice: 1, Soup: 0, Salad: 0 }, "carol's second vote replaced her first")
        const events = yield* eventsUntil<{ readonly voter: { readonly phoneJid: string | null }; readonly selected: ReadonlyArray<string> }>(
          session.id,
          "poll.vote",
          2
        )
        assert.deepStrictEqual(events.map((e) => [e.data.voter.phoneJid, e.data.selected]), [
          [carolJid, ["Soup"]],
          [carolJid, ["Rice"]]
        ])
      }))

    it.effect("messages sent while the session's socket is refused arrive on reconnect: all three, in order, once", () =>
      Effect.gen(function*() {
        const session = yield* linkedSession("conv-offline")
        yield* control(session.id, "disconnect")
        // Refused, the session keeps trying (`connecting`) and gives up later (`disconnected`): either is offline.
        yield* pollUntil(sessionOf(session.id), (s) => s.status !== "connected", (s) => `session is ${s.status}`)
        const ids: Array<string> = []
        for (const text of ["one", "two", "three"]) ids.push(yield* receive(session.id, { from: carol, message: { type: "text", text } }))
        yield* control(session.id, "connect")
        yield* statusBecomes(session.id, "connected")
        const history = yield* historyUntil(session.id, carolJid, (items) => items.length === 3)
        assert.deepStrictEqual(history.map((m) => m.waMessageId), [...ids].reverse())
        const events = yield* eventsUntil<Message>(session.id, "message.received", 3)
        assert.deepStrictEqual(events.map((e) => e.data.content["text"]), ["one", "two", "three"])

        // Marking the chat read sends carol's phone read receipts for all three.
        const sim = yield* WaSimService
        const read = yield* raw("POST", api(`/sessions/${session.id}/chats/${carolJid}:read`), { json: {} })
        assert.strictEqual(read.status, 204)
        const receipts = yield* pollUntil(
          Effect.sync(() => sim.control.receipts({ jid: carolJid }).filter((r) => r.type === "read" && ids.includes(r.messageId))),
          (found) => new Set(found.map((r) => r.messageId)).size === 3,
          (found) => `read receipts for ${JSON.stringify(found.map((r) => r.messageId))}`
        )
        assert.isTrue(receipts.every((r) => r.from === session.phoneJid))
      }))
  })
})

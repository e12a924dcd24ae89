/**
 * Issue 15's known traps of the peers, through HTTP on the real Baileys client against the protocol simulator, in
 * LID-addressed groups the session created: a reply and a reaction to a member's message reach the members'
 * phones pointing at it; a group send hands the sender key to the members' devices and never to the sending device
 * itself (Evolution API #2303: WhatsApp refuses a group message whose sender keys go to the sender); `mentions:
 * ["all"]` names every stored member as the group addresses them (LIDs), with no group-metadata IQ.
 *
 * The simulator always names a LID group message's sender with its phone twin too (`participant_pn`), so a sender
 * known only by LID is not produced here.
 */
import { assert, describe, layer } from "@effect/vitest"
import { type ReceivedMessage, WaSimService } from "@wagate/wa-sim"
import { Effect } from "effect"
import { api, expectJson, expectList, groupPath } from "../support/endpoints.ts"
import { raw } from "../support/gateway.ts"
import { linkedSession, pollUntil, SandboxGateway, type SessionView } from "../support/sandbox.ts"

interface Message {
  readonly direction: string
  readonly waMessageId: string
  readonly type: string
  readonly content: Record<string, unknown>
  readonly from: { readonly jid: string; readonly phoneJid: string | null; readonly lid: string | null }
}

interface MemberJson {
  readonly jid: string
  readonly phoneJid: string | null
  readonly lid: string | null
}

const phone = (digits: string) => `${digits}@s.whatsapp.net`

const receive = Effect.fn("receive")(function*(session: string, body: unknown) {
  const answer = expectJson(yield* raw("POST", api(`/_simulator/sessions/${session}:receive`), { json: body }), 200)
  return (answer as { readonly waMessageId: string }).waMessageId
})

const send = Effect.fn("send")(function*(session: string, body: unknown) {
  const sent = expectJson(yield* raw("POST", api(`/sessions/${session}/messages`), { json: body }), 200) as {
    readonly waMessageId: string
    readonly status: string
  }
  assert.strictEqual(sent.status, "sent")
  return sent.waMessageId
})

const historyUntil = (session: string, chat: string, done: (items: ReadonlyArray<Message>) => boolean) =>
  pollUntil(
    Effect.map(raw("GET", api(`/sessions/${session}/chats/${encodeURIComponent(chat)}/messages`)), (r) => expectList(r).items as ReadonlyArray<Message>),
    done,
    (items) => `history of ${chat}: ${JSON.stringify(items.map((m) => [m.type, m.content]))}`
  )

/** A LID-addressed group the session creates with two virtual users, once its three members are stored. */
const groupWithTwo = Effect.fn("groupWithTwo")(function*(session: SessionView, name: string, members: readonly [string, string]) {
  const sim = yield* WaSimService
  const created = expectJson(yield* raw("POST", api(`/sessions/${session.id}/groups`), { json: { name, participants: members.map(phone) } }), 201) as {
    readonly groupJid: string
  }
  assert.strictEqual(sim.control.group(created.groupJid).addressingMode, "lid")
  const stored = yield* pollUntil(
    Effect.map(raw("GET", groupPath(session.id, created.groupJid, "/members")), (r) => expectList(r).items as ReadonlyArray<MemberJson>),
    (items) => items.length === 3,
    (items) => `stored members ${JSON.stringify(items)}`
  )
  return { groupJid: created.groupJid, members: stored }
})

/** What `digits`' phone received in the group with this id, once it is there. */
const atPhone = Effect.fn("atPhone")(function*(digits: string, groupJid: string, id: string) {
  const sim = yield* WaSimService
  const found = yield* pollUntil(
    Effect.sync(() => sim.control.messages({ jid: phone(digits) }).filter((m) => m.chat === groupJid && m.id === id)),
    (found) => found.length === 1,
    () => `${id} did not reach ${digits}'s phone in ${groupJid}`
  )
  const [message] = found
  assert.isDefined(message)
  return message as ReceivedMessage
})

describe("sandbox: conversations' traps in LID-addressed groups, on Baileys against the protocol simulator", () => {
  layer(SandboxGateway, { timeout: 60_000, excludeTestServices: true })((it) => {
    it.effect("a member's text: the session's reply quotes it and its reaction points at it, on both members' phones", () =>
      Effect.gen(function*() {
        const session = yield* linkedSession("trap-reply")
        const [ana, ben] = ["628410000001", "628410000002"] as const
        const { groupJid, members } = yield* groupWithTwo(session, "Replies", [ana, ben])
        const anaInGroup = members.find((m) => m.phoneJid === phone(ana))
        assert.match(anaInGroup?.jid ?? "", /@lid$/, "the group names ana by LID")

        const asked = yield* receive(session.id, { from: ana, chatJid: groupJid, message: { type: "text", text: "Who brings the cake?" } })
        const [arrived] = yield* historyUntil(session.id, groupJid, (items) => items.some((m) => m.waMessageId === asked))
        assert.deepInclude(arrived, { direction: "in", waMessageId: asked, content: { text: "Who brings the cake?" } })
        assert.deepStrictEqual([arrived?.from.jid, arrived?.from.phoneJid], [anaInGroup?.jid, phone(ana)])

        const reply = yield* send(session.id, { type: "text", to: groupJid, text: "I do", replyTo: asked })
        const reaction = yield* send(session.id, { type: "reaction", to: groupJid, targetWaMessageId: asked, emoji: "🎂" })
        for (const member of [ana, ben]) {
          const replied = yield* atPhone(member, groupJid, reply)
          assert.deepStrictEqual(replied.content, { kind: "text", text: "I do", mentions: [] })
          assert.strictEqual(replied.context?.quoted?.id, asked, `${member}'s phone sees the reply quote ana's message`)
          assert.strictEqual(replied.sender, session.phoneJid)
          const reacted = yield* atPhone(member, groupJid, reaction)
          assert.deepStrictEqual(reacted.content, { kind: "reaction", text: "🎂", messageId: asked })
          // The reaction's key names the chat, and ana (as the group addresses her) as the target's sender.
          const key = (reacted.raw?.["reactionMessage"] as { readonly key?: Record<string, unknown> } | undefined)?.key
          assert.deepInclude(key, { remoteJid: groupJid, fromMe: false, id: asked, participant: anaInGroup?.jid })
        }
      }))

    it.effect("a group send hands the sender key to the members' devices, never to the session's own sending device", () =>
      Effect.gen(function*() {
        const sim = yield* WaSimService
        const session = yield* linkedSession("trap-skey")
        const [cleo, dan] = ["628420000001", "628420000002"] as const
        const { groupJid, members } = yield* groupWithTwo(session, "Keys", [cleo, dan])
        const sent = yield* send(session.id, { type: "text", to: groupJid, text: "hello group" })
        yield* atPhone(cleo, groupJid, sent)
        yield* atPhone(dan, groupJid, sent)

        const submitted = sim.control.submissions({ jid: session.phoneJid ?? "" }).find((s) => s.id === sent)
        const addressed = submitted?.addressed ?? []
        const device = sim.control.devices().find((d) => d.phoneJid === session.phoneJid)
        assert.isDefined(device)
        // The sending device in both its forms (`<phone>:<n>@s.whatsapp.net`, `<lid>:<n>@lid`).
        assert.notInclude(addressed, device?.jid, JSON.stringify(addressed))
        assert.notInclude(addressed, device?.lid, JSON.stringify(addressed))
        // Every other member's phone got the sender key, by LID as the group addresses them.
        for (const member of members.filter((m) => m.phoneJid !== session.phoneJid)) assert.include(addressed, member.lid)
      }))

    it.effect("mentions all: every member's phone is told of every stored member by LID, with no group-metadata IQ", () =>
      Effect.gen(function*() {
        const sim = yield* WaSimService
        const session = yield* linkedSession("trap-all")
        const [eva, fay] = ["628430000001", "628430000002"] as const
        const { groupJid, members } = yield* groupWithTwo(session, "Everyone", [eva, fay])
        const everyone = members.map((m) => m.jid).sort()
        assert.isTrue(everyone.every((jid) => jid.endsWith("@lid")), JSON.stringify(everyone))

        // Watches the session's `w:g2` `<query>` IQs (a group's metadata) while it sends.
        const watch = sim.control.addFault({ jid: session.phoneJid ?? "", on: "iq", xmlns: "w:g2", tag: "query", effect: "delay", delayMs: 1 })
        const sent = yield* send(session.id, { type: "text", to: groupJid, text: "Meeting at 5", mentions: ["all"] })
        for (const member of [eva, fay]) {
          const told = yield* atPhone(member, groupJid, sent)
          assert.deepStrictEqual([...(told.context?.mentions ?? [])].sort(), everyone, `${member}'s phone`)
        }
        const queries = sim.control.faults().find((f) => f.id === watch.id)?.watched
        sim.control.clearFaults({ id: watch.id })
        assert.strictEqual(queries, 0, "no group-metadata IQ for the send")
      }))
  })
})

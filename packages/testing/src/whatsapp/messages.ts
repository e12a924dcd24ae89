import { assert } from "@effect/vitest"
import { mintWaMessageId, WhatsAppPort } from "@wagate/core"
import { Effect } from "effect"
import { type ContractIt, groupOf, ownerAndMember } from "./fixtures.ts"
import { WhatsAppHarness } from "./WhatsAppHarness.ts"

/** Sending to users and groups. */
export const messagesContract = (it: ContractIt) => {
  it.effect("sends to a user and to a group, each under the WhatsApp id the core chose", () =>
    Effect.gen(function*() {
      const port = yield* WhatsAppPort
      const harness = yield* WhatsAppHarness
      const sender = yield* harness.newSession
      const user = yield* harness.newUser
      const group = yield* groupOf(sender, [user])
      const [directId, groupId] = [yield* mintWaMessageId, yield* mintWaMessageId]

      const direct = yield* port.send(sender.sessionId, { waMessageId: directId, type: "text", to: user, text: "hello" })
      const toGroup = yield* port.send(sender.sessionId, {
        waMessageId: groupId,
        type: "poll",
        to: group.groupJid,
        name: "Lunch?",
        options: ["yes", "no"]
      })
      assert.match(directId, /^3EB0[0-9A-F]{18}$/)
      assert.notStrictEqual(directId, groupId)
      assert.deepStrictEqual([direct.waMessageId, toGroup.waMessageId], [directId, groupId])
    }))

  it.effect("sending to a group the account is not in is NotGroupMember", () =>
    Effect.gen(function*() {
      const port = yield* WhatsAppPort
      const harness = yield* WhatsAppHarness
      const owner = yield* harness.newSession
      const outsider = yield* harness.newSession
      const group = yield* groupOf(owner, [yield* harness.newUser])

      const error = yield* Effect.flip(port.send(outsider.sessionId, { waMessageId: yield* mintWaMessageId, type: "text", to: group.groupJid, text: "hi" }))
      assert.strictEqual(error._tag, "NotGroupMember")
    }))

  it.effect("only admins send to an announcement-only group", () =>
    Effect.gen(function*() {
      const port = yield* WhatsAppPort
      const { owner, member, group } = yield* ownerAndMember({ isAnnounce: true })

      const error = yield* Effect.flip(port.send(member.sessionId, { waMessageId: yield* mintWaMessageId, type: "text", to: group.groupJid, text: "hi" }))
      assert.strictEqual(error._tag, "NotGroupAdmin")
      yield* port.send(owner.sessionId, { waMessageId: yield* mintWaMessageId, type: "text", to: group.groupJid, text: "news" })
    }))

  it.effect("sending to a number not on WhatsApp is NotOnWhatsApp", () =>
    Effect.gen(function*() {
      const port = yield* WhatsAppPort
      const harness = yield* WhatsAppHarness
      const sender = yield* harness.newSession
      const error = yield* Effect.flip(port.send(sender.sessionId, { waMessageId: yield* mintWaMessageId, type: "text", to: yield* harness.unknownUser, text: "hi" }))
      assert.strictEqual(error._tag, "NotOnWhatsApp")
    }))

  it.effect("typing and recording reach WhatsApp, in a user's chat (by phone JID or LID) and a group's, in order", () =>
    Effect.gen(function*() {
      const port = yield* WhatsAppPort
      const harness = yield* WhatsAppHarness
      const sender = yield* harness.newSession
      const peer = yield* harness.newSession
      const user = yield* harness.newUser
      const group = yield* groupOf(sender, [user])

      yield* port.sendPresence(sender.sessionId, user, "composing")
      yield* port.sendPresence(sender.sessionId, group.groupJid, "recording")
      yield* port.sendPresence(sender.sessionId, peer.lid, "composing")
      yield* port.sendPresence(sender.sessionId, user, "paused")
      assert.deepStrictEqual(yield* harness.presencesSeen(sender.sessionId, 4), [
        { chat: user, state: "composing" },
        { chat: group.groupJid, state: "recording" },
        { chat: peer.lid, state: "composing" },
        { chat: user, state: "paused" }
      ])
    }))
}

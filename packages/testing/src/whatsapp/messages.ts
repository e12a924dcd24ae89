import { assert } from "@effect/vitest"
import { WhatsAppPort } from "@wagate/core"
import { Effect } from "effect"
import { type ContractIt, groupOf, ownerAndMember } from "./fixtures.ts"
import { WhatsAppHarness } from "./WhatsAppHarness.ts"

/** Sending to users and groups. */
export const messagesContract = (it: ContractIt) => {
  it.effect("sends to a user and to a group, each with its own WhatsApp id", () =>
    Effect.gen(function*() {
      const port = yield* WhatsAppPort
      const harness = yield* WhatsAppHarness
      const sender = yield* harness.newSession
      const user = yield* harness.newUser
      const group = yield* groupOf(sender, [user])

      const direct = yield* port.send(sender.sessionId, { type: "text", to: user, text: "hello" })
      const toGroup = yield* port.send(sender.sessionId, {
        type: "poll",
        to: group.groupJid,
        name: "Lunch?",
        options: ["yes", "no"]
      })
      assert.isAbove(direct.waMessageId.length, 0)
      assert.isAbove(toGroup.waMessageId.length, 0)
      assert.notStrictEqual(direct.waMessageId, toGroup.waMessageId)
    }))

  it.effect("sending to a group the account is not in is NotGroupMember", () =>
    Effect.gen(function*() {
      const port = yield* WhatsAppPort
      const harness = yield* WhatsAppHarness
      const owner = yield* harness.newSession
      const outsider = yield* harness.newSession
      const group = yield* groupOf(owner, [yield* harness.newUser])

      const error = yield* Effect.flip(port.send(outsider.sessionId, { type: "text", to: group.groupJid, text: "hi" }))
      assert.strictEqual(error._tag, "NotGroupMember")
    }))

  it.effect("only admins send to an announcement-only group", () =>
    Effect.gen(function*() {
      const port = yield* WhatsAppPort
      const { owner, member, group } = yield* ownerAndMember({ isAnnounce: true })

      const error = yield* Effect.flip(port.send(member.sessionId, { type: "text", to: group.groupJid, text: "hi" }))
      assert.strictEqual(error._tag, "NotGroupAdmin")
      yield* port.send(owner.sessionId, { type: "text", to: group.groupJid, text: "news" })
    }))

  it.effect("sending to a number not on WhatsApp is a WhatsAppFailure", () =>
    Effect.gen(function*() {
      const port = yield* WhatsAppPort
      const harness = yield* WhatsAppHarness
      const sender = yield* harness.newSession
      const error = yield* Effect.flip(port.send(sender.sessionId, { type: "text", to: yield* harness.unknownUser, text: "hi" }))
      assert.strictEqual(error._tag, "WhatsAppFailure")
    }))
}

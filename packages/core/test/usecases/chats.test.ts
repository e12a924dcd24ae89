import { assert, describe, it } from "@effect/vitest"
import { createGroup, sendPresence } from "@wagate/core"
import { Simulator } from "@wagate/memory"
import { Effect } from "effect"
import { acme, acmeReader, acmeSender, calls, globex, newSession, resetCalls, user, World } from "../support/world.ts"

const tagOf = <A, E extends { readonly _tag: string }, R>(effect: Effect.Effect<A, E, R>) =>
  Effect.match(effect, { onFailure: (e) => e._tag, onSuccess: () => "success" })

describe("chat presence", () => {
  it.effect("typing, recording and paused reach WhatsApp for a user (phone JID, LID or number) and a group", () =>
    Effect.gen(function*() {
      const session = yield* newSession()
      const peer = yield* newSession()
      const member = user()
      const { group } = yield* createGroup(acme, session.id, { name: "Chat", participants: [member] })
      yield* resetCalls

      yield* sendPresence(acmeSender, session.id, member, { state: "composing" })
      yield* sendPresence(acmeSender, session.id, group.groupJid, { state: "recording" })
      yield* sendPresence(acmeSender, session.id, "+62 812 0000 0042", { state: "paused" })
      yield* sendPresence(acmeSender, session.id, peer.lid ?? "no LID", { state: "composing" })

      const seen = yield* (yield* Simulator).presences(session.id)
      assert.deepStrictEqual(seen.map(({ chat, state }) => [chat, state]), [
        [member, "composing"],
        [group.groupJid, "recording"],
        ["6281200000042@s.whatsapp.net", "paused"],
        [peer.lid, "composing"]
      ])
      assert.deepStrictEqual(yield* calls, ["sendPresence", "sendPresence", "sendPresence", "sendPresence"])
    }).pipe(Effect.provide(World)))

  it.effect("a caller without `send` is forbidden; another organisation's session is not found; neither calls WhatsApp", () =>
    Effect.gen(function*() {
      const session = yield* newSession()
      yield* resetCalls
      const forbidden = yield* Effect.flip(sendPresence(acmeReader, session.id, user(), { state: "composing" }))
      assert.deepStrictEqual(forbidden._tag === "MissingCapability" ? forbidden.capability : forbidden._tag, "send")
      const missing = yield* Effect.flip(sendPresence(globex, session.id, user(), { state: "composing" }))
      assert.strictEqual(missing._tag, "NotFound")
      assert.deepStrictEqual(yield* calls, [])
      assert.deepStrictEqual(yield* (yield* Simulator).presences(session.id), [])
    }).pipe(Effect.provide(World)))

  it.effect("a bad state, chat or extra field is a validation error naming the field, before WhatsApp", () =>
    Effect.gen(function*() {
      const session = yield* newSession()
      yield* resetCalls
      const cases: ReadonlyArray<readonly [string, unknown, ReadonlyArray<string>]> = [
        [user(), { state: "typing" }, ["state"]],
        [user(), {}, ["state"]],
        ["not-a-jid", { state: "composing" }, ["jid"]],
        ["12@s.whatsapp.net", { state: "paused" }, ["jid"]],
        [user(), { state: "composing", media: "audio" }, ["media"]],
        ["nope", "composing", ["body"]]
      ]
      for (const [jid, body, fields] of cases) {
        const error = yield* Effect.flip(sendPresence(acme, session.id, jid, body))
        assert.strictEqual(error._tag, "ValidationError", JSON.stringify(body))
        assert.sameMembers(Object.keys(error._tag === "ValidationError" ? error.details : {}), [...fields], `${jid} ${JSON.stringify(body)}`)
      }
      assert.deepStrictEqual(yield* calls, [])
    }).pipe(Effect.provide(World)))

  it.effect("a disconnected session is not connected, and nothing reaches WhatsApp", () =>
    Effect.gen(function*() {
      const session = yield* newSession()
      const simulator = yield* Simulator
      yield* simulator.disconnect(session.id)
      yield* resetCalls
      assert.strictEqual(yield* tagOf(sendPresence(acme, session.id, user(), { state: "composing" })), "SessionNotConnected")
      assert.deepStrictEqual(yield* calls, [])
      assert.deepStrictEqual(yield* simulator.presences(session.id), [])
    }).pipe(Effect.provide(World)))
})

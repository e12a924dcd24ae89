import { assert, it } from "@effect/vitest"
import { addMembers, CoreServices, createGroup, createSession, InboundSync, type Principal, SendRateLimiter } from "@wagate/core"
import { MemoryStore, Simulator } from "@wagate/memory"
import { Effect, Layer } from "effect"

// The README's "Using the library" example, kept compiling and running here.
const Wagate = InboundSync.pipe(
  Layer.provideMerge(
    Layer.mergeAll(MemoryStore.layer, Simulator.layer, CoreServices.layer, SendRateLimiter.make({ perMinute: 60 }))
  )
)

const me: Principal = { orgId: "acme" as Principal["orgId"], capabilities: ["read", "send", "manage"] }

const program = Effect.gen(function*() {
  const session = yield* createSession(me, { id: "support" })
  const { group } = yield* createGroup(me, session.id, { name: "Ops", participants: ["+62 812 3456 7890"] })
  return yield* addMembers(me, session.id, group.groupJid, { participants: ["6281111111111@s.whatsapp.net"] })
})

it.effect("the README example runs", () =>
  Effect.gen(function*() {
    const results = yield* program
    assert.deepStrictEqual(results.map((r) => [String(r.jid), r.status]), [["6281111111111@s.whatsapp.net", "added"]])
  }).pipe(Effect.provide(Wagate)))

import { decodeInput, ownedSession, type Principal, requireCapability, SessionId } from "@wagate/core"
import { Simulator } from "@wagate/memory"
import { Effect, Schema } from "effect"
import { HttpApiBuilder } from "effect/http-api"
import { SimulatorApi } from "../api/SimulatorApi.ts"
import { makeRunner } from "./runner.ts"

const decodeSession = decodeInput(Schema.Struct({ sessionId: SessionId }))

/** Plays the network for one of the caller's sessions: validate → `manage` → the caller's session → the control. */
const control = (action: "connect" | "disconnect", sessionId: string) => (principal: Principal) =>
  Effect.gen(function*() {
    const ref = yield* decodeSession({ sessionId })
    yield* requireCapability(principal, "manage")
    const session = yield* ownedSession(principal, ref.sessionId)
    const simulator = yield* Simulator
    yield* simulator[action](session.id)
  })

export const SimulatorHandlers = HttpApiBuilder.group(SimulatorApi, "simulator", Effect.fn(function*(handlers) {
  const run = yield* makeRunner<Simulator>()
  return handlers
    .handle("disconnect", ({ params }) => run(control("disconnect", params.session)))
    .handle("connect", ({ params }) => run(control("connect", params.session)))
}))

import { Effect } from "effect"
import { HttpApiBuilder } from "effect/http-api"
import { SimulatorApi } from "../api/SimulatorApi.ts"
import {
  connectSession,
  disconnectSession,
  dropSession,
  linkSession,
  receiveMessage,
  unlinkSession
} from "../simulator/controls.ts"
import type { SimulatorControls } from "../simulator/SimulatorControls.ts"
import { makeRunner } from "./runner.ts"

export const SimulatorHandlers = HttpApiBuilder.group(SimulatorApi, "simulator", Effect.fn(function*(handlers) {
  const run = yield* makeRunner<SimulatorControls>()
  return handlers
    .handle("link", ({ params, payload }) => run((p) => linkSession(p, params.session, payload)))
    .handle("disconnect", ({ params }) => run((p) => disconnectSession(p, params.session)))
    .handle("connect", ({ params }) => run((p) => connectSession(p, params.session)))
    .handle("drop", ({ params }) => run((p) => dropSession(p, params.session)))
    .handle("unlink", ({ params }) => run((p) => unlinkSession(p, params.session)))
    .handle("receive", ({ params, payload }) => run((p) => receiveMessage(p, params.session, payload)))
}))

import { getMessage, sendMessage } from "@wagate/core"
import { Effect } from "effect"
import { HttpApiBuilder } from "effect/http-api"
import { WagateApi } from "../api/WagateApi.ts"
import { makeRunner } from "./runner.ts"

export const MessagesHandlers = HttpApiBuilder.group(WagateApi, "messages", Effect.fn(function*(handlers) {
  const run = yield* makeRunner()
  return handlers
    .handle("send", ({ params, query, headers, payload }) =>
      run((p) =>
        sendMessage(p, params.session, payload, {
          idempotencyKey: headers["idempotency-key"],
          async: query.async === "true"
        })
      ).pipe(Effect.map((outcome) => outcome.result)))
    .handle("get", ({ params }) => run((p) => getMessage(p, params.session, params.id)))
}))

import { getMessage, type SendResult as SendResultType, sendMessage } from "@wagate/core"
import { Effect } from "effect"
import { HttpServerResponse } from "effect/http"
import { HttpApiBuilder } from "effect/http-api"
import { SendResult } from "../api/schemas.ts"
import { WagateApi } from "../api/WagateApi.ts"
import { makeRunner } from "./runner.ts"

/** A 202: the endpoint's success schemas are one shape at two statuses, so the accepted one is written here. */
const accepted = HttpServerResponse.schemaJson(SendResult)

export const MessagesHandlers = HttpApiBuilder.group(WagateApi, "messages", Effect.fn(function*(handlers) {
  const run = yield* makeRunner()
  return handlers
    .handle("send", ({ params, query, headers, payload }) =>
      run((p) =>
        sendMessage(p, params.session, payload, {
          idempotencyKey: headers["idempotency-key"],
          async: query.async === "true"
        })
      ).pipe(Effect.flatMap((outcome): Effect.Effect<SendResultType | HttpServerResponse.HttpServerResponse> =>
        outcome.accepted ? Effect.orDie(accepted(outcome.result, { status: 202 })) : Effect.succeed(outcome.result)
      )))
    .handle("get", ({ params }) => run((p) => getMessage(p, params.session, params.id)))
}))

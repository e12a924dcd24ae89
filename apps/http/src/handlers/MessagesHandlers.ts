import { getMessage, sendMessage } from "@wagate/core"
import { Effect } from "effect"
import { HttpApiBuilder } from "effect/http-api"
import { WagateApi } from "../api/WagateApi.ts"
import { asCaller } from "./toHttpError.ts"

export const MessagesHandlers = HttpApiBuilder.group(WagateApi, "messages", (handlers) =>
  handlers
    .handle("send", ({ params, query, headers, payload }) =>
      asCaller((p) =>
        sendMessage(p, params.session, payload, {
          idempotencyKey: headers["idempotency-key"],
          async: query.async === "true"
        })
      ).pipe(Effect.map((outcome) => outcome.result)))
    .handle("get", ({ params }) => asCaller((p) => getMessage(p, params.session, params.id))))

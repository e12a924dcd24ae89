import { chatHistory, listChats, markChatRead, sendPresence } from "@wagate/core"
import { Effect } from "effect"
import { HttpApiBuilder } from "effect/http-api"
import { WagateApi } from "../api/WagateApi.ts"
import { makeRunner } from "./runner.ts"

export const ChatsHandlers = HttpApiBuilder.group(WagateApi, "chats", Effect.fn(function*(handlers) {
  const run = yield* makeRunner()
  return handlers
    .handle("list", ({ params, query }) => run((p) => listChats(p, params.session, query)))
    .handle("history", ({ params, query }) => run((p) => chatHistory(p, params.session, params.jid, query)))
    .handle("read", ({ params, payload }) => run((p) => markChatRead(p, params.session, params.jid, payload)))
    .handle("presence", ({ params, payload }) => run((p) => sendPresence(p, params.session, params.jid, payload)))
}))

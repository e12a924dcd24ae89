import { type chatHistory, ChatMessage, ChatSummary, type listChats, type markChatRead, type sendPresence } from "@wagate/core"
import { Schema } from "effect"
import { HttpApiEndpoint, HttpApiGroup, HttpApiSchema, OpenApi } from "effect/http-api"
import { ApiFailures } from "./ApiFailures.ts"
import { Authentication } from "./Authentication.ts"
import {
  MissingCapabilityResponse,
  NotFoundResponse,
} from "./errors/domainErrors.ts"
import { errorsOf } from "./errors/errorsOf.ts"
import { liveSessionErrors } from "./errors/liveErrors.ts"
import * as Ref from "./reference/chats.ts"
import { reference } from "./reference/Reference.ts"
import { ListOf, MarkReadJson, PageQuery, PresenceJson } from "./schemas.ts"

export class ChatsApi extends HttpApiGroup.make("chats")
  .add(
    HttpApiEndpoint.get("list", "/sessions/:session/chats", {
      params: { session: Schema.String },
      query: PageQuery,
      success: ListOf(ChatSummary, "ChatList"),
      error: errorsOf<typeof listChats>()(MissingCapabilityResponse, NotFoundResponse)
    }).annotateMerge(reference(Ref.listChats)),
    HttpApiEndpoint.get("history", "/sessions/:session/chats/:jid/messages", {
      params: { session: Schema.String, jid: Schema.String },
      query: PageQuery,
      success: ListOf(ChatMessage, "ChatMessageList"),
      error: errorsOf<typeof chatHistory>()(MissingCapabilityResponse, NotFoundResponse)
    }).annotateMerge(reference(Ref.chatHistory)),
    HttpApiEndpoint.post("read", "/sessions/:session/chats/:jid::read", {
      params: { session: Schema.String, jid: Schema.String },
      payload: MarkReadJson,
      success: HttpApiSchema.NoContent,
      error: errorsOf<typeof markChatRead>()(...liveSessionErrors)
    }).annotateMerge(reference(Ref.markRead)),
    HttpApiEndpoint.post("presence", "/sessions/:session/chats/:jid/presence", {
      params: { session: Schema.String, jid: Schema.String },
      payload: PresenceJson,
      success: HttpApiSchema.NoContent,
      error: errorsOf<typeof sendPresence>()(...liveSessionErrors)
    }).annotateMerge(reference(Ref.sendPresence))
  )
  .middleware(ApiFailures)
  .middleware(Authentication)
  .annotate(OpenApi.Description, Ref.chatsTag)
  .annotate(OpenApi.Title, "Chats")
{}

import { Schema } from "effect"
import { HttpApi, HttpApiEndpoint, HttpApiGroup, HttpApiSchema, OpenApi } from "effect/http-api"
import { Authentication } from "./Authentication.ts"
import { commonErrors } from "./errors.ts"

const session = { session: Schema.String }

/** Controls of the in-process WhatsApp world, mounted only with `WAGATE_TRANSPORT=simulator`. */
export class SimulatorControlsApi extends HttpApiGroup.make("simulator")
  .add(
    HttpApiEndpoint.post("disconnect", "/_simulator/sessions/:session::disconnect", {
      params: session,
      success: HttpApiSchema.NoContent,
      error: commonErrors
    }).annotate(OpenApi.Description, "Drops the session's connection, as a network failure would. Needs `manage`."),
    HttpApiEndpoint.post("connect", "/_simulator/sessions/:session::connect", {
      params: session,
      success: HttpApiSchema.NoContent,
      error: commonErrors
    }).annotate(OpenApi.Description, "Connects the session again; held changes are delivered. Needs `manage`.")
  )
  .middleware(Authentication)
  .annotate(OpenApi.Title, "Simulator")
{}

export class SimulatorApi extends HttpApi.make("wagate-simulator").add(SimulatorControlsApi).prefix("/api/v1") {}

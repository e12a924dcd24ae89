import { Schema } from "effect"
import { HttpApi, HttpApiEndpoint, HttpApiGroup, HttpApiSchema, OpenApi } from "effect/http-api"
import { ApiFailures } from "./ApiFailures.ts"
import { Authentication } from "./Authentication.ts"
import { MissingCapabilityResponse, NotFoundResponse } from "./errors/domainErrors.ts"
import { reference } from "./reference/Reference.ts"
import * as Ref from "./reference/simulator.ts"

const session = { session: Schema.String }
/** A control needs `manage` and one of the caller's sessions; the handler cannot fail otherwise. */
const controlErrors = [MissingCapabilityResponse, NotFoundResponse] as const

/** Controls of the in-process WhatsApp world, mounted only with `WAGATE_TRANSPORT=simulator`. */
export class SimulatorControlsApi extends HttpApiGroup.make("simulator")
  .add(
    HttpApiEndpoint.post("disconnect", "/_simulator/sessions/:session::disconnect", {
      params: session,
      success: HttpApiSchema.NoContent,
      error: controlErrors
    }).annotateMerge(reference(Ref.disconnect)),
    HttpApiEndpoint.post("connect", "/_simulator/sessions/:session::connect", {
      params: session,
      success: HttpApiSchema.NoContent,
      error: controlErrors
    }).annotateMerge(reference(Ref.connect))
  )
  .middleware(ApiFailures)
  .middleware(Authentication)
  .annotate(OpenApi.Description, Ref.simulatorTag)
  .annotate(OpenApi.Title, "Simulator")
{}

export class SimulatorApi extends HttpApi.make("wagate-simulator").add(SimulatorControlsApi).prefix("/api/v1") {}

import { Schema } from "effect"
import { HttpApi, HttpApiEndpoint, HttpApiGroup, HttpApiSchema, OpenApi } from "effect/http-api"
import {
  connectSession,
  disconnectSession,
  dropSession,
  LinkBody,
  linkSession,
  ReceiveBody,
  Received,
  receiveMessage,
  unlinkSession
} from "../simulator/controls.ts"
import { ApiFailures } from "./ApiFailures.ts"
import { Authentication } from "./Authentication.ts"
import {
  ConflictResponse,
  MissingCapabilityResponse,
  NotFoundResponse,
  NotGroupMemberResponse,
  NotImplementedResponse,
  SessionNotConnectedResponse,
  WhatsAppFailureResponse
} from "./errors/domainErrors.ts"
import { errorsOf } from "./errors/errorsOf.ts"
import { SimulatorRefusedResponse } from "./errors/simulatorErrors.ts"
import { reference } from "./reference/Reference.ts"
import * as Ref from "./reference/simulator.ts"

const session = { session: Schema.String }
const LinkJson = Schema.toEncoded(LinkBody).annotate({ identifier: "SimulatorLinkBody" })
const ReceiveJson = Schema.toEncoded(ReceiveBody).annotate({ identifier: "SimulatorReceiveBody" })

/** A control of the network: the caller's session, and the simulated world may refuse it or not answer. */
const networkErrors = [MissingCapabilityResponse, NotFoundResponse, SimulatorRefusedResponse, WhatsAppFailureResponse] as const

/**
 * Controls of the simulated WhatsApp worlds, mounted only with `WAGATE_TRANSPORT=simulator` (the in-process world)
 * and in the sandbox (`npm run sandbox`: the protocol simulator behind the real Baileys client).
 */
export class SimulatorControlsApi extends HttpApiGroup.make("simulator")
  .add(
    HttpApiEndpoint.post("link", "/_simulator/sessions/:session::link", {
      params: session,
      payload: LinkJson,
      success: HttpApiSchema.NoContent,
      error: errorsOf<typeof linkSession>()(
        MissingCapabilityResponse,
        NotFoundResponse,
        ConflictResponse,
        SimulatorRefusedResponse,
        SessionNotConnectedResponse,
        WhatsAppFailureResponse
      )
    }).annotateMerge(reference(Ref.link)),
    HttpApiEndpoint.post("disconnect", "/_simulator/sessions/:session::disconnect", {
      params: session,
      success: HttpApiSchema.NoContent,
      error: errorsOf<typeof disconnectSession>()(...networkErrors)
    }).annotateMerge(reference(Ref.disconnect)),
    HttpApiEndpoint.post("connect", "/_simulator/sessions/:session::connect", {
      params: session,
      success: HttpApiSchema.NoContent,
      error: errorsOf<typeof connectSession>()(...networkErrors)
    }).annotateMerge(reference(Ref.connect)),
    HttpApiEndpoint.post("drop", "/_simulator/sessions/:session::drop", {
      params: session,
      success: HttpApiSchema.NoContent,
      error: errorsOf<typeof dropSession>()(...networkErrors)
    }).annotateMerge(reference(Ref.drop)),
    HttpApiEndpoint.post("unlink", "/_simulator/sessions/:session::unlink", {
      params: session,
      success: HttpApiSchema.NoContent,
      error: errorsOf<typeof unlinkSession>()(...networkErrors, NotImplementedResponse)
    }).annotateMerge(reference(Ref.unlink)),
    HttpApiEndpoint.post("receive", "/_simulator/sessions/:session::receive", {
      params: session,
      payload: ReceiveJson,
      success: Received,
      error: errorsOf<typeof receiveMessage>()(
        ...networkErrors,
        NotGroupMemberResponse,
        SessionNotConnectedResponse,
        NotImplementedResponse
      )
    }).annotateMerge(reference(Ref.receive))
  )
  .middleware(ApiFailures)
  .middleware(Authentication)
  .annotate(OpenApi.Description, Ref.simulatorTag)
  .annotate(OpenApi.Title, "Simulator")
{}

export class SimulatorApi extends HttpApi.make("wagate-simulator")
  .add(SimulatorControlsApi)
  .prefix("/api/v1")
  // As the v1 contract: every offending field named, and a body field the control does not define refused.
  .annotate(HttpApi.PayloadParseOptions, { errors: "all", onExcessProperty: "error" })
{}

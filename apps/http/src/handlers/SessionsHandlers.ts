import {
  createSession,
  deleteSession,
  getSession,
  listSessions,
  logoutSession,
  requestPairingCode,
  sessionQr
} from "@wagate/core"
import { HttpApiBuilder } from "effect/http-api"
import { WagateApi } from "../api/WagateApi.ts"
import { asCaller } from "./toHttpError.ts"

export const SessionsHandlers = HttpApiBuilder.group(WagateApi, "sessions", (handlers) =>
  handlers
    .handle("create", ({ payload }) => asCaller((p) => createSession(p, payload)))
    .handle("list", ({ query }) => asCaller((p) => listSessions(p, query)))
    .handle("get", ({ params }) => asCaller((p) => getSession(p, params.session)))
    .handle("qr", ({ params }) => asCaller((p) => sessionQr(p, params.session)))
    .handle("pairingCode", ({ params, payload }) => asCaller((p) => requestPairingCode(p, params.session, payload)))
    .handle("logout", ({ params }) => asCaller((p) => logoutSession(p, params.session)))
    .handle("delete", ({ params }) => asCaller((p) => deleteSession(p, params.session))))

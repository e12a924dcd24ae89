import {
  createSession,
  deleteSession,
  getSession,
  listSessions,
  logoutSession,
  requestPairingCode,
  sessionQr
} from "@wagate/core"
import { Effect } from "effect"
import { HttpApiBuilder } from "effect/http-api"
import { WagateApi } from "../api/WagateApi.ts"
import { renderQr } from "./qrPicture.ts"
import { makeRunner } from "./runner.ts"

export const SessionsHandlers = HttpApiBuilder.group(WagateApi, "sessions", Effect.fn(function*(handlers) {
  const run = yield* makeRunner()
  return handlers
    .handle("create", ({ payload }) => run((p) => createSession(p, payload)))
    .handle("list", ({ query }) => run((p) => listSessions(p, query)))
    .handle("get", ({ params }) => run((p) => getSession(p, params.session)))
    .handle("qr", ({ params, headers }) =>
      // The caller's checks (capability, session, connection) answer first; only then does the format matter.
      run((p) => sessionQr(p, params.session)).pipe(Effect.flatMap((qr) => renderQr(qr, headers.accept))))
    .handle("pairingCode", ({ params, payload }) => run((p) => requestPairingCode(p, params.session, payload)))
    .handle("logout", ({ params }) => run((p) => logoutSession(p, params.session)))
    .handle("delete", ({ params }) => run((p) => deleteSession(p, params.session)))
}))

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
import { NotImplemented } from "../api/errors.ts"
import { WagateApi } from "../api/WagateApi.ts"
import { makeRunner } from "./toHttpError.ts"

const PICTURES = ["image/png", "image/svg+xml", "image/*"]
const ANSWERS = ["application/json", "application/*", "*/*", ...PICTURES]

/** Whether `Accept` ranks a QR picture above JSON (by `q`, then by order), as a browser's `<img>` would ask. */
export const prefersPicture = (accept: string | undefined): boolean => {
  const ranges = (accept ?? "").split(",").map((part, index) => {
    const [type = "", ...params] = part.split(";").map((s) => s.trim().toLowerCase())
    const q = params.find((p) => p.startsWith("q="))
    return { type, q: q === undefined ? 1 : Number(q.slice(2)) || 0, index }
  })
  const best = ranges
    .filter((range) => range.q > 0 && ANSWERS.includes(range.type))
    .sort((a, b) => b.q - a.q || a.index - b.index)[0]
  return best !== undefined && PICTURES.includes(best.type)
}

const pictureNotBuilt = new NotImplemented({
  error: {
    code: "not_implemented",
    message: "QR pictures (image/png, image/svg+xml) are not built yet; ask for application/json and render the `qr` string",
    details: { accept: "application/json" }
  }
})

export const SessionsHandlers = HttpApiBuilder.group(WagateApi, "sessions", Effect.fn(function*(handlers) {
  const run = yield* makeRunner()
  return handlers
    .handle("create", ({ payload }) => run((p) => createSession(p, payload)))
    .handle("list", ({ query }) => run((p) => listSessions(p, query)))
    .handle("get", ({ params }) => run((p) => getSession(p, params.session)))
    .handle("qr", ({ params, headers }) =>
      // The caller's checks (capability, session, connection) answer first; only then does the format matter.
      run((p) => sessionQr(p, params.session)).pipe(
        Effect.flatMap((qr) => prefersPicture(headers.accept) ? Effect.fail(pictureNotBuilt) : Effect.succeed(qr))
      ))
    .handle("pairingCode", ({ params, payload }) => run((p) => requestPairingCode(p, params.session, payload)))
    .handle("logout", ({ params }) => run((p) => logoutSession(p, params.session)))
    .handle("delete", ({ params }) => run((p) => deleteSession(p, params.session)))
}))

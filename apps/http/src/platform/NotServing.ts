/**
 * Answers for requests that reach the Node server while no app is attached to it. `NodeHttpServer.layer` listens
 * as soon as it is built, but `HttpRouter.serve` attaches the app's `request` handler only once the app's layers
 * are built (the store opened and migrated: seconds on an embedded database), and detaches it again on shutdown.
 * Node accepts connections and parses requests in between, and emits `request` to no one: the client waits
 * forever. This stand-in, installed on the server before anything else, answers every such request itself:
 *
 * - while starting: `GET /healthz` 200 `{"status":"starting"}` (the process is up), everything else 503
 *   `unavailable` with `Retry-After: 1`;
 * - once the app has detached (shutting down): 503 `unavailable` with `Retry-After: 1` and `Connection: close`.
 *
 * While the app is attached the stand-in stays silent and the app answers.
 */
import type { IncomingMessage, Server, ServerResponse } from "node:http"
import { writeEnvelope, writeJson } from "./NodeRefusals.ts"

/** Seconds a client should wait before retrying: start-up and shutdown windows are short. */
const retryAfterSeconds = 1

const isHealthCheck = (request: IncomingMessage): boolean =>
  (request.method === "GET" || request.method === "HEAD") && (request.url ?? "").split("?")[0] === "/healthz"

/** Installs the stand-in; call it on a fresh server, before the app's handler is attached. */
export const answerWhileNotServing = (server: Server): void => {
  let attached = false
  const standIn = (request: IncomingMessage, response: ServerResponse): void => {
    // The app's handler is attached (it is after this one): it answers.
    if (server.listenerCount("request") > 1) return
    if (!attached && isHealthCheck(request)) {
      writeJson(request, response, 200, { status: "starting" })
      return
    }
    const message = attached ? "the gateway is shutting down; retry shortly" : "the gateway is starting; retry shortly"
    writeEnvelope(
      request,
      response,
      { status: 503, code: "unavailable", message, details: { retryAfterSeconds } },
      { "retry-after": String(retryAfterSeconds), ...(attached ? { connection: "close" } : {}) }
    )
  }
  server.on("request", standIn)
  server.on("newListener", (event) => {
    if (event === "request") attached = true
  })
}

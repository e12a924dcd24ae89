import type { IncomingMessage, ServerResponse } from "node:http"
import { WaSimError } from "../errors.ts"
import { faultRoutes } from "../faults/controlHttp.ts"
import { groupRoutes } from "../groups/controlHttp.ts"
import { messageRoutes } from "../messages/controlHttp.ts"
import { type Body, type Json, type Route, targetOf } from "./routes.ts"
import type { WaSimControl } from "./WaSimControl.ts"

/** Where the control API lives on the simulator's port. */
export const CONTROL_PATH = "/control"
const MAX_BODY_BYTES = 64 * 1024

class HttpError extends Error {
  readonly status: number
  readonly code: string
  readonly details: Record<string, string>
  constructor(status: number, code: string, message: string, details: Record<string, string> = {}) {
    super(message)
    this.status = status
    this.code = code
    this.details = details
  }
}

const STATUS: Record<WaSimError["code"], number> = { validation_error: 400, not_found: 404, conflict: 409 }

const routes = (control: WaSimControl): Record<string, Route> => ({
  scan: {
    fields: ["qr", "phone", "sessionId"],
    run: (body) => {
      const qr = body["qr"]
      if (qr === undefined) throw new WaSimError("validation_error", "invalid qr", { qr: "is required" })
      return control.scan({ qr, phone: body["phone"], sessionId: body["sessionId"] })
    }
  },
  "enter-pairing-code": {
    fields: ["code", "phone", "sessionId"],
    run: (body) => {
      const code = body["code"]
      if (code === undefined) throw new WaSimError("validation_error", "invalid code", { code: "is required" })
      return control.enterPairingCode({ code, phone: body["phone"], sessionId: body["sessionId"] })
    }
  },
  unlink: { fields: ["jid", "sessionId"], run: (body) => ({ unlinked: control.unlink(targetOf(body)) }) },
  drop: { fields: ["jid", "sessionId"], run: (body) => ({ dropped: control.drop(targetOf(body)) }) },
  refuse: { fields: ["jid", "sessionId"], run: (body) => control.refuse(targetOf(body)) },
  accept: { fields: ["jid", "sessionId"], run: (body) => control.accept(targetOf(body)) },
  devices: { method: "GET", fields: [], run: () => ({ devices: control.devices() }) },
  clock: {
    fields: ["advanceSeconds"],
    structured: ["advanceSeconds"],
    run: (_body, json) => {
      const seconds = json["advanceSeconds"]
      if (typeof seconds !== "number") {
        throw new WaSimError("validation_error", "invalid advanceSeconds", { advanceSeconds: "must be a whole number of seconds, 0 or more" })
      }
      return control.advanceClock({ seconds })
    }
  },
  ...groupRoutes(control),
  ...messageRoutes(control),
  ...faultRoutes(control)
})

/** `GET /control/groups[?jid=|?sessionId=]` and `GET /control/groups/<group jid>`: the group model. */
const readGroups = (control: WaSimControl, name: string, query: URLSearchParams): unknown => {
  if (name.startsWith("groups/")) {
    let jid: string
    try {
      jid = decodeURIComponent(name.slice("groups/".length))
    } catch {
      throw new HttpError(400, "validation_error", "invalid group jid", { jid: "must be <id>@g.us" })
    }
    return control.group(jid)
  }
  const unknown = [...query.keys()].filter((key) => key !== "jid" && key !== "sessionId")
  if (unknown.length > 0) {
    throw new HttpError(400, "validation_error", `invalid ${unknown.join(", ")}`,
      Object.fromEntries(unknown.map((key) => [key, "is not a parameter of this operation"])))
  }
  return { groups: control.groups({ jid: query.get("jid") ?? undefined, sessionId: query.get("sessionId") ?? undefined }) }
}

const readBody = async (request: IncomingMessage): Promise<string> => {
  const chunks: Array<Buffer> = []
  let size = 0
  for await (const chunk of request) {
    const buffer = chunk instanceof Buffer ? chunk : Buffer.from(String(chunk))
    size += buffer.length
    if (size > MAX_BODY_BYTES) throw new HttpError(413, "payload_too_large", `the body is over ${MAX_BODY_BYTES} bytes`)
    chunks.push(buffer)
  }
  return Buffer.concat(chunks).toString("utf8")
}

const checked = (entries: ReadonlyArray<readonly [string, unknown]>, route: Route): { body: Body; json: Json } => {
  const details: Record<string, string> = {}
  const body: Record<string, string> = {}
  const json: Record<string, unknown> = {}
  for (const [key, field] of entries) {
    if (!route.fields.includes(key)) details[key] = "is not a field of this operation"
    else if (route.structured?.includes(key)) json[key] = field
    else if (typeof field !== "string") details[key] = "must be a string"
    else body[key] = field
  }
  if (Object.keys(details).length > 0) {
    throw new HttpError(400, "validation_error", `invalid ${Object.keys(details).join(", ")}`, details)
  }
  return { body, json }
}

const parseBody = (text: string, route: Route): { body: Body; json: Json } => {
  let value: unknown
  try {
    value = text.trim() === "" ? {} : JSON.parse(text)
  } catch {
    throw new HttpError(400, "validation_error", "the body is not JSON", { body: "must be a JSON object" })
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new HttpError(400, "validation_error", "the body is not a JSON object", { body: "must be a JSON object" })
  }
  return checked(Object.entries(value), route)
}

const parseQuery = (query: URLSearchParams, route: Route): { body: Body; json: Json } => {
  const keys = [...new Set(query.keys())]
  const repeated = keys.filter((key) => query.getAll(key).length > 1)
  if (repeated.length > 0) {
    throw new HttpError(400, "validation_error", `invalid ${repeated.join(", ")}`, Object.fromEntries(repeated.map((key) => [key, "must be given once"])))
  }
  return checked(keys.map((key) => [key, query.get(key)] as const), route)
}

const send = (response: ServerResponse, status: number, body?: unknown): void => {
  if (body === undefined) {
    response.writeHead(status).end()
    return
  }
  const text = JSON.stringify(body)
  response.writeHead(status, { "content-type": "application/json", "content-length": Buffer.byteLength(text) }).end(text)
}

const sendError = (response: ServerResponse, error: unknown): void => {
  if (error instanceof HttpError) {
    send(response, error.status, { error: { code: error.code, message: error.message, details: error.details } })
  } else if (error instanceof WaSimError) {
    send(response, STATUS[error.code], { error: { code: error.code, message: error.message, details: error.details } })
  } else {
    send(response, 500, { error: { code: "internal", message: "the simulator failed to carry out the operation", details: {} } })
  }
}

/**
 * The control API over HTTP: `GET /control` (what this simulator is), `GET` routes with a query string
 * (`devices`, `messages`, `receipts`, `groups[/<jid>]`, `faults`) and `POST` routes with a JSON body (`scan`,
 * `enter-pairing-code`, `unlink`, `drop`, `refuse`, `accept`, `group-addressing`, `join-group`, `leave-group`, `send`,
 * `receipt-settings`, `read`, `fault`, `clear-faults`); errors in wagate's envelope.
 */
export const handleControlRequest = (
  control: WaSimControl,
  describe: () => Record<string, unknown>
): ((request: IncomingMessage, response: ServerResponse) => Promise<void>) => {
  const table = routes(control)
  return async (request, response) => {
    try {
      const url = new URL(request.url ?? "/", "http://sim")
      const path = url.pathname.replace(/\/+$/, "")
      const name = path === CONTROL_PATH ? "" : path.startsWith(`${CONTROL_PATH}/`) ? path.slice(CONTROL_PATH.length + 1) : undefined
      if (name === undefined) throw new HttpError(404, "not_found", `no route ${path}`)
      if (name === "") {
        if (request.method !== "GET") throw new HttpError(405, "method_not_allowed", `${path} answers GET`)
        send(response, 200, describe())
        return
      }
      if (name === "groups" || name.startsWith("groups/")) {
        if (request.method !== "GET") throw new HttpError(405, "method_not_allowed", `${path} answers GET`)
        send(response, 200, readGroups(control, name, url.searchParams))
        return
      }
      const route = Object.hasOwn(table, name) ? table[name] : undefined
      if (route === undefined) throw new HttpError(404, "not_found", `no route ${path}`)
      const method = route.method ?? "POST"
      if (request.method !== method) throw new HttpError(405, "method_not_allowed", `${path} answers ${method}`)
      const { body, json } = method === "GET" ? parseQuery(url.searchParams, route) : parseBody(await readBody(request), route)
      const result = await route.run(body, json)
      send(response, result === undefined ? 204 : 200, result)
    } catch (error) {
      sendError(response, error)
    }
  }
}

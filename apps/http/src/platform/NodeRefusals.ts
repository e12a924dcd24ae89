/**
 * The answers Node's HTTP server gives on its own, before any request reaches the Effect app: a request it cannot
 * parse (`clientError`: a space in the path, a duplicate `Content-Length`, headers over the size limit, a request
 * that took too long) and an `Expect` other than `100-continue` (`checkExpectation`). Left to Node they are bare
 * status lines without a body or a request id; here each is the contract's envelope with `X-Request-Id`, and the
 * connection closes after it (Node's parser cannot go on after a malformed request).
 */
import { SecureRandom } from "effect/crypto"
import { type IncomingMessage, maxHeaderSize, type Server, ServerResponse, STATUS_CODES } from "node:http"
import type { Duplex } from "node:stream"
import { isAcceptableRequestId, requestIdHeader } from "./RequestId.ts"

/** A refusal: the status, the envelope's code and message, and its details. */
export interface Refusal {
  readonly status: number
  readonly code: string
  readonly message: string
  readonly details: Readonly<Record<string, string | number>>
}

/** The caller's `X-Request-Id` when acceptable (as `RequestId` keeps it), else a new ULID. */
export const nodeRequestId = (incoming?: IncomingMessage): string => {
  const header = incoming?.headers[requestIdHeader]
  const given = typeof header === "string" ? header : undefined
  return isAcceptableRequestId(given) ? given : SecureRandom.ulidUnsafe()
}

const envelopeOf = (refusal: Refusal) => ({
  error: { code: refusal.code, message: refusal.message, details: refusal.details }
})

/** Writes `body` as JSON on a Node `ServerResponse`, with `X-Request-Id` and `extraHeaders`. */
export const writeJson = (
  request: IncomingMessage,
  response: ServerResponse,
  status: number,
  body: unknown,
  extraHeaders: Readonly<Record<string, string>> = {}
): void => {
  const text = JSON.stringify(body)
  response.writeHead(status, {
    "content-type": "application/json",
    "content-length": Buffer.byteLength(text),
    [requestIdHeader]: nodeRequestId(request),
    ...extraHeaders
  })
  response.end(text)
}

/** Writes `refusal` as an envelope response on a Node `ServerResponse`. */
export const writeEnvelope = (
  request: IncomingMessage,
  response: ServerResponse,
  refusal: Refusal,
  extraHeaders: Readonly<Record<string, string>> = {}
): void => writeJson(request, response, refusal.status, envelopeOf(refusal), extraHeaders)

/** The same as a raw HTTP/1.1 message, for a socket Node gives us without a response object. */
const rawEnvelope = (refusal: Refusal): string => {
  const body = JSON.stringify(envelopeOf(refusal))
  return `HTTP/1.1 ${refusal.status} ${STATUS_CODES[refusal.status] ?? "Error"}\r\n` +
    "Content-Type: application/json\r\n" +
    `Content-Length: ${Buffer.byteLength(body)}\r\n` +
    `X-Request-Id: ${SecureRandom.ulidUnsafe()}\r\n` +
    "Connection: close\r\n\r\n" +
    body
}

/** What Node's parser reports: `code` (`HPE_…`, or `ERR_HTTP_REQUEST_TIMEOUT`) and, for parse errors, `reason`. */
interface ClientError extends Error {
  readonly code?: string
  readonly reason?: string
}

/** The refusal for a request Node could not take, by the parser's error code (the statuses Node itself uses). */
export const refusalOfClientError = (error: ClientError): Refusal => {
  switch (error.code) {
    case "HPE_HEADER_OVERFLOW":
      return {
        status: 431,
        code: "headers_too_large",
        message: `the request headers are over the limit of ${maxHeaderSize} bytes`,
        details: { maxBytes: maxHeaderSize }
      }
    case "HPE_CHUNK_EXTENSIONS_OVERFLOW":
      return {
        status: 413,
        code: "payload_too_large",
        message: "the chunk extensions of the request body are over Node's limit",
        details: {}
      }
    case "ERR_HTTP_REQUEST_TIMEOUT":
      return { status: 408, code: "request_timeout", message: "the request was not received in time", details: {} }
    default: {
      const reason = typeof error.reason === "string" && error.reason !== "" ? error.reason : "unparseable"
      // A space (or another character a URL cannot hold) ends the path early; the parser then finds no version.
      const hint = error.code === "HPE_INVALID_CONSTANT" || error.code === "HPE_INVALID_URL"
        ? "; spaces and other reserved characters in the path must be percent-encoded"
        : ""
      return {
        status: 400,
        code: "validation_error",
        message: `the request is not valid HTTP/1.1 (${reason})${hint}`,
        details: { request: reason }
      }
    }
  }
}

/** The response Node is writing on this connection, if any (Node keeps it on the socket as `_httpMessage`). */
const responseInFlight = (socket: Duplex): ServerResponse | undefined => {
  const message: unknown = Reflect.get(socket, "_httpMessage")
  return message instanceof ServerResponse && !message.writableFinished ? message : undefined
}

const refuse = (error: ClientError, socket: Duplex): void => {
  if (!socket.writable) {
    socket.destroy()
    return
  }
  socket.end(rawEnvelope(refusalOfClientError(error)), () => socket.destroy())
}

/**
 * `clientError`: answers in the envelope where Node would answer with a bare status line, and closes. A malformed
 * request pipelined behind a good one is refused once the good one's response is out, never in the middle of it.
 */
const onClientError = (error: ClientError, socket: Duplex): void => {
  if (error.code === "ECONNRESET") {
    socket.destroy()
    return
  }
  const inFlight = responseInFlight(socket)
  if (inFlight === undefined) return refuse(error, socket)
  inFlight.once("finish", () => refuse(error, socket))
  inFlight.once("close", () => {
    if (!inFlight.writableFinished) socket.destroy()
  })
}

/** `checkExpectation`: any `Expect` but `100-continue` (which Effect answers) is 417 in the envelope. */
const onCheckExpectation = (request: IncomingMessage, response: ServerResponse): void => {
  writeEnvelope(request, response, {
    status: 417,
    code: "expectation_failed",
    message: "the Expect header asks for something this server does not do; only 100-continue is supported",
    details: { expect: "only 100-continue is supported" }
  }, { connection: "close" })
}

/** Installs the envelope answers for Node's own refusals on `server`. */
export const answerRefusals = (server: Server): void => {
  server.on("clientError", onClientError)
  server.on("checkExpectation", onCheckExpectation)
}

import { Effect } from "effect"
import { HttpServer } from "effect/http"
import { connect } from "node:net"

/** A response read off the socket as it came. */
export interface SocketResponse {
  readonly status: number
  /** Lower-cased names; a repeated header keeps every value, joined with `, `. */
  readonly headers: Readonly<Record<string, string>>
  readonly text: string
  readonly json: unknown
}

const parseJson = (text: string): unknown => {
  try {
    return JSON.parse(text)
  } catch {
    return undefined
  }
}

const parse = (raw: Buffer): SocketResponse => {
  const end = raw.indexOf("\r\n\r\n")
  const head = raw.subarray(0, end < 0 ? raw.length : end).toString("latin1").split("\r\n")
  const status = Number(head[0]?.split(" ")[1])
  const headers: Record<string, string> = {}
  for (const line of head.slice(1)) {
    const colon = line.indexOf(":")
    const name = line.slice(0, colon).trim().toLowerCase()
    const value = line.slice(colon + 1).trim()
    headers[name] = headers[name] === undefined ? value : `${headers[name]}, ${value}`
  }
  const text = end < 0 ? "" : raw.subarray(end + 4).toString("utf8")
  return { status, headers, text, json: parseJson(text) }
}

/** The port of the test server (`NodeHttpServer.layerTest`). */
export const serverPort = Effect.gen(function*() {
  const { address } = yield* HttpServer.HttpServer
  return address._tag === "UnixPathAddress" ? 0 : address.port
})

/**
 * Writes a request byte for byte on a fresh socket and reads the response until the server closes it: for what
 * no HTTP client sends (a raw `#` or `;` in the path, two `Authorization` headers, bytes that are not UTF-8).
 * The request line and headers are given as they go out; `Connection: close`, `Host` and `Content-Length` are
 * added.
 */
export const rawRequest = (
  port: number,
  options: {
    readonly method: string
    readonly target: string
    readonly headers?: ReadonlyArray<readonly [string, string]>
    readonly body?: Uint8Array | string
  }
) =>
  Effect.callback<SocketResponse, Error>((resume) => {
    const body = typeof options.body === "string" ? new TextEncoder().encode(options.body) : options.body
    const lines = [
      `${options.method} ${options.target} HTTP/1.1`,
      `host: 127.0.0.1:${port}`,
      "connection: close",
      ...(options.headers ?? []).map(([name, value]) => `${name}: ${value}`),
      ...(body === undefined ? [] : [`content-length: ${body.length}`])
    ]
    const socket = connect(port, "127.0.0.1")
    const chunks: Array<Buffer> = []
    socket.on("data", (chunk) => chunks.push(chunk))
    socket.on("error", (error) => resume(Effect.fail(error)))
    socket.on("close", () => resume(Effect.succeed(parse(Buffer.concat(chunks)))))
    socket.write(Buffer.from(`${lines.join("\r\n")}\r\n\r\n`, "latin1"))
    if (body !== undefined) socket.write(body)
    return Effect.sync(() => socket.destroy())
  })

import * as Http from "node:http"
import { join } from "node:path"
import { freePort, gatewayNodeOptions, readyPort, repositoryRoot, type Spawned, spawnProcess } from "../../apps/http/test/support/process.ts"

/** The bearer token the benches give their gateways (`WAGATE_DEV_TOKENS=bench-token=bench:read,send,manage`). */
export const BENCH_TOKEN = "bench-token"

/**
 * The connections the benches' requests reuse. Node's own HTTP client: `fetch` (undici) costs the bench's process
 * about three times the CPU per request, and that CPU is taken from the gateway and Postgres sharing the machine.
 */
const agent = new Http.Agent({ keepAlive: true })

/** How long a request may wait with nothing coming back before it fails (a gateway alive but stuck fails the bench). */
const ANSWER_TIMEOUT_MS = 120_000

/**
 * One request to the gateway on `port` (`path` from the root, `body` sent as JSON when given), as the bench's
 * token, on a kept-alive connection: the status and the answer's text, whatever the status. A failure (refused,
 * reset, `ANSWER_TIMEOUT_MS` with nothing coming back) names the request, with the socket's error as its cause.
 */
export const exchange = (
  port: number,
  method: string,
  path: string,
  body?: unknown,
  headers: Readonly<Record<string, string>> = {}
): Promise<{ readonly status: number; readonly text: string }> =>
  new Promise((resolve, reject) => {
    const fail = (cause: unknown) =>
      reject(new Error(`${method} ${path}: ${cause instanceof Error ? cause.message : String(cause)}`, { cause }))
    const payload = body === undefined ? undefined : JSON.stringify(body)
    const request = Http.request({
      agent,
      host: "127.0.0.1",
      port,
      method,
      path,
      headers: {
        ...headers,
        authorization: `Bearer ${BENCH_TOKEN}`,
        ...(payload === undefined ? {} : { "content-type": "application/json", "content-length": Buffer.byteLength(payload) })
      }
    }, (response) => {
      const chunks: Array<Buffer> = []
      response.on("data", (chunk: Buffer) => chunks.push(chunk))
      response.on("error", fail)
      response.on("end", () => resolve({ status: response.statusCode ?? 0, text: Buffer.concat(chunks).toString("utf8") }))
    })
    request.on("error", fail)
    request.setTimeout(ANSWER_TIMEOUT_MS, () => request.destroy(new Error(`nothing came back for ${ANSWER_TIMEOUT_MS / 1000} s`)))
    request.end(payload)
  })

/** One call to a gateway's `/api/v1` on `port` with `headers` added: the status and the parsed body; a non-2xx answer throws with its body. */
export const requestApi = async <A>(
  port: number,
  method: string,
  path: string,
  json?: unknown,
  headers: Readonly<Record<string, string>> = {}
): Promise<{ readonly status: number; readonly body: A }> => {
  const { status, text } = await exchange(port, method, `/api/v1${path}`, json, headers)
  if (status < 200 || status > 299) throw new Error(`${method} ${path}: ${status} ${text}`)
  // The benches read a few fields of answers they know the shape of (API.md).
  return { status, body: (text === "" ? {} : JSON.parse(text)) as A }
}

/** One call to a gateway's `/api/v1` on `port`: the parsed body; a non-2xx answer throws with its body. */
export const callApi = async <A>(port: number, method: string, path: string, json?: unknown): Promise<A> =>
  (await requestApi<A>(port, method, path, json)).body

/** The gateway's port once it is ready; a gateway that does not get ready is killed. */
const readyOrKilled = async (gateway: Spawned, port: number): Promise<number> => {
  try {
    await readyPort(gateway, 180_000)
  } catch (error) {
    gateway.child.kill("SIGKILL")
    throw error
  }
  return port
}

/**
 * A gateway process on the in-process WhatsApp world and the database at `url`, with the bench's token and `env`
 * added, once it is ready; and its port. A gateway that does not get ready is killed.
 */
export const simulatorGateway = async (url: string, env: Record<string, string> = {}): Promise<{ readonly gateway: Spawned; readonly port: number }> => {
  const port = await freePort()
  const gateway = spawnProcess({
    PORT: String(port),
    WAGATE_DATABASE_URL: url,
    WAGATE_TRANSPORT: "simulator",
    WAGATE_DEV_TOKENS: `${BENCH_TOKEN}=bench:read,send,manage`,
    ...env
  })
  return { gateway, port: await readyOrKilled(gateway, port) }
}

/** The environment of a gateway joining the protocol simulator at `sim` and the database at `url`, with the bench's token. */
const waSimEnv = (url: string, sim: { readonly url: string; readonly rootPublicKey: string }): Record<string, string> => ({
  WAGATE_DATABASE_URL: url,
  WAGATE_WA_URL: sim.url,
  WAGATE_WA_CERT_ROOT: sim.rootPublicKey,
  WAGATE_DEV_TOKENS: `${BENCH_TOKEN}=bench:read,send,manage`
})

/**
 * A sandbox gateway process (`apps/http/src/sandbox/main.ts`, as `npm run sandbox` runs it) on the `baileys`
 * transport joining the protocol simulator at `sim` (`WAGATE_WA_URL`, `WAGATE_WA_CERT_ROOT`) and the database at
 * `url`, with the bench's token and `env` added, once it is ready; and its port. A gateway that does not get ready
 * is killed.
 */
export const sandboxGateway = async (
  url: string,
  sim: { readonly url: string; readonly rootPublicKey: string },
  env: Record<string, string> = {}
): Promise<{ readonly gateway: Spawned; readonly port: number }> => {
  const port = await freePort()
  const gateway = spawnProcess(
    { PORT: String(port), ...waSimEnv(url, sim), ...env },
    { file: process.execPath, args: [...gatewayNodeOptions, join(repositoryRoot, "apps", "http", "src", "sandbox", "main.ts")] }
  )
  return { gateway, port: await readyOrKilled(gateway, port) }
}

/**
 * A gateway process as `npm start` runs it (`node` with the start script's options, `apps/http/src/main.ts`,
 * without npm in between, so that its PID, signals and memory are the gateway's own) on the
 * `baileys` transport joining the protocol simulator at `sim` and the database at `url`, with the bench's token and
 * `env` added, listening on `port`, once it is ready. A gateway that does not get ready is killed.
 */
export const waSimGateway = async (
  url: string,
  sim: { readonly url: string; readonly rootPublicKey: string },
  port: number,
  env: Record<string, string> = {}
): Promise<Spawned> => {
  const gateway = spawnProcess({ PORT: String(port), ...waSimEnv(url, sim), ...env })
  await readyOrKilled(gateway, port)
  return gateway
}

/** Runs `task` over `items`, `limit` at a time. */
export const pool = async <A>(items: ReadonlyArray<A>, limit: number, task: (item: A) => Promise<void>): Promise<void> => {
  let next = 0
  await Promise.all(Array.from({ length: limit }, async () => {
    while (next < items.length) await task(items[next++] as A)
  }))
}

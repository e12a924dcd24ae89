import { freePort, readyPort, type Spawned, spawnProcess } from "../../apps/http/test/support/process.ts"

/** The bearer token the benches' gateways accept (`WAGATE_DEV_TOKENS`, organisation `bench`, every capability). */
export const TOKEN = "bench-token"

/** `method path` on `/api/v1` of the gateway on `port` with the bench's token: the status and the parsed JSON; a non-2xx throws. */
export const request = async <A>(
  port: number,
  method: string,
  path: string,
  json?: unknown,
  headers: Readonly<Record<string, string>> = {}
): Promise<{ readonly status: number; readonly body: A }> => {
  const response = await fetch(`http://127.0.0.1:${port}/api/v1${path}`, {
    method,
    headers: { ...headers, authorization: `Bearer ${TOKEN}`, ...(json === undefined ? {} : { "content-type": "application/json" }) },
    ...(json === undefined ? {} : { body: JSON.stringify(json) })
  })
  const text = await response.text()
  if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${text}`)
  return { status: response.status, body: (text === "" ? {} : JSON.parse(text)) as A }
}

/** `request`'s parsed JSON only. */
export const call = async <A>(port: number, method: string, path: string, json?: unknown): Promise<A> =>
  (await request<A>(port, method, path, json)).body

/**
 * A gateway process on the in-process WhatsApp world and the database at `url`, with the bench's token and `env`
 * added, once it is ready; and its port.
 */
export const simulatorGateway = async (url: string, env: Record<string, string> = {}): Promise<{ readonly gateway: Spawned; readonly port: number }> => {
  const port = await freePort()
  const gateway = spawnProcess({
    PORT: String(port),
    WAGATE_DATABASE_URL: url,
    WAGATE_TRANSPORT: "simulator",
    WAGATE_DEV_TOKENS: `${TOKEN}=bench:read,send,manage`,
    ...env
  })
  try {
    await readyPort(gateway, 180_000)
  } catch (error) {
    gateway.child.kill("SIGKILL")
    throw error
  }
  return { gateway, port }
}

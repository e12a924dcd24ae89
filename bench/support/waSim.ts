/**
 * The protocol simulator as a process of its own (`wa-sim`, as `npx wa-sim` runs it from a checkout), so that its
 * CPU and memory are not the bench's; and its control API over HTTP.
 */
import { join } from "node:path"
import { repositoryRoot, type Spawned, spawnProcess } from "../../apps/http/test/support/process.ts"

export interface WaSimProcess {
  readonly process: Spawned
  /** The socket URL a gateway joins (`WAGATE_WA_URL`). */
  readonly url: string
  /** The base64 root public key (`WAGATE_WA_CERT_ROOT`). */
  readonly rootPublicKey: string
  /** The control API's base, `http://…/control`. */
  readonly controlUrl: string
}

/** Starts `wa-sim` on a free loopback port and resolves once it has printed its addresses; killed if it does not. */
export const startWaSimProcess = async (): Promise<WaSimProcess> => {
  const spawned = spawnProcess({}, { file: process.execPath, args: [join(repositoryRoot, "packages", "wa-sim", "bin", "wa-sim.js")] })
  try {
    const use = await spawned.waitFor(/use: +WAGATE_WA_URL=(\S+) WAGATE_WA_CERT_ROOT=(\S+)/, 120_000)
    const control = /control: +(\S+)/.exec(spawned.output())
    const [, url, rootPublicKey] = use
    if (url === undefined || rootPublicKey === undefined || control?.[1] === undefined) throw new Error(`wa-sim printed no addresses:\n${spawned.output()}`)
    return { process: spawned, url, rootPublicKey, controlUrl: control[1] }
  } catch (error) {
    spawned.child.kill("SIGKILL")
    throw error
  }
}

/** One `POST <control>/<operation>` with `json`: the parsed answer; a non-2xx answer throws with its body. */
export const controlCall = async <A>(controlUrl: string, operation: string, json: unknown): Promise<A> => {
  const response = await fetch(`${controlUrl}/${operation}`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(json)
  })
  const text = await response.text()
  if (!response.ok) throw new Error(`POST /control/${operation}: ${response.status} ${text}`)
  // The simulator's control answers are documented JSON (packages/wa-sim/README.md).
  return JSON.parse(text) as A
}

/** One `GET <control>/<path>` (a query string included): the parsed answer; a non-2xx answer throws with its body. */
export const controlGet = async <A>(controlUrl: string, path: string): Promise<A> => {
  const response = await fetch(`${controlUrl}/${path}`)
  const text = await response.text()
  if (!response.ok) throw new Error(`GET /control/${path}: ${response.status} ${text}`)
  // The simulator's control answers are documented JSON (packages/wa-sim/README.md).
  return JSON.parse(text) as A
}

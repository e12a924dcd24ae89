/**
 * A gateway child process owned by the test's scope (killed if the test ends first), its graceful stop, and JSON
 * calls to its API: what the multi-process tests share.
 */
import { Effect } from "effect"
import { type Spawned, spawnProcess } from "./process.ts"

/** Spawns `spawnProcess(env, command)` for the life of the scope; a process still running at its end is killed. */
export const scopedGateway = (env: Record<string, string>, command?: Parameters<typeof spawnProcess>[1]) =>
  Effect.acquireRelease(
    Effect.sync(() => spawnProcess(env, command)),
    (spawned) => Effect.sync(() => spawned.child.exitCode === null && spawned.child.kill("SIGKILL"))
  )

/** SIGTERM, then the exit code. */
export const stopGateway = (spawned: Spawned) =>
  Effect.promise(() => {
    spawned.child.kill("SIGTERM")
    return spawned.exited
  })

export interface Answer {
  readonly status: number
  // The tests read what they assert on; the gateway's own schemas are tested elsewhere.
  readonly body: any
}

/** `call(port, method, path, json?)` on `/api/v1` with the bearer `token`: status and parsed body (null if empty). */
export const apiCaller = (token: string) => (port: number, method: string, path: string, json?: unknown) =>
  Effect.promise(async (): Promise<Answer> => {
    const response = await fetch(`http://127.0.0.1:${port}/api/v1${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(json === undefined ? {} : { "content-type": "application/json" }) },
      ...(json === undefined ? {} : { body: JSON.stringify(json) })
    })
    const text = await response.text()
    return { status: response.status, body: text === "" ? null : JSON.parse(text) }
  })

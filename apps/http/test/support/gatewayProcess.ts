/**
 * A gateway child process owned by the test's scope (killed if the test ends first), its graceful stop, and JSON
 * calls to its API: what the multi-process tests share.
 */
import { Effect } from "effect"
import { mkdtempSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { descendants, isAlive, type Spawned, spawnNpmStart, spawnProcess } from "./process.ts"

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

/**
 * The fields of the gateway's answers that the multi-process tests read, each present only in the answers that
 * have it (the answers' exact schemas are tested by the endpoint tests).
 */
export interface AnswerBody {
  /** A SendResult's (or another resource's) id. */
  readonly id?: string
  readonly status?: string
  readonly waMessageId?: string | null
  readonly qr?: string
  readonly phoneJid?: string | null
  readonly groupJid?: string
  readonly items?: ReadonlyArray<{ readonly groupJid?: string }>
  readonly error?: { readonly code: string; readonly message: string }
}

export interface Answer {
  readonly status: number
  /** The parsed JSON body; an answer without one (204) has none of the fields. */
  readonly body: AnswerBody
}

/** `call(port, method, path, json?, headers?)` on `/api/v1` with the bearer `token`: status and parsed body. */
export const apiCaller = (token: string) =>
(port: number, method: string, path: string, json?: unknown, headers: Readonly<Record<string, string>> = {}) =>
  Effect.promise(async (): Promise<Answer> => {
    const response = await fetch(`http://127.0.0.1:${port}/api/v1${path}`, {
      method,
      headers: {
        ...headers,
        authorization: `Bearer ${token}`,
        ...(json === undefined ? {} : { "content-type": "application/json" })
      },
      ...(json === undefined ? {} : { body: JSON.stringify(json) })
    })
    const text = await response.text()
    return { status: response.status, body: text === "" ? {} : (JSON.parse(text) as AnswerBody) }
  })

/** A temporary directory (e.g. a data directory) for the life of the scope. */
export const scopedTempDir = (prefix: string) =>
  Effect.acquireRelease(
    Effect.sync(() => mkdtempSync(join(tmpdir(), prefix))),
    (dir) => Effect.sync(() => rmSync(dir, { recursive: true, force: true }))
  )

/**
 * `npm start` (as the README runs it) for the life of the scope. `recordFamily()` records the processes npm has
 * started by then (an orphan is reparented, so only a record finds it); at the end of the scope whatever a failed
 * assertion left alive of them, and npm itself, is killed.
 */
export const scopedNpmStart = (env: Record<string, string>) => {
  let family: ReadonlyArray<number> = []
  return Effect.map(
    Effect.acquireRelease(
      Effect.sync(() => spawnNpmStart(env)),
      (spawned) =>
        Effect.sync(() => {
          for (const pid of family.filter(isAlive)) process.kill(pid, "SIGKILL")
          if (spawned.child.exitCode === null) spawned.child.kill("SIGKILL")
        })
    ),
    (npm) => ({
      npm,
      recordFamily: (): ReadonlyArray<number> => {
        family = npm.child.pid === undefined ? [] : descendants(npm.child.pid)
        return family
      }
    })
  )
}

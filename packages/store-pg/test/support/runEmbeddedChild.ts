import { Cause, Effect, Queue, Schema } from "effect"
import type { Scope } from "effect"
import * as ChildProcess from "node:child_process"
import { fileURLToPath } from "node:url"

const script = fileURLToPath(new URL("./embeddedChild.ts", import.meta.url))

/** A line `embeddedChild.ts` printed. */
export const ChildMessage = Schema.Struct({
  tag: Schema.String,
  message: Schema.optional(Schema.String),
  pid: Schema.optional(Schema.Number)
})
export type ChildMessage = typeof ChildMessage.Type
const decodeMessage = Schema.decodeUnknownOption(Schema.fromJsonString(ChildMessage))

/** The child process ended (or printed something else) before the message a test waited for. */
export class ChildFailed extends Schema.TaggedError<ChildFailed>()("ChildFailed", {
  reason: Schema.String
}) {}

export interface EmbeddedChild {
  readonly pid: number
  /** The next message the child printed; fails with `ChildFailed` once it has exited and printed nothing more. */
  readonly nextMessage: Effect.Effect<ChildMessage, ChildFailed>
  /** Sends `signal` and waits until the process is gone. */
  readonly kill: (signal: NodeJS.Signals) => Effect.Effect<void>
}

/**
 * Runs `embeddedChild.ts <mode> <dataDir>` with this process's Node (`process.execPath`). The child is killed
 * when the scope closes, so no test leaves it running.
 */
export const spawnEmbeddedChild = Effect.fn("test.spawnEmbeddedChild")(function*(
  mode: "open" | "hold",
  dataDir: string
): Effect.fn.Return<EmbeddedChild, never, Scope.Scope> {
  const messages = yield* Queue.unbounded<ChildMessage, ChildFailed>()
  const child = yield* Effect.acquireRelease(
    Effect.sync(() => {
      const child = ChildProcess.spawn(process.execPath, ["--conditions=@wagate/source", script, mode, dataDir], { stdio: ["ignore", "pipe", "pipe"] })
      let buffered = ""
      let stderr = ""
      child.stdout.setEncoding("utf8").on("data", (chunk: string) => {
        buffered += chunk
        const lines = buffered.split("\n")
        buffered = lines.pop() ?? ""
        for (const line of lines) {
          const message = decodeMessage(line)
          if (message._tag === "Some") Queue.offerUnsafe(messages, message.value)
          else stderr += `${line}\n`
        }
      })
      child.stderr.setEncoding("utf8").on("data", (chunk: string) => {
        stderr += chunk
      })
      child.on("exit", (code, signal) => {
        Queue.failCauseUnsafe(
          messages,
          Cause.fail(new ChildFailed({ reason: `child exited (code ${code}, signal ${signal}); output: ${stderr}` }))
        )
      })
      return child
    }),
    (child) => killAndWait(child, "SIGKILL")
  )
  const pid = child.pid
  if (pid === undefined) return yield* Effect.die(new Error(`could not spawn ${process.execPath} ${script}`))
  return {
    pid,
    nextMessage: Queue.take(messages),
    kill: (signal) => killAndWait(child, signal)
  }
})

const killAndWait = (child: ChildProcess.ChildProcess, signal: NodeJS.Signals): Effect.Effect<void> =>
  Effect.callback<void>((resume) => {
    if (child.exitCode !== null || child.signalCode !== null) return resume(Effect.void)
    child.once("exit", () => resume(Effect.void))
    child.kill(signal)
  })

/** A PID no process has: one of a child that has already exited (reuse within the test is not a concern). */
export const deadPid: Effect.Effect<number> = Effect.callback<number>((resume) => {
  const child = ChildProcess.spawn(process.execPath, ["-e", ""], { stdio: "ignore" })
  child.once("exit", () => resume(child.pid === undefined ? Effect.die(new Error("no pid")) : Effect.succeed(child.pid)))
})

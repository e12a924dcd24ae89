import { assert, describe, it } from "@effect/vitest"
import { Effect } from "effect"
import { join } from "node:path"
import { spawnProcess } from "../support/process.ts"

const fixture = join(import.meta.dirname, "fixtures", "signalled.ts")

/** Starts the fixture, signals it once it is ready, and answers its exit code and output. */
const signalled = (mode: "stuck" | "stops") =>
  Effect.acquireRelease(
    Effect.sync(() => spawnProcess({}, { file: process.execPath, args: [fixture, "300", mode] })),
    (spawned) => Effect.sync(() => spawned.child.exitCode === null && spawned.child.kill("SIGKILL"))
  ).pipe(
    Effect.flatMap((spawned) =>
      Effect.promise(async () => {
        await spawned.waitFor(/ready/)
        spawned.child.kill("SIGTERM")
        const code = await spawned.exited
        return { code, output: spawned.output() }
      })
    ),
    Effect.timeout("30 seconds")
  )

describe("the shutdown watchdog", () => {
  it.live("a process still running long after its signal exits 1, saying so", () =>
    Effect.scoped(Effect.gen(function*() {
      const { code, output } = yield* signalled("stuck")
      assert.strictEqual(code, 1, output)
      assert.include(output, "draining")
      assert.include(output, "wagate: shutdown did not finish within 300 ms; exiting")
    })), 40_000)

  it.live("it never keeps a process alive: one that stops by itself exits 0 before it fires", () =>
    Effect.scoped(Effect.gen(function*() {
      const { code, output } = yield* signalled("stops")
      assert.strictEqual(code, 0, output)
      assert.notInclude(output, "did not finish")
    })), 40_000)
})

import { assert, describe, it } from "@effect/vitest"
import { testDatabase, testDatabaseUrl } from "@wagate/store-pg/testing"
import { Effect } from "effect"
import { mkdtempSync, rmSync } from "node:fs"
import * as Net from "node:net"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { freePort, repositoryRoot, type Spawned, spawnProcess } from "../support/process.ts"

const PASSWORD = "s3cret-pw-never-shown"

const tempDir = Effect.acquireRelease(
  Effect.sync(() => mkdtempSync(join(tmpdir(), "wagate-startup-errors-"))),
  (dir) => Effect.sync(() => rmSync(dir, { recursive: true, force: true }))
)

/** Runs the gateway (or, with `cli`, `wagate migrate`) to its exit; answers the code, stderr and all output. */
const runToExit = (env: Record<string, string>, options: { readonly cli?: boolean } = {}) =>
  Effect.acquireRelease(
    Effect.sync(() =>
      options.cli === true
        ? spawnProcess(env, { file: process.execPath, args: [join(repositoryRoot, "apps", "cli", "bin", "wagate.js"), "migrate"] })
        : spawnProcess({ PORT: "0", WAGATE_TRANSPORT: "simulator", ...env })
    ),
    (spawned: Spawned) => Effect.sync(() => spawned.child.exitCode === null && spawned.child.kill("SIGKILL"))
  ).pipe(
    Effect.flatMap((spawned) =>
      Effect.promise(() => spawned.exited).pipe(
        Effect.timeout("90 seconds"),
        Effect.map((code) => ({ code, errors: spawned.errors(), output: spawned.output() }))
      )
    )
  )

/** The `wagate: …` lines on stderr. */
const problemLines = (errors: string) => errors.split("\n").filter((line) => line !== "")

const assertOneLine = (result: { readonly code: number | string; readonly errors: string; readonly output: string }) => {
  assert.strictEqual(result.code, 1, result.output)
  assert.notInclude(result.output, "    at ", "no stack")
  assert.notInclude(result.output, PASSWORD)
  const lines = problemLines(result.errors)
  assert.strictEqual(lines.length, 1, result.errors)
  return lines[0] ?? ""
}

/** A database URL on the test server with other credentials, database or port. */
const serverUrl = (change: (url: URL) => void) => {
  const url = new URL(testDatabaseUrl())
  change(url)
  return url.toString()
}

/**
 * A server that speaks just enough of the Postgres protocol to refuse a password the way Postgres does: it asks
 * for a cleartext password, records it, and answers `28P01 password authentication failed`.
 */
const passwordRefusingServer = Effect.acquireRelease(
  Effect.callback<{ readonly port: number; readonly passwords: Array<string>; readonly server: Net.Server }>((resume) => {
    const passwords: Array<string> = []
    const server = Net.createServer((socket) => {
      let buffer = Buffer.alloc(0)
      let started = false
      socket.on("error", () => {})
      socket.on("data", (chunk: Buffer) => {
        buffer = Buffer.concat([buffer, chunk])
        if (!started) {
          if (buffer.length < 8) return
          const length = buffer.readInt32BE(0)
          if (buffer.length < length) return
          const code = buffer.readInt32BE(4)
          buffer = buffer.subarray(length)
          if (code === 80877103) {
            socket.write("N") // SSLRequest: no TLS here
            return
          }
          started = true
          const askPassword = Buffer.alloc(9)
          askPassword.write("R", 0)
          askPassword.writeInt32BE(8, 1)
          askPassword.writeInt32BE(3, 5)
          socket.write(askPassword)
          return
        }
        if (buffer.length < 5 || buffer.toString("latin1", 0, 1) !== "p") return
        const length = buffer.readInt32BE(1)
        if (buffer.length < length + 1) return
        passwords.push(buffer.toString("utf8", 5, length).replace(/\0$/, ""))
        const fields = Buffer.from(
          "SFATAL\0VFATAL\0C28P01\0Mpassword authentication failed for user \"wagate\"\0\0",
          "utf8"
        )
        const error = Buffer.alloc(5)
        error.write("E", 0)
        error.writeInt32BE(fields.length + 4, 1)
        socket.end(Buffer.concat([error, fields]))
      })
    })
    server.listen(0, "127.0.0.1", () => {
      const address = server.address()
      resume(Effect.succeed({ port: typeof address === "object" && address !== null ? address.port : 0, passwords, server }))
    })
  }),
  ({ server }) => Effect.callback<void>((resume) => {
    server.close(() => resume(Effect.void))
  })
)

describe("start-up errors: one line per problem, exit 1, no stack", () => {
  it.live("bad PORT and bad WAGATE_TRANSPORT at once: two lines, each naming its variable", () =>
    Effect.scoped(Effect.gen(function*() {
      const result = yield* runToExit({ PORT: "http", WAGATE_TRANSPORT: "carrier-pigeon" })
      assert.strictEqual(result.code, 1)
      assert.notInclude(result.output, "    at ")
      assert.deepStrictEqual(problemLines(result.errors), [
        "wagate: PORT must be an integer port from 0 to 65535, got \"http\"",
        "wagate: WAGATE_TRANSPORT must be one of baileys, simulator, got \"carrier-pigeon\""
      ])
    })), 60_000)

  it.live("a database URL nothing answers on", () =>
    Effect.scoped(Effect.gen(function*() {
      const port = yield* Effect.promise(freePort)
      const url = serverUrl((url) => {
        url.password = PASSWORD
        url.port = String(port)
      })
      const line = assertOneLine(yield* runToExit({ WAGATE_DATABASE_URL: url }))
      assert.strictEqual(
        line,
        `wagate: WAGATE_DATABASE_URL: nothing accepts connections at 127.0.0.1:${port} (connection refused)`
      )
    })), 60_000)

  it.live("an unknown database", () =>
    Effect.scoped(Effect.gen(function*() {
      const url = serverUrl((url) => {
        url.password = PASSWORD
        url.pathname = "/wagate_no_such_database"
      })
      const line = assertOneLine(yield* runToExit({ WAGATE_DATABASE_URL: url }))
      assert.strictEqual(
        line,
        "wagate: WAGATE_DATABASE_URL: the server has no such database: database \"wagate_no_such_database\" does not exist"
      )
    })), 60_000)

  it.live("a user the server does not know", () =>
    Effect.scoped(Effect.gen(function*() {
      const url = serverUrl((url) => {
        url.username = "wagate_nobody"
        url.password = PASSWORD
      })
      const line = assertOneLine(yield* runToExit({ WAGATE_DATABASE_URL: url }))
      assert.strictEqual(line, "wagate: WAGATE_DATABASE_URL: the server refused the login: role \"wagate_nobody\" does not exist")
    })), 60_000)

  it.live("a wrong password: the server's refusal, never the password", () =>
    Effect.scoped(Effect.gen(function*() {
      const server = yield* passwordRefusingServer
      const url = `postgres://wagate:${PASSWORD}@127.0.0.1:${server.port}/wagate`
      const line = assertOneLine(yield* runToExit({ WAGATE_DATABASE_URL: url }))
      assert.deepStrictEqual(server.passwords, [PASSWORD], "the gateway did send the password")
      assert.strictEqual(
        line,
        "wagate: WAGATE_DATABASE_URL: the server refused the login: password authentication failed for user \"wagate\""
      )
    })), 60_000)

  it.live("a port another process listens on", () =>
    Effect.scoped(Effect.gen(function*() {
      const taken = yield* Effect.acquireRelease(
        Effect.callback<Net.Server>((resume) => {
          const server = Net.createServer()
          server.listen(0, () => resume(Effect.succeed(server)))
        }),
        (server) => Effect.sync(() => server.close())
      )
      const address = taken.address()
      const port = typeof address === "object" && address !== null ? address.port : 0
      const dir = yield* tempDir
      const line = assertOneLine(yield* runToExit({ PORT: String(port), WAGATE_DATA_DIR: dir }))
      assert.strictEqual(line, `wagate: PORT: port ${port} is already in use by another process`)
    })), 60_000)

  it.live("WAGATE_LOG_LEVEL=debug adds the whole cause, stack included", () =>
    Effect.scoped(Effect.gen(function*() {
      const result = yield* runToExit({ PORT: "http", WAGATE_LOG_LEVEL: "debug" })
      assert.strictEqual(result.code, 1)
      assert.include(result.errors, "wagate: PORT must be an integer port from 0 to 65535, got \"http\"\n")
      assert.include(result.errors, "    at ")
    })), 60_000)

  it.live("the CLI reads the same configuration and prints the same lines", () =>
    Effect.scoped(Effect.gen(function*() {
      const config = yield* runToExit({ PORT: "http", WAGATE_TRANSPORT: "carrier-pigeon" }, { cli: true })
      assert.strictEqual(config.code, 1)
      assert.deepStrictEqual(problemLines(config.errors), [
        "wagate: PORT must be an integer port from 0 to 65535, got \"http\"",
        "wagate: WAGATE_TRANSPORT must be one of baileys, simulator, got \"carrier-pigeon\""
      ])
      const url = serverUrl((url) => {
        url.username = "wagate_nobody"
        url.password = PASSWORD
      })
      const line = assertOneLine(yield* runToExit({ WAGATE_DATABASE_URL: url }, { cli: true }))
      assert.strictEqual(line, "wagate: WAGATE_DATABASE_URL: the server refused the login: role \"wagate_nobody\" does not exist")
    })), 60_000)

  it.live("a cluster runner port another process listens on: one line naming WAGATE_RUNNER_PORT", () =>
    Effect.scoped(Effect.gen(function*() {
      const taken = yield* Effect.acquireRelease(
        Effect.callback<Net.Server>((resume) => {
          const server = Net.createServer()
          server.listen(0, "127.0.0.1", () => resume(Effect.succeed(server)))
        }),
        (server) => Effect.sync(() => server.close())
      )
      const address = taken.address()
      const port = typeof address === "object" && address !== null ? address.port : 0
      // A database of its own: the gateway migrates it before its runner listens.
      const fresh = new URL(testDatabaseUrl())
      fresh.pathname = `/${yield* testDatabase(testDatabaseUrl())}`
      const line = assertOneLine(
        yield* runToExit({ WAGATE_TRANSPORT: "baileys", WAGATE_DATABASE_URL: fresh.toString(), WAGATE_RUNNER_PORT: String(port) })
      )
      assert.strictEqual(line, `wagate: WAGATE_RUNNER_PORT: port ${port} is already in use by another process`)
    })), 60_000)

  it.live("a worker without a Postgres server, or on the in-process simulator: one line saying why", () =>
    Effect.scoped(Effect.gen(function*() {
      const worker = { file: "npm", args: ["run", "--silent", "worker"] }
      const run = (env: Record<string, string>) =>
        Effect.acquireRelease(Effect.sync(() => spawnProcess(env, worker)), (spawned) =>
          Effect.sync(() => spawned.child.exitCode === null && spawned.child.kill("SIGKILL"))).pipe(
          Effect.flatMap((spawned) =>
            Effect.map(Effect.promise(() => spawned.exited), (code) => ({ code, errors: spawned.errors(), output: spawned.output() }))
          )
        )
      const embedded = assertOneLine(yield* run({ WAGATE_DATA_DIR: yield* tempDir }))
      assert.strictEqual(
        embedded,
        "wagate: WAGATE_DATABASE_URL: unset: a worker is a runner among gateways that share a Postgres server (the embedded database is one process's)"
      )
      const simulated = assertOneLine(yield* run({ WAGATE_DATABASE_URL: testDatabaseUrl(), WAGATE_TRANSPORT: "simulator" }))
      assert.strictEqual(simulated, "wagate: WAGATE_TRANSPORT: must be baileys: a worker runs WhatsApp sessions")
    })), 60_000)
})

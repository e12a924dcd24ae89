/**
 * Real gateway processes for the process tests and `bench/`: spawn one (as `node main.ts` or as the README's
 * `npm start`), read what it prints, talk to it over raw sockets, and see which processes it left behind.
 * Plain promises and Node APIs only, so a script can use it without vitest.
 */
import { type ChildProcess, spawn } from "node:child_process"
import { readdirSync, readFileSync } from "node:fs"
import * as Net from "node:net"
import { join } from "node:path"

/** The repository root: `npm start` runs from here. */
export const repositoryRoot = join(import.meta.dirname, "..", "..", "..", "..")

/** The Node options the start script runs the gateway with (package.json `start`). */
export const gatewayNodeOptions = [
  "--max-semi-space-size=2",
  "--experimental-async-context-frame",
  "--conditions=@wagate/source",
  // A CPU profile of each gateway, written when it exits (not on SIGKILL): `WAGATE_CPU_PROF_DIR=dir npm run bench:…`.
  ...(process.env["WAGATE_CPU_PROF_DIR"] === undefined ? [] : ["--cpu-prof", `--cpu-prof-dir=${process.env["WAGATE_CPU_PROF_DIR"]}`])
]

/** The gateway's entry point, as the start script runs it. */
export const gatewayMain = join(repositoryRoot, "apps", "http", "src", "main.ts")

export interface Spawned {
  readonly child: ChildProcess
  /** Everything printed so far, stdout and stderr interleaved. */
  readonly output: () => string
  /** Only stderr. */
  readonly errors: () => string
  /** Resolves with the first match of `pattern` in the output; rejects when the process exits first or at the deadline. */
  readonly waitFor: (pattern: RegExp, deadlineMs?: number) => Promise<RegExpExecArray>
  /** Resolves with the exit code (or the signal's name) once the process has exited. */
  readonly exited: Promise<number | NodeJS.Signals>
}

/**
 * Starts `command` (default: this Node running the gateway's `main.ts`) with `env` added to the environment and
 * collects its output.
 */
export const spawnProcess = (
  env: Record<string, string>,
  command: { readonly file: string; readonly args: ReadonlyArray<string> } = { file: process.execPath, args: [...gatewayNodeOptions, gatewayMain] }
): Spawned => {
  const child = spawn(command.file, command.args, {
    cwd: repositoryRoot,
    // Each gateway its own cluster runner port (a free one), unless the test names one.
    env: { ...process.env, WAGATE_RUNNER_PORT: "0", ...env },
    stdio: ["ignore", "pipe", "pipe"]
  })
  let output = ""
  let errors = ""
  child.stdout?.on("data", (chunk: Buffer) => (output += chunk.toString()))
  child.stderr?.on("data", (chunk: Buffer) => {
    output += chunk.toString()
    errors += chunk.toString()
  })
  const exited = new Promise<number | NodeJS.Signals>((resolve) =>
    child.once("exit", (code, signal) => resolve(code ?? signal ?? "SIGKILL"))
  )
  const waitFor = (pattern: RegExp, deadlineMs = 60_000) =>
    new Promise<RegExpExecArray>((resolve, reject) => {
      const check = () => {
        const match = pattern.exec(output)
        if (match === null) return false
        finish()
        resolve(match)
        return true
      }
      const onData = () => void check()
      const onExit = () => {
        if (!check()) {
          finish()
          reject(new Error(`the process exited before printing ${pattern}:\n${output}`))
        }
      }
      const timer = setTimeout(() => {
        finish()
        reject(new Error(`no ${pattern} within ${deadlineMs} ms:\n${output}`))
      }, deadlineMs)
      const finish = () => {
        clearTimeout(timer)
        child.stdout?.off("data", onData)
        child.stderr?.off("data", onData)
        child.off("exit", onExit)
      }
      if (check()) return
      child.stdout?.on("data", onData)
      child.stderr?.on("data", onData)
      child.on("exit", onExit)
    })
  return { child, output: () => output, errors: () => errors, waitFor, exited }
}

/** `npm start` as the README documents it, with `env` added (npm is the machine's, as an operator would run it). */
export const spawnNpmStart = (env: Record<string, string>): Spawned =>
  spawnProcess(env, { file: "npm", args: ["start"] })

/** `npm run <script>` (e.g. `worker`), as an operator runs it, with `env` added. */
export const spawnNpmScript = (script: string, env: Record<string, string>): Spawned =>
  spawnProcess(env, { file: "npm", args: ["run", script] })

/** Resolves with the port from the gateway's ready line (`Listening on http://…:<port>`). */
export const readyPort = async (spawned: Spawned, deadlineMs = 120_000): Promise<number> => {
  const match = await spawned.waitFor(/Listening on http:\/\/[^"\s]*:(\d+)"/, deadlineMs)
  return Number(match[1])
}

/** A TCP port that was free a moment ago (bound to 0, read, released). */
export const freePort = (): Promise<number> =>
  new Promise((resolve, reject) => {
    const server = Net.createServer()
    server.once("error", reject)
    server.listen(0, "127.0.0.1", () => {
      const address = server.address()
      const port = typeof address === "object" && address !== null ? address.port : 0
      server.close(() => resolve(port))
    })
  })

/** An HTTP response read off a raw socket. */
export interface RawAnswer {
  readonly outcome: "answered"
  readonly status: number
  /** Header names in lower case. */
  readonly headers: Readonly<Record<string, string>>
  readonly body: string
}

/** What became of one request on a raw socket. */
export type RawOutcome =
  | RawAnswer
  /** The connection was refused: nothing listens on the port. */
  | { readonly outcome: "refused" }
  /** Connected, and no complete answer by the deadline. */
  | { readonly outcome: "hung"; readonly received: string }
  /** Connected, and the connection ended or failed without a complete answer. */
  | { readonly outcome: "cut"; readonly received: string; readonly error?: string }

/** The response in `received`, once whole; a response to `HEAD` has headers only, whatever `Content-Length` says. */
const parseAnswer = (received: string, head = false): RawAnswer | undefined => {
  const end = received.indexOf("\r\n\r\n")
  if (end < 0) return undefined
  const [statusLine = "", ...lines] = received.slice(0, end).split("\r\n")
  const status = Number(/^HTTP\/1\.[01] (\d{3})/.exec(statusLine)?.[1])
  if (!Number.isInteger(status)) return undefined
  const headers: Record<string, string> = {}
  for (const line of lines) {
    const colon = line.indexOf(":")
    if (colon > 0) headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim()
  }
  const body = head ? "" : received.slice(end + 4)
  const length = headers["content-length"]
  if (!head && length !== undefined && Buffer.byteLength(body, "latin1") < Number(length)) return undefined
  return { outcome: "answered", status, headers, body: Buffer.from(body, "latin1").toString("utf8") }
}

/**
 * Sends `request` (the raw bytes) on a new connection to 127.0.0.1:`port` and reads until the server closes the
 * connection or a whole response (with `Content-Length`) has arrived; `deadlineMs` bounds the wait once connected.
 */
export const rawRequest = (port: number, request: string, deadlineMs = 10_000): Promise<RawOutcome> =>
  new Promise((resolve) => {
    const socket = Net.connect({ port, host: "127.0.0.1" })
    let received = ""
    let settled = false
    let timer: NodeJS.Timeout | undefined
    const head = request.startsWith("HEAD ")
    const settle = (outcome: RawOutcome) => {
      if (settled) return
      settled = true
      if (timer !== undefined) clearTimeout(timer)
      socket.destroy()
      resolve(outcome)
    }
    socket.on("connect", () => {
      timer = setTimeout(() => settle({ outcome: "hung", received }), deadlineMs)
      socket.write(request)
    })
    socket.on("data", (chunk: Buffer) => {
      received += chunk.toString("latin1")
      const answer = parseAnswer(received, head)
      if (answer !== undefined && answer.headers["content-length"] !== undefined) settle(answer)
    })
    socket.on("error", (error: NodeJS.ErrnoException) => {
      if (error.code === "ECONNREFUSED") settle({ outcome: "refused" })
      else settle(parseAnswer(received, head) ?? { outcome: "cut", received, error: error.code ?? error.message })
    })
    socket.on("close", () => settle(parseAnswer(received, head) ?? { outcome: "cut", received }))
  })

/** A `GET` (or another bodiless method) as raw bytes, closing the connection after the answer. */
export const rawGet = (path: string, headers: Record<string, string> = {}, method = "GET"): string =>
  `${method} ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n` +
  Object.entries(headers).map(([name, value]) => `${name}: ${value}\r\n`).join("") +
  "\r\n"

/** Whether a process with this PID exists (and is not a zombie awaiting its parent). */
export const isAlive = (pid: number): boolean => {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8")
    // The state follows the command name in parentheses: `Z` is a zombie, already dead.
    return stat.slice(stat.lastIndexOf(")") + 2, stat.lastIndexOf(")") + 3) !== "Z"
  } catch {
    return false
  }
}

/** Every live descendant of `pid` (children, their children, …), read from `/proc`. */
export const descendants = (pid: number): ReadonlyArray<number> => {
  const parents = new Map<number, Array<number>>()
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8")
      const parent = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1])
      const siblings = parents.get(parent) ?? []
      siblings.push(Number(entry))
      parents.set(parent, siblings)
    } catch {
      // The process ended while /proc was read.
    }
  }
  const found: Array<number> = []
  const visit = (parent: number) => {
    for (const child of parents.get(parent) ?? []) {
      found.push(child)
      visit(child)
    }
  }
  visit(pid)
  return found.filter(isAlive)
}

/** Polls `condition` every 20 ms until it holds; rejects with `what` at the deadline. */
export const eventually = async (what: string, condition: () => boolean | Promise<boolean>, deadlineMs = 30_000) => {
  const deadline = Date.now() + deadlineMs
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`not within ${deadlineMs} ms: ${what}`)
    await new Promise((resolve) => setTimeout(resolve, 20))
  }
}

/** Sends `request` on a new connection and resolves with every byte received until the server closes it. */
export const rawExchange = (port: number, request: string, deadlineMs = 10_000): Promise<string> =>
  new Promise((resolve, reject) => {
    const socket = Net.connect({ port, host: "127.0.0.1" }, () => socket.write(request))
    const chunks: Array<Buffer> = []
    const timer = setTimeout(() => {
      socket.destroy()
      reject(new Error(`the server kept the connection open past ${deadlineMs} ms`))
    }, deadlineMs)
    socket.on("data", (chunk: Buffer) => chunks.push(chunk))
    socket.on("error", () => {})
    socket.on("close", () => {
      clearTimeout(timer)
      resolve(Buffer.concat(chunks).toString("utf8"))
    })
  })

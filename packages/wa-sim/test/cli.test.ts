import { assert, describe, it } from "@effect/vitest"
import { type ChildProcess, spawn } from "node:child_process"
import { createRequire } from "node:module"
import { dirname, join } from "node:path"
import { fileURLToPath } from "node:url"
import { startWaSim } from "@wagate/wa-sim"
import { parseArguments } from "../src/cli/arguments.ts"

const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..", "..")
const pinnedNode = join(dirname(createRequire(import.meta.url).resolve("node/package.json")), "bin")
/** The pinned Node 22 first (the bin is TypeScript), then the workspace's bins, as `npx` sees them. */
const env = { ...process.env, PATH: `${pinnedNode}:${join(root, "node_modules", ".bin")}:${process.env["PATH"] ?? ""}` }

interface Printed {
  readonly socket: string
  readonly rootKey: string
  readonly control: string
}

const start = (command: string, args: ReadonlyArray<string>): { child: ChildProcess; printed: Promise<Printed>; stderr: () => string } => {
  const child = spawn(command, args, { cwd: root, env, stdio: ["ignore", "pipe", "pipe"] })
  let output = ""
  let errors = ""
  child.stderr!.on("data", (chunk: Buffer) => (errors += chunk.toString()))
  const printed = new Promise<Printed>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`wa-sim printed nothing usable in 50 s: ${output} ${errors}`)), 50_000)
    child.stdout!.on("data", (chunk: Buffer) => {
      output += chunk.toString()
      const socket = /socket:\s+(ws:\/\/127\.0\.0\.1:\d+\/ws\/chat)/.exec(output)?.[1]
      const rootKey = /root key:\s+([A-Za-z0-9+/]{43}=)/.exec(output)?.[1]
      const control = /control:\s+(http:\/\/127\.0\.0\.1:\d+\/control)/.exec(output)?.[1]
      if (socket && rootKey && control) {
        clearTimeout(timer)
        resolve({ socket, rootKey, control })
      }
    })
    child.once("exit", (code) => reject(new Error(`wa-sim exited with ${code}: ${errors}`)))
  })
  return { child, printed, stderr: () => errors }
}

const exitOf = (child: ChildProcess): Promise<number | null> =>
  child.exitCode !== null ? Promise.resolve(child.exitCode) : new Promise((resolve) => child.once("exit", (code) => resolve(code)))

const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0)
    return true
  } catch {
    return false
  }
}

/**
 * Each case spawns its own simulator process (importing Baileys and the simulator takes about 2 CPU-seconds): the
 * cases run concurrently, each on its own process and port, so they overlap instead of adding up. The timeouts
 * allow for a loaded machine; a case waits for what the process prints or for its exit, never for a delay.
 */
describe.concurrent("the wa-sim command", { timeout: 60_000 }, () => {
  it("prints its socket URL, root key and control address, answers there, and exits 0 on SIGTERM", async () => {
    const { child, printed, stderr } = start(join(root, "node_modules", ".bin", "wa-sim"), ["--port", "0"])
    const { control, rootKey, socket } = await printed
    const described = (await (await fetch(control)).json()) as { websocket: string; rootPublicKey: string; pid: number }
    assert.strictEqual(described.websocket, socket)
    assert.strictEqual(described.rootPublicKey, rootKey)
    assert.strictEqual(described.pid, child.pid)
    child.kill("SIGTERM")
    assert.strictEqual(await exitOf(child), 0, stderr())
  })

  it("exits 0 on SIGINT too", async () => {
    const { child, printed, stderr } = start(join(root, "node_modules", ".bin", "wa-sim"), [])
    await printed
    child.kill("SIGINT")
    assert.strictEqual(await exitOf(child), 0, stderr())
  })

  it("`npx wa-sim` runs it through npm's `sh -c`, which dies of a SIGTERM without passing it on: the simulator stops by itself", async () => {
    const { child, printed } = start("npx", ["--no-install", "wa-sim", "--port", "0"])
    const { control } = await printed
    const { pid } = (await (await fetch(control)).json()) as { pid: number }
    assert.notStrictEqual(pid, child.pid, "npx runs the simulator in a child process")
    const exited = new Promise<NodeJS.Signals | null>((resolve) => child.once("exit", (_code, signal) => resolve(signal)))
    child.kill("SIGTERM")
    assert.strictEqual(await exited, "SIGTERM", "npm ends by the signal it forwarded to its shell (status 143)")
    const deadline = Date.now() + 10_000
    while (alive(pid) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50))
    assert.isFalse(alive(pid), "the simulator is not left running, orphaned")
  })

  it("`npx -c 'exec wa-sim'` hands the signal to the simulator itself, as `npm start` does: npx exits 0 with it", async () => {
    const { child, printed, stderr } = start("npx", ["--no-install", "-c", "exec wa-sim --port 0"])
    const { control } = await printed
    const { pid } = (await (await fetch(control)).json()) as { pid: number }
    child.kill("SIGTERM")
    assert.strictEqual(await exitOf(child), 0, stderr())
    assert.isFalse(alive(pid), "the simulator ended before npx did")
  })

  it("refuses bad arguments with exit 2 and prints usage on --help", async () => {
    const bad = spawn(join(root, "node_modules", ".bin", "wa-sim"), ["--port", "http"], { cwd: root, env, stdio: "ignore" })
    assert.strictEqual(await exitOf(bad), 2)
    const help = spawn(join(root, "node_modules", ".bin", "wa-sim"), ["--help"], { cwd: root, env, stdio: "ignore" })
    assert.strictEqual(await exitOf(help), 0)
  })

  it("says in one line why it cannot start when the port is taken, and exits 1", async () => {
    const taken = await startWaSim()
    try {
      const child = spawn(join(root, "node_modules", ".bin", "wa-sim"), ["--port", String(taken.port)], {
        cwd: root,
        env,
        stdio: ["ignore", "ignore", "pipe"]
      })
      let errors = ""
      child.stderr.on("data", (chunk: Buffer) => (errors += chunk.toString()))
      assert.strictEqual(await exitOf(child), 1)
      assert.match(errors, new RegExp(`^wa-sim: cannot listen on 127\\.0\\.0\\.1:${taken.port}: .*EADDRINUSE.*\\n$`))
    } finally {
      await taken.close()
    }
  })

  it("reads its arguments", () => {
    assert.deepStrictEqual(parseArguments([]), { _tag: "Run", port: 0, host: "127.0.0.1" })
    assert.deepStrictEqual(parseArguments(["--port", "4100"]), { _tag: "Run", port: 4100, host: "127.0.0.1" })
    assert.deepStrictEqual(parseArguments(["--port=4100", "--host", "0.0.0.0"]), { _tag: "Run", port: 4100, host: "0.0.0.0" })
    assert.deepStrictEqual(parseArguments(["--help"]), { _tag: "Help" })
    assert.strictEqual(parseArguments(["--port", "70000"])._tag, "Invalid")
    assert.strictEqual(parseArguments(["--port"])._tag, "Invalid")
    assert.strictEqual(parseArguments(["--verbose"])._tag, "Invalid")
  })
})

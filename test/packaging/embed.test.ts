/**
 * wagate as the services that embed it get it: every workspace package built (`npm run pack`: clean, build, pack),
 * `examples/embed` copied out of the repository and installed from those tarballs with npm, then run on this
 * Node 22 with nothing of the workspace in reach (no links, no `@wagate/source` condition, no sources).
 */
import { assert, describe, layer } from "@effect/vitest"
import { Context, Effect, Layer } from "effect"
import { type ChildProcess, spawn } from "node:child_process"
import { cpSync, existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { delimiter, dirname, join, relative, resolve } from "node:path"

const repo = join(import.meta.dirname, "..", "..")
const example = join(repo, "examples", "embed")

interface Manifest {
  readonly name: string
  readonly version: string
  readonly exports?: Record<string, { readonly types: string; readonly default: string }>
  readonly dependencies?: Record<string, string>
}

const readJson = <A>(file: string): A => JSON.parse(readFileSync(file, "utf8"))

/** The workspace packages, by name, as `npm pack` names their tarballs (`@wagate/store-pg` → `wagate-store-pg-0.1.0.tgz`). */
const workspaces: ReadonlyMap<string, string> = new Map(
  ["packages", "apps"].flatMap((group) =>
    readdirSync(join(repo, group)).map((dir) => readJson<Manifest>(join(repo, group, dir, "package.json")))
  ).map((m) => [m.name, `${m.name.slice(1).replace("/", "-")}-${m.version}.tgz`])
)

/**
 * A child's environment: this Node 22 first on PATH, and nothing of the npm run or the Vitest worker around the
 * test (npm's `npm_*` variables would point npm at the repository; NODE_OPTIONS could carry conditions).
 */
const childEnv = (extra: Record<string, string>) => {
  const env: Record<string, string> = {}
  for (const [key, value] of Object.entries(process.env)) {
    if (value !== undefined && !key.startsWith("npm_") && key !== "NODE_OPTIONS") env[key] = value
  }
  return { ...env, PATH: `${dirname(process.execPath)}${delimiter}${process.env["PATH"] ?? ""}`, ...extra }
}

interface Ran {
  readonly code: number | null
  readonly stdout: string
  readonly stderr: string
}

/** Runs a command to its end (killed if the test is interrupted) and answers its exit code and output. */
const run = (command: string, args: ReadonlyArray<string>, cwd: string, env: Record<string, string> = {}) =>
  Effect.callback<Ran>((resume) => {
    const child = spawn(command, args, { cwd, env: childEnv(env), stdio: ["ignore", "pipe", "pipe"] })
    let stdout = ""
    let stderr = ""
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()))
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()))
    child.on("error", (error) => resume(Effect.die(error)))
    child.on("close", (code) => resume(Effect.succeed({ code, stdout, stderr })))
    return Effect.sync(() => child.kill("SIGKILL"))
  })

/** Runs it and fails the test, with everything it printed, unless it exits 0. */
const succeed = (command: string, args: ReadonlyArray<string>, cwd: string, env: Record<string, string> = {}) =>
  Effect.tap(run(command, args, cwd, env), (ran) =>
    Effect.sync(() =>
      assert.strictEqual(ran.code, 0, `${command} ${args.join(" ")} exited ${ran.code}\n${ran.stdout}\n${ran.stderr}`)
    ))

const tempDir = (prefix: string) =>
  Effect.acquireRelease(
    Effect.sync(() => mkdtempSync(join(tmpdir(), prefix))),
    (dir) => Effect.sync(() => rmSync(dir, { recursive: true, force: true }))
  )

/** Every workspace package built and packed (`npm run pack`), by package name. */
class Packed extends Context.Service<Packed, {
  readonly tarballs: ReadonlyMap<string, string>
}>()("test/packaging/Packed") {}

const PackedWorkspace = Layer.effect(
  Packed,
  Effect.gen(function*() {
    const packDir = yield* tempDir("wagate-pack-")
    const packed = yield* succeed(process.execPath, [join(repo, "scripts", "pack.ts"), packDir], repo)
    const paths = packed.stdout.trim().split("\n")
    const tarballs = new Map(Array.from(workspaces, ([name, file]) => [name, join(packDir, file)]))
    assert.sameMembers(paths, [...tarballs.values()], "one tarball per workspace package")
    return { tarballs }
  })
)

/** The packed tarballs (by package name) and the example installed from them in a directory of its own. */
class Installed extends Context.Service<Installed, {
  readonly tarballs: ReadonlyMap<string, string>
  readonly dir: string
}>()("test/packaging/Installed") {}

const InstalledExample = Layer.effect(
  Installed,
  Effect.gen(function*() {
    const { tarballs } = yield* Packed

    // A clean copy of the example, as a user would start from it, its wagate dependencies pointed at the tarballs.
    const dir = yield* tempDir("wagate-embed-")
    cpSync(example, dir, {
      recursive: true,
      filter: (source) => !["node_modules", "package-lock.json", "data"].includes(relative(example, source))
    })
    const manifest = readJson<Manifest & { dependencies: Record<string, string> }>(join(dir, "package.json"))
    for (const name of Object.keys(manifest.dependencies).filter((name) => name.startsWith("@wagate/"))) {
      const tarball = tarballs.get(name)
      assert.isDefined(tarball, `the example depends on ${name}, which is no workspace package`)
      manifest.dependencies[name] = `file:${tarball}`
    }
    writeFileSync(join(dir, "package.json"), JSON.stringify(manifest, null, 2))
    yield* succeed("npm", ["install", "--prefer-offline", "--no-audit", "--no-fund"], dir)
    return { tarballs, dir }
  })
)

/** `@wagate/wa-sim` installed from its tarball (with `@wagate/core`'s) into an empty project, as a test suite would. */
class InstalledSimulator extends Context.Service<InstalledSimulator, { readonly dir: string }>()("test/packaging/InstalledSimulator") {}

const InstalledWaSim = Layer.effect(
  InstalledSimulator,
  Effect.gen(function*() {
    const { tarballs } = yield* Packed
    const dir = yield* tempDir("wagate-wa-sim-")
    const tarball = (name: string) => `file:${tarballs.get(name) ?? assert.fail(`no tarball for ${name}`)}`
    const example = readJson<{ devDependencies: Record<string, string> }>(join(repo, "examples", "embed", "package.json"))
    writeFileSync(join(dir, "package.json"), JSON.stringify({
      name: "wa-sim-consumer",
      version: "0.0.0",
      private: true,
      type: "module",
      dependencies: { "@wagate/core": tarball("@wagate/core"), "@wagate/wa-sim": tarball("@wagate/wa-sim") },
      devDependencies: example.devDependencies
    }, null, 2))
    yield* succeed("npm", ["install", "--prefer-offline", "--no-audit", "--no-fund"], dir)
    return { dir }
  })
)

/** Starts a command that serves until signalled; resolves with what it printed once `ready` matches. */
const serving = (command: string, args: ReadonlyArray<string>, cwd: string, ready: RegExp) =>
  Effect.acquireRelease(
    Effect.callback<{ readonly child: ChildProcess; readonly match: RegExpExecArray }, Error>((resume) => {
      const child = spawn(command, args, { cwd, env: childEnv({}), stdio: ["ignore", "pipe", "pipe"] })
      let output = ""
      const read = (chunk: Buffer) => {
        output += chunk.toString()
        const match = ready.exec(output)
        if (match !== null) resume(Effect.succeed({ child, match }))
      }
      child.stdout.on("data", read)
      child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()))
      child.on("exit", (code) => resume(Effect.fail(new Error(`${command} exited ${code} before it was ready:\n${output}`))))
    }).pipe(Effect.timeout("60 seconds")),
    ({ child }) => Effect.sync(() => child.exitCode === null && child.signalCode === null && child.kill("SIGKILL"))
  )

/** What the example prints for a group: the stored group and its stored members. */
interface TeamGroup {
  readonly session: string
  readonly group: { readonly groupJid: string; readonly subject: string; readonly participants: number }
  readonly members: ReadonlyArray<{ readonly jid: string; readonly phoneJid: string | null; readonly lid: string | null; readonly role: string }>
}

describe("packaging", () => {
  // Real processes and real time: no TestClock. Packed once, installed twice.
  layer(PackedWorkspace, { timeout: "300 seconds", excludeTestServices: true })("the packed tarballs", (it) => {
    it.layer(InstalledExample, { timeout: "300 seconds" })("examples/embed on the packed tarballs", (it) => {
      it.effect("each tarball holds the build (JavaScript and declarations for every export), no sources", () =>
        Effect.gen(function*() {
          const { tarballs } = yield* Installed
          for (const [name, tarball] of tarballs) {
            const listing = yield* succeed("tar", ["tzf", tarball], tmpdir())
            const files = listing.stdout.trim().split("\n").map((line) => line.replace(/^package\//, ""))
            const manifest: Manifest = JSON.parse((yield* succeed("tar", ["xzOf", tarball, "package/package.json"], tmpdir())).stdout)
            assert.isDefined(manifest.exports, `${name} has exports`)
            for (const [subpath, target] of Object.entries(manifest.exports ?? {})) {
              assert.include(files, target.default.replace(/^\.\//, ""), `${name} ${subpath}: its JavaScript`)
              assert.include(files, target.types.replace(/^\.\//, ""), `${name} ${subpath}: its declarations`)
            }
            assert.deepStrictEqual(files.filter((file) => !/^(dist\/.*\.(js|d\.ts)|bin\/[^/]+\.js|package\.json|README\.md)$/.test(file)), [], name)
          }
        }))

      it.effect("the example's wagate packages are the tarballs themselves: no workspace link, nothing from the registry", () =>
        Effect.gen(function*() {
          const { dir, tarballs } = yield* Installed
          const lock = readJson<{ packages: Record<string, { resolved?: string }> }>(join(dir, "package-lock.json"))
          // The wagate packages themselves, wherever npm put them; not the dependencies nested under them (a package
          // that pins another version of a shared dependency gets its own copy, e.g. `@wagate/wa-sim/node_modules/ws`).
          const wagate = Object.entries(lock.packages).filter(([path]) => /(^|\/)node_modules\/@wagate\/[^/]+$/.test(path))
          assert.isAbove(wagate.length, 0)
          for (const [path, entry] of wagate) {
            const name = path.slice(path.lastIndexOf("@wagate/"))
            const resolved = entry.resolved ?? ""
            assert.match(resolved, /^file:/, `${path} comes from a file`)
            assert.strictEqual(resolve(dir, resolved.slice("file:".length)), tarballs.get(name), `${path} is its tarball`)
            assert.isFalse(lstatSync(join(dir, path)).isSymbolicLink(), `${path} is a copy, not a link`)
            assert.isFalse(existsSync(join(dir, path, "src")), `${path} ships no sources`)
          }
        }))

      it.effect("the example creates a group with its members on the embedded store, and a new process reads them back", () =>
        Effect.gen(function*() {
          const { dir } = yield* Installed
          const data = yield* tempDir("wagate-embed-data-")
          const env = { WAGATE_DATA_DIR: data }
          const created = yield* succeed(
            process.execPath,
            ["src/main.ts", "create", "ops", "Ops on call", "+62 812 3456 7890", "6281111111111@s.whatsapp.net"],
            dir,
            env
          )
          const team: TeamGroup = JSON.parse(created.stdout)
          assert.strictEqual(team.session, "ops")
          assert.strictEqual(team.group.subject, "Ops on call")
          assert.strictEqual(team.group.participants, 3)
          // The in-process world addresses groups by LID (ADR 0023): members are found by their phone twin.
          const members = team.members.map((m) => [m.phoneJid, m.role])
          assert.includeDeepMembers(members, [
            ["6281234567890@s.whatsapp.net", "member"],
            ["6281111111111@s.whatsapp.net", "member"]
          ])
          assert.strictEqual(team.members.filter((m) => m.role === "superadmin").length, 1, "the session's own account owns it")
          assert.isTrue(existsSync(join(data, "pgdata")), "the store lives in the data directory")

          const listed = yield* succeed(process.execPath, ["src/main.ts", "list"], dir, env)
          assert.deepStrictEqual(JSON.parse(listed.stdout), [team])
        }))

      it.effect("the example type-checks against the packages' declarations", () =>
        Effect.gen(function*() {
          const { dir } = yield* Installed
          yield* succeed("npm", ["run", "typecheck"], dir)
        }))

      it.effect("npx wagate runs from the installed tarball, on the store the library then opens", () =>
        Effect.gen(function*() {
          const { dir } = yield* Installed
          const data = yield* tempDir("wagate-embed-cli-")
          const env = { WAGATE_DATA_DIR: data }
          const migrated = yield* succeed("npx", ["--no", "wagate", "migrate"], dir, env)
          assert.include(migrated.stdout + migrated.stderr, "applied 0001_initial")
          const key = yield* succeed("npx", ["--no", "wagate", "apikey", "create", "--org", "acme", "--caps", "read", "--name", "ci"], dir, env)
          assert.match(key.stdout, /^wgk_\S+$/m)
          const listed = yield* succeed(process.execPath, ["src/main.ts", "list"], dir, env)
          assert.deepStrictEqual(JSON.parse(listed.stdout), [])
        }))

      it.effect("every export of every installed package loads on plain Node (no source condition) and type-checks", () =>
        Effect.gen(function*() {
          const { dir } = yield* Installed
          const installed = readdirSync(join(dir, "node_modules", "@wagate"))
          assert.sameMembers(installed, ["auth", "cli", "cluster", "core", "http", "memory", "store-pg", "wa-sim", "whatsapp-baileys"])
          const specifiers = installed.flatMap((pkg) => {
            const manifest = readJson<Manifest>(join(dir, "node_modules", "@wagate", pkg, "package.json"))
            return Object.keys(manifest.exports ?? {}).map((subpath) => `${manifest.name}${subpath.slice(1)}`)
          })
          const script = `for (const s of ${JSON.stringify(specifiers)}) { const m = await import(s); if (Object.keys(m).length === 0) throw new Error(s + " exports nothing") }`
          yield* succeed(process.execPath, ["--input-type=module", "-e", script], dir)

          // A module of the example importing every export, checked with its settings (declarations included).
          const consumer = join(dir, "every-export")
          mkdirSync(consumer, { recursive: true })
          const imports = specifiers.map((s, i) => `import * as m${i} from "${s}"\n`).join("")
          writeFileSync(join(consumer, "index.ts"), `${imports}export const all = [${specifiers.map((_, i) => `m${i}`).join(", ")}]\n`)
          writeFileSync(join(consumer, "tsconfig.json"), JSON.stringify({ extends: "../tsconfig.json", include: ["index.ts"] }))
          // As for @wagate/wa-sim below: @wagate/whatsapp-baileys's declarations name Baileys', whose own do not
          // compile with skipLibCheck off; wagate's and the consumer's must be clean.
          const checked = yield* run(join(dir, "node_modules", ".bin", "tsc"), ["-p", join(consumer, "tsconfig.json")], dir)
          const errors = checked.stdout.split("\n").filter((line) => /error TS\d+/.test(line))
          assert.isTrue(checked.code === 0 || errors.length > 0, `tsc failed without a type error:\n${checked.stdout}\n${checked.stderr}`)
          const ours = errors.filter((line) => !/^node_modules\/(@whiskeysockets\/baileys|whatsapp-rust-bridge)\//.test(line))
          assert.deepStrictEqual(ours, [], checked.stdout)
        }))
    })

    it.layer(InstalledWaSim, { timeout: "300 seconds" })("@wagate/wa-sim installed from its tarball", (it) => {
      it.effect("npx runs its wa-sim bin from the build: it prints its addresses, answers there, and exits 0 on SIGTERM", () =>
        Effect.scoped(Effect.gen(function*() {
          const { dir } = yield* InstalledSimulator
          // `exec`, so that the signal reaches the simulator itself (plain `npx wa-sim` runs it under `sh -c`).
          const { child, match } = yield* serving("npx", ["--no", "-c", "exec wa-sim --port 0"], dir, /control:\s+(http:\/\/\S+)\n/)
          const control = match[1] ?? ""
          const described = (yield* Effect.promise(() => fetch(control).then((r) => r.json()))) as { websocket: string; operations: ReadonlyArray<string> }
          assert.match(described.websocket, /^ws:\/\/127\.0\.0\.1:\d+\/ws\/chat$/)
          assert.include(described.operations, "POST fault")
          const exited = Effect.callback<number | null>((resume) => {
            child.once("exit", (code) => resume(Effect.succeed(code)))
          })
          child.kill("SIGTERM")
          assert.strictEqual(yield* exited.pipe(Effect.timeout("30 seconds")), 0)
        })))

      it.effect("the library starts a simulator on plain Node (no source condition), and type-checks against its declarations", () =>
        Effect.gen(function*() {
          const { dir } = yield* InstalledSimulator
          const script = `const { startWaSim } = await import("@wagate/wa-sim"); const sim = await startWaSim(); process.stdout.write(sim.url); await sim.close()`
          const started = yield* succeed(process.execPath, ["--input-type=module", "-e", script], dir)
          assert.match(started.stdout, /^ws:\/\/127\.0\.0\.1:\d+\/ws\/chat$/)

          mkdirSync(join(dir, "src"))
          writeFileSync(join(dir, "src", "index.ts"), [
            `import { startWaSim, type FaultView, type GroupView, type WaSim, WaSimService } from "@wagate/wa-sim"`,
            `export const sim: Promise<WaSim> = startWaSim({ port: 0 })`,
            `export const groups = (s: WaSim): ReadonlyArray<GroupView> => s.control.groups()`,
            `export const faults = (s: WaSim): ReadonlyArray<FaultView> => s.control.faults()`,
            `export const service = WaSimService.layer({ port: 0 })`,
            ""
          ].join("\n"))
          cpSync(join(example, "tsconfig.json"), join(dir, "tsconfig.json"))
          // skipLibCheck is off, as for the example: every declaration is checked. Baileys' and
          // whatsapp-rust-bridge's own declarations do not compile so (an extensionless relative import in
          // Types/Bussines.d.ts, an undeclared EncodingNode): those are theirs; wagate's and the consumer's must be clean.
          const checked = yield* run(join(dir, "node_modules", ".bin", "tsc"), ["-p", join(dir, "tsconfig.json")], dir)
          const errors = checked.stdout.split("\n").filter((line) => /error TS\d+/.test(line))
          assert.isTrue(checked.code === 0 || errors.length > 0, `tsc failed without a type error:\n${checked.stdout}\n${checked.stderr}`)
          const ours = errors.filter((line) => !/^node_modules\/(@whiskeysockets\/baileys|whatsapp-rust-bridge)\//.test(line))
          assert.deepStrictEqual(ours, [], checked.stdout)
        }))
    })
  })
})

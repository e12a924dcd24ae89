import { assert, describe, it } from "@effect/vitest"
import { Effect } from "effect"
import { HttpServer } from "effect/http"
import { execFile } from "node:child_process"
import { mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs"
import { createRequire } from "node:module"
import { tmpdir } from "node:os"
import { dirname, join } from "node:path"
import { raw, TestGateway, tokens } from "./support/gateway.ts"

/**
 * The reference as its readers and tools meet it: `/openapi.json` from a listening gateway, linted with Redocly's
 * recommended rules (`apps/http/redocly.yaml`), and turned into a client with openapi-typescript and openapi-fetch
 * that the TypeScript compiler checks and that then calls the gateway. All tools run offline, as child processes.
 */

const repoRoot = join(import.meta.dirname, "..", "..", "..")
const fromRoot = createRequire(join(repoRoot, "package.json"))
const fromApp = createRequire(import.meta.filename)

/** A package's bin script, resolved as Node would from `require`. */
const binOf = (require: NodeJS.Require, pkg: string, bin: string): string => {
  const manifestPath = require.resolve(`${pkg}/package.json`)
  const manifest = JSON.parse(readFileSync(manifestPath, "utf8")) as { version: string; bin: Record<string, string> }
  const script = manifest.bin[bin]
  if (script === undefined) throw new Error(`${pkg} has no bin ${bin}`)
  return join(dirname(manifestPath), script)
}

const redocly = binOf(fromRoot, "@redocly/cli", "redocly")
/** openapi-typescript runs on TypeScript 5 (an override in the root package.json); it lives under apps/http. */
const openapiTypescript = binOf(fromApp, "openapi-typescript", "openapi-typescript")
/** The project's own compiler, TypeScript 7, from the root (apps/http holds the TypeScript 5 above). */
const tsc = binOf(fromRoot, "typescript", "tsc")
const redoclyConfig = join(import.meta.dirname, "..", "redocly.yaml")

interface Ran {
  readonly code: number
  readonly stdout: string
  readonly stderr: string
}

/** Runs a Node script to its end; a non-zero exit is a result, not a failure. No network is needed. */
const runNode = (script: string, args: ReadonlyArray<string>, options: { readonly cwd?: string; readonly env?: Record<string, string> } = {}) =>
  Effect.callback<Ran>((resume) => {
    const child = execFile(
      process.execPath,
      [script, ...args],
      {
        cwd: options.cwd,
        env: { ...process.env, REDOCLY_TELEMETRY: "off", REDOCLY_SUPPRESS_UPDATE_NOTICE: "true", NO_COLOR: "1", ...options.env },
        maxBuffer: 64 * 1024 * 1024
      },
      (error, stdout, stderr) => resume(Effect.succeed({ code: error === null ? 0 : typeof error.code === "number" ? error.code : 1, stdout, stderr }))
    )
    return Effect.sync(() => child.kill("SIGKILL"))
  })

const workDir = Effect.acquireRelease(
  Effect.sync(() => mkdtempSync(join(tmpdir(), "wagate-reference-"))),
  (dir) => Effect.sync(() => rmSync(dir, { recursive: true, force: true }))
)

/** The document a listening gateway serves, and where that gateway listens. */
const servedDocument = Effect.gen(function*() {
  const response = yield* raw("GET", "/openapi.json", { token: null })
  assert.strictEqual(response.status, 200)
  const server = yield* HttpServer.HttpServer
  const address = server.address
  assert.notStrictEqual(address._tag, "UnixPathAddress")
  const port = address._tag === "UnixPathAddress" ? 0 : address.port
  return { text: response.text, spec: response.json as Spec, baseUrl: `http://127.0.0.1:${port}` }
})

interface Problem {
  readonly ruleId: string
  readonly severity: "error" | "warn"
  readonly message: string
  readonly location: ReadonlyArray<{ readonly pointer: string }>
}

const lint = (dir: string, name: string, document: string) =>
  Effect.gen(function*() {
    const file = join(dir, name)
    writeFileSync(file, document)
    const ran = yield* runNode(redocly, ["lint", file, "--config", redoclyConfig, "--format=json"])
    const report = JSON.parse(ran.stdout) as { totals: { errors: number; warnings: number }; problems: ReadonlyArray<Problem> }
    return { ...ran, report }
  })

type Json = Record<string, unknown>
interface Operation {
  readonly summary?: string
  readonly description?: string
  readonly parameters?: ReadonlyArray<{ readonly name: string; readonly description?: string; readonly schema?: Json }>
  readonly requestBody?: { readonly content: Record<string, { readonly examples?: Json }> }
  readonly responses: Record<string, { readonly content?: Record<string, { readonly examples?: Json; readonly schema?: Json }> }>
}
interface Spec {
  readonly paths: Record<string, Record<string, Operation>>
  readonly components: { readonly schemas: Record<string, Json> }
  readonly tags: ReadonlyArray<{ readonly name: string; readonly description?: string }>
  readonly servers?: ReadonlyArray<unknown>
  readonly info: { readonly license?: unknown }
}

const operationsOf = (spec: Spec) =>
  Object.entries(spec.paths).flatMap(([path, methods]) =>
    Object.entries(methods).map(([method, operation]) => ({ id: `${method.toUpperCase()} ${path}`, path, operation }))
  )

/** The operations routes: no input, no token, so no 4xx (the lint warns about exactly these, see redocly.yaml). */
const operationsRoutes = ["/healthz", "/readyz", "/metrics", "/openapi.json", "/docs"]

describe("the reference", () => {
  it.effect("lints with Redocly's recommended rules: no error, and only the warnings its config justifies", () =>
    Effect.scoped(Effect.gen(function*() {
      const dir = yield* workDir
      const { text } = yield* servedDocument
      const result = yield* lint(dir, "openapi.json", text)
      const shown = JSON.stringify(result.report.problems.map((p) => [p.severity, p.ruleId, p.message, p.location[0]?.pointer]), null, 1)
      assert.strictEqual(result.report.totals.errors, 0, shown)
      assert.strictEqual(result.code, 0, result.stderr)
      const warned = result.report.problems.map((p) => `${p.ruleId} ${p.location[0]?.pointer}`).sort()
      assert.deepStrictEqual(
        warned,
        operationsRoutes.map((path) => `operation-4xx-response #/paths/${path.replaceAll("/", "~1")}/get/responses`).sort(),
        shown
      )
    })).pipe(Effect.provide(TestGateway())), 120_000)

  it.effect("the lint fails a document without a summary or with an example its schema refuses", () =>
    Effect.scoped(Effect.gen(function*() {
      const dir = yield* workDir
      const { text } = yield* servedDocument
      const broken = JSON.parse(text) as { paths: Record<string, Record<string, Json>> }
      const create = broken.paths["/api/v1/sessions"]?.["post"]
      assert.isDefined(create)
      delete create?.["summary"]
      const get = broken.paths["/api/v1/sessions/{session}"]?.["get"] as Operation | undefined
      const example = get?.responses["200"]?.content?.["application/json"]?.examples?.["alice"] as { value: Json } | undefined
      assert.isDefined(example)
      if (example !== undefined) example.value = { ...example.value, status: "asleep" }
      const result = yield* lint(dir, "broken.json", JSON.stringify(broken))
      assert.notStrictEqual(result.code, 0)
      const rules = result.report.problems.filter((p) => p.severity === "error").map((p) => p.ruleId)
      assert.include(rules, "operation-summary")
      assert.include(rules, "no-invalid-media-type-examples")
    })).pipe(Effect.provide(TestGateway())), 120_000)

  it.effect("documents every operation for people: summary, the seeds' aspects, exactly its errors, parameters, examples", () =>
    Effect.gen(function*() {
      const { spec } = yield* servedDocument
      const operations = operationsOf(spec)
      for (const { id, path, operation } of operations) {
        assert.isAbove(operation.summary?.length ?? 0, 5, `${id} has a summary`)
        const description = operation.description ?? ""
        for (const aspect of ["**Capability:**", "**Success:**", "**Side effects:**", "**Idempotency:**"]) {
          assert.include(description, aspect, `${id} states ${aspect}`)
        }
        // Exactly the error statuses the operation declares are listed, each with its meaning there.
        const listed = [...description.matchAll(/^- \*\*(\d{3}) `[a-z_]+`\*\*: /gm)].map((match) => match[1]).sort()
        const declared = Object.keys(operation.responses).filter((status) => !status.startsWith("2")).sort()
        assert.deepStrictEqual(listed, declared, `${id} lists the errors it declares`)
        if (path.startsWith("/api/v1/")) {
          for (const status of ["400", "401", "413", "500", "503"]) assert.include(declared, status, `${id} declares ${status}`)
        }
        for (const parameter of operation.parameters ?? []) {
          assert.isAbove(parameter.description?.length ?? 0, 10, `${id} describes its parameter ${parameter.name}`)
        }
        if (operation.requestBody !== undefined) {
          assert.isAbove(Object.keys(operation.requestBody.content["application/json"]?.examples ?? {}).length, 0, `${id}: request examples`)
        }
        // Every JSON response shows what it looks like: successes and errors alike.
        for (const [status, response] of Object.entries(operation.responses)) {
          const json = response.content?.["application/json"]
          if (json !== undefined && path !== "/openapi.json") {
            assert.isAbove(Object.keys(json.examples ?? {}).length, 0, `${id}: ${status} examples`)
          }
        }
      }
      // The routes the issue found missing, in their own tags.
      const ids = operations.map((o) => o.id)
      for (const expected of ["GET /healthz", "GET /readyz", "GET /metrics", "POST /api/v1/_simulator/sessions/{session}:disconnect"]) {
        assert.include(ids, expected)
      }
      assert.deepStrictEqual(spec.tags.filter((tag) => (tag.description?.length ?? 0) < 40), [], "every tag is described")
      assert.isAbove(spec.servers?.length ?? 0, 0)
      assert.isDefined(spec.info.license)
    }).pipe(Effect.provide(TestGateway())))

  it.effect("names its schemas, types its parameters and discriminates the send body", () =>
    Effect.gen(function*() {
      const { spec } = yield* servedDocument
      const schemas = spec.components.schemas
      for (const name of ["Session", "Group", "Member", "SendResult", "ParticipantResult", "ApiKey", "Community", "SendMessageBody"]) {
        assert.property(schemas, name)
      }
      const properties = (name: string) => schemas[name]?.["properties"] as Record<string, Json>
      assert.strictEqual(properties("Session")["createdAt"]?.["format"], "date-time")
      assert.strictEqual(properties("Group")["groupJid"]?.["pattern"], "^[0-9]{1,32}(-[0-9]{1,32})?@g\\.us$")
      assert.strictEqual(properties("Member")["jid"]?.["pattern"], "^(?:[0-9]{7,15}@s\\.whatsapp\\.net|[0-9]{1,20}@lid)$")
      assert.include(JSON.stringify(properties("Member")["lid"]), JSON.stringify("^[0-9]{1,20}@lid$"), "a LID or null")
      assert.include(JSON.stringify(properties("Session")["lid"]), JSON.stringify("^[0-9]{1,20}@lid$"))
      assert.strictEqual(properties("Session")["id"]?.["pattern"], "^[A-Za-z0-9_-]{1,64}$")

      const parameter = (path: string, method: string, name: string) =>
        spec.paths[path]?.[method]?.parameters?.find((p) => p.name === name)?.schema
      assert.strictEqual(parameter("/api/v1/sessions", "get", "limit")?.["type"], "integer")
      assert.strictEqual(parameter("/api/v1/sessions/{session}/messages", "post", "async")?.["type"], "boolean")

      const send = schemas["SendMessageBody"] ?? {}
      assert.notProperty(send, "anyOf")
      assert.strictEqual((send["oneOf"] as ReadonlyArray<unknown>).length, 12)
      assert.deepStrictEqual(send["discriminator"], {
        propertyName: "type",
        mapping: Object.fromEntries(
          ["text", "poll", "location", "contact", "reaction", "edit", "delete", "image", "video", "audio", "document", "sticker"].map((type) => [
            type,
            `#/components/schemas/${type.charAt(0).toUpperCase()}${type.slice(1)}Message`
          ])
        )
      })
    }).pipe(Effect.provide(TestGateway())))

  it.effect("the operations routes answer as the reference says", () =>
    Effect.gen(function*() {
      for (const path of ["/healthz", "/readyz"]) {
        const response = yield* raw("GET", path, { token: null })
        assert.strictEqual(response.status, 200)
        assert.deepStrictEqual(response.json, { status: "ok" })
      }
      const metrics = yield* raw("GET", "/metrics", { token: null })
      assert.strictEqual(metrics.status, 200)
      assert.match(metrics.headers["content-type"] ?? "", /^text\/plain/)
      assert.include(metrics.text, "wagate_store_up")
      const docs = yield* raw("GET", "/docs", { token: null })
      assert.match(docs.headers["content-type"] ?? "", /^text\/html/)
    }).pipe(Effect.provide(TestGateway())))

  it.effect("a client generated with openapi-typescript type-checks with tsc and calls the gateway with openapi-fetch", () =>
    Effect.scoped(Effect.gen(function*() {
      const dir = yield* workDir
      const { text, baseUrl } = yield* servedDocument
      writeFileSync(join(dir, "openapi.json"), text)
      const generated = yield* runNode(openapiTypescript, [join(dir, "openapi.json"), "-o", join(dir, "schema.ts")])
      assert.strictEqual(generated.code, 0, generated.stderr)

      // The program and the compiler see the repository's packages (openapi-fetch, @types/node) as installed.
      symlinkSync(join(repoRoot, "node_modules"), join(dir, "node_modules"), "dir")
      writeFileSync(join(dir, "package.json"), JSON.stringify({ type: "module" }))
      writeFileSync(join(dir, "tsconfig.json"), JSON.stringify({ compilerOptions: programCompilerOptions, files: ["program.ts"] }))
      writeFileSync(join(dir, "program.ts"), program)

      const checked = yield* runNode(tsc, ["-p", join(dir, "tsconfig.json")], { cwd: dir })
      assert.strictEqual(checked.code, 0, `${checked.stdout}${checked.stderr}`)

      const ran = yield* runNode(join(dir, "program.ts"), [], { cwd: dir, env: { WAGATE_URL: baseUrl, WAGATE_TOKEN: tokens.acme } })
      assert.strictEqual(ran.code, 0, ran.stderr)
      assert.deepStrictEqual(JSON.parse(ran.stdout), {
        missing: { status: 404, code: "not_found", resource: "session" },
        created: "connected",
        page: { count: 1, more: false },
        sent: { status: "sent", to: "6281234567890@s.whatsapp.net" },
        invalid: { status: 400, code: "validation_error", options: "a poll needs 2 to 12 options" }
      })
    })).pipe(Effect.provide(TestGateway())), 120_000)
})

const programCompilerOptions = {
  target: "ES2023",
  lib: ["ES2023"],
  module: "NodeNext",
  moduleResolution: "NodeNext",
  types: ["node"],
  strict: true,
  exactOptionalPropertyTypes: true,
  noUncheckedIndexedAccess: true,
  allowImportingTsExtensions: true,
  verbatimModuleSyntax: true,
  noEmit: true
}

/**
 * A service author's program against the generated client: the types the reference promises (an integer `limit`,
 * a boolean `async`, named schemas, a discriminated send body, readable error details) are asserted at compile
 * time, and the calls show what the gateway answers.
 */
const program = `import createClient from "openapi-fetch"
import type { components, paths } from "./schema.ts"

type Equals<A, B> = (<T>() => T extends A ? 1 : 2) extends (<T>() => T extends B ? 1 : 2) ? true : false
const assertType = <T extends true>(): T | undefined => undefined

type ListQuery = NonNullable<paths["/api/v1/sessions"]["get"]["parameters"]["query"]>
assertType<Equals<ListQuery["limit"], number | undefined>>()
type SendQuery = NonNullable<paths["/api/v1/sessions/{session}/messages"]["post"]["parameters"]["query"]>
assertType<Equals<SendQuery["async"], boolean | undefined>>()
type Session = components["schemas"]["Session"]
assertType<Equals<Session["status"], "pairing" | "connecting" | "connected" | "disconnected" | "logged_out">>()
type Poll = Extract<components["schemas"]["SendMessageBody"], { type: "poll" }>
assertType<Equals<Poll["options"], Array<string>>>()
// Error details are typed per error: a 404 names the resource, a 400 maps fields to what is wrong with them.
type NotFoundDetails = components["schemas"]["NotFound"]["error"]["details"]
assertType<Equals<NotFoundDetails["resource"], "session" | "group" | "message" | "community" | "invite" | "api_key" | "member" | "webhook">>()
assertType<Equals<components["schemas"]["ValidationError"]["error"]["details"], Record<string, string>>>()

const client = createClient<paths>({
  baseUrl: process.env["WAGATE_URL"] ?? "",
  headers: { authorization: \`Bearer \${process.env["WAGATE_TOKEN"] ?? ""}\` }
})

const missing = await client.GET("/api/v1/sessions/{session}", { params: { path: { session: "nobody" } } })
const created = await client.POST("/api/v1/sessions", { body: { id: "typed", name: "Typed" } })
const page = await client.GET("/api/v1/sessions", { params: { query: { limit: 1 } } })
const sent = await client.POST("/api/v1/sessions/{session}/messages", {
  params: { path: { session: "typed" }, query: { async: false } },
  body: { type: "text", to: "+62 812 3456 7890", text: "typed hello" }
})
const invalid = await client.POST("/api/v1/sessions/{session}/messages", {
  params: { path: { session: "typed" } },
  body: { type: "poll", to: "6281234567890@s.whatsapp.net", name: "Q", options: ["only one"] }
})

// \`error\` is the union of the operation's error bodies; its \`code\` tells them apart, and \`details\` follows.
const missingError = missing.error?.error
const resource = missingError?.code === "not_found" ? missingError.details.resource : undefined
assertType<Equals<typeof resource, NotFoundDetails["resource"] | undefined>>()
const invalidError = invalid.error?.error
const options = invalidError?.code === "validation_error" ? invalidError.details["options"] : undefined
process.stdout.write(JSON.stringify({
  missing: { status: missing.response.status, code: missingError?.code, resource },
  created: created.data?.status,
  page: { count: page.data?.items.length, more: page.data?.nextCursor !== "" },
  sent: { status: sent.data?.status, to: sent.data?.to },
  invalid: { status: invalid.response.status, code: invalidError?.code, options }
}))
`

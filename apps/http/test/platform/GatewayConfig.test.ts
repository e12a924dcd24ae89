import { assert, describe, it } from "@effect/vitest"
import { OrgId } from "@wagate/core"
import { ConfigProvider, Duration, Effect, Layer, Option, Redacted, Result } from "effect"
import { GatewayConfig, GatewayConfigError, parseDevTokens } from "../../src/config/GatewayConfig.ts"

const current = Effect.gen(function*() {
  return yield* GatewayConfig
})

const load = (env: Record<string, string>) => Effect.provide(current, GatewayConfig.layerFromEnv(env))

const loadError = (env: Record<string, string>) =>
  Effect.gen(function*() {
    const error = yield* Effect.flip(load(env))
    assert.instanceOf(error, GatewayConfigError)
    return error
  })

/** A root key as `npx wa-sim` prints it: base64 of 32 bytes. */
const rootKey = "k5g7fYfJ6QFnPoELNNVOiaQtpxEUYBf32IYU3lq4UiU="

describe("GatewayConfig", () => {
  it.effect("an empty environment gives the documented defaults", () =>
    Effect.gen(function*() {
      const config = yield* load({})
      assert.strictEqual(config.port, 3000)
      assert.isTrue(Option.isNone(config.databaseUrl))
      assert.strictEqual(config.dataDir, "./.wagate")
      assert.strictEqual(config.transport, "baileys")
      assert.isTrue(Option.isNone(config.jwt.jwksUrl))
      assert.isTrue(Option.isNone(config.jwt.issuer))
      assert.isTrue(Option.isNone(config.jwt.audience))
      assert.strictEqual(config.jwt.orgClaim, "org")
      assert.strictEqual(config.jwt.clockToleranceSeconds, 30)
      assert.strictEqual(config.sendRatePerMinute, 60)
      assert.deepStrictEqual(config.sending, { timeout: Duration.seconds(30), maxAge: Duration.days(1) })
      assert.strictEqual(config.logLevel, "Info")
      assert.strictEqual(Redacted.value(config.devTokens).size, 0)
      assert.deepStrictEqual(config.whatsapp, { url: Option.none(), certRoot: Option.none() })
      assert.deepStrictEqual(config.webhooks, { maxAttempts: 15, allowPrivate: false, firstRetryDelay: Duration.seconds(1) })
      assert.deepStrictEqual(config.eventRetention, Duration.days(7))
    }))

  it.effect("every variable is read", () =>
    Effect.gen(function*() {
      const config = yield* load({
        PORT: "8080",
        WAGATE_DATABASE_URL: "postgres://wagate:pw@db.internal:5432/wagate",
        WAGATE_DATA_DIR: "/var/lib/wagate",
        WAGATE_TRANSPORT: "simulator",
        WAGATE_JWKS_URL: "https://auth.example.com/.well-known/jwks.json",
        WAGATE_JWT_ISSUER: "https://auth.example.com/",
        WAGATE_JWT_AUDIENCE: "wagate",
        WAGATE_JWT_ORG_CLAIM: "tenant",
        WAGATE_JWT_CLOCK_TOLERANCE_SECONDS: "5",
        WAGATE_SEND_RATE_PER_MINUTE: "120",
        WAGATE_SEND_TIMEOUT_SECONDS: "0",
        WAGATE_SEND_MAX_AGE_SECONDS: "600",
        WAGATE_LOG_LEVEL: "DEBUG",
        WAGATE_DEV_TOKENS: "tok-a=acme:read,send,manage; tok-r = acme : read ;tok-g=globex:send",
        WAGATE_WA_URL: "ws://127.0.0.1:4100/ws/chat",
        WAGATE_WA_CERT_ROOT: rootKey,
        WAGATE_WEBHOOK_MAX_ATTEMPTS: "3",
        WAGATE_WEBHOOK_ALLOW_PRIVATE: "true",
        WAGATE_WEBHOOK_FIRST_RETRY_MS: "250",
        WAGATE_EVENT_RETENTION_DAYS: "30"
      })
      assert.strictEqual(config.port, 8080)
      assert.strictEqual(Option.map(config.databaseUrl, Redacted.value).pipe(Option.getOrUndefined), "postgres://wagate:pw@db.internal:5432/wagate")
      assert.strictEqual(config.dataDir, "/var/lib/wagate")
      assert.strictEqual(config.transport, "simulator")
      assert.deepStrictEqual(config.jwt, {
        jwksUrl: Option.some("https://auth.example.com/.well-known/jwks.json"),
        issuer: Option.some("https://auth.example.com/"),
        audience: Option.some("wagate"),
        orgClaim: "tenant",
        clockToleranceSeconds: 5
      })
      assert.strictEqual(config.sendRatePerMinute, 120)
      assert.deepStrictEqual(config.sending, { timeout: Duration.seconds(0), maxAge: Duration.minutes(10) })
      assert.strictEqual(config.logLevel, "Debug")
      assert.deepStrictEqual(config.whatsapp, { url: Option.some("ws://127.0.0.1:4100/ws/chat"), certRoot: Option.some(rootKey) })
      assert.deepStrictEqual(config.webhooks, { maxAttempts: 3, allowPrivate: true, firstRetryDelay: Duration.millis(250) })
      assert.deepStrictEqual(config.eventRetention, Duration.days(30))
      assert.deepStrictEqual(
        [...Redacted.value(config.devTokens)],
        [
          ["tok-a", { orgId: OrgId.make("acme"), capabilities: ["read", "send", "manage"] }],
          ["tok-r", { orgId: OrgId.make("acme"), capabilities: ["read"] }],
          ["tok-g", { orgId: OrgId.make("globex"), capabilities: ["send"] }]
        ]
      )
    }))

  it.effect("secrets stay redacted when the configuration is printed", () =>
    Effect.gen(function*() {
      const config = yield* load({ WAGATE_DATABASE_URL: "postgres://u:hunter2@db/w", WAGATE_DEV_TOKENS: "s3cr3t-tok=acme:read" })
      const printed = `${String(config.databaseUrl)} ${String(config.devTokens)} ${JSON.stringify(config)}`
      assert.notInclude(printed, "hunter2")
      assert.notInclude(printed, "s3cr3t-tok")
    }))

  it.effect("an empty variable counts as unset", () =>
    Effect.gen(function*() {
      const config = yield* load({ PORT: "", WAGATE_TRANSPORT: "  ", WAGATE_DEV_TOKENS: "" })
      assert.strictEqual(config.port, 3000)
      assert.strictEqual(config.transport, "baileys")
    }))

  const invalid: ReadonlyArray<readonly [string, string, string]> = [
    ["PORT", "abc", "must be an integer port from 0 to 65535, got \"abc\""],
    ["PORT", "70000", "must be an integer port"],
    ["PORT", "80.5", "must be an integer port"],
    ["WAGATE_TRANSPORT", "whatsmeow", "must be one of baileys, simulator, got \"whatsmeow\""],
    ["WAGATE_SEND_RATE_PER_MINUTE", "0", "must be a positive integer, got \"0\""],
    ["WAGATE_SEND_RATE_PER_MINUTE", "-5", "must be a positive integer"],
    ["WAGATE_LOG_LEVEL", "loud", "must be one of trace, debug, info, warn, error, fatal, none, got \"loud\""],
    ["WAGATE_JWKS_URL", "not a url", "must be an http:// or https:// URL"],
    ["WAGATE_JWKS_URL", "ftp://keys.example.com/jwks", "must be an http:// or https:// URL"],
    ["WAGATE_JWT_ORG_CLAIM", "org id", "must be a claim name without spaces"],
    ["WAGATE_JWT_CLOCK_TOLERANCE_SECONDS", "3600", "must be an integer number of seconds from 0 to 300"],
    ["WAGATE_DATABASE_URL", "mysql://root:hunter2@db/w", "must be a postgres:// or postgresql:// URL"],
    ["WAGATE_DEV_TOKENS", "hunter2", "entry 1 must look like token=org:cap,cap"],
    ["WAGATE_DEV_TOKENS", "hunter2=acme", "entry 1 must look like token=org:cap,cap"],
    ["WAGATE_DEV_TOKENS", "ok=acme:read;hunter2=acme:admin", "entry 2: unknown capability \"admin\""],
    ["WAGATE_DEV_TOKENS", "hunter2=acme:", "entry 1 has no capabilities"],
    ["WAGATE_DEV_TOKENS", "hunter2=:read", "entry 1: the organisation must be"],
    ["WAGATE_DEV_TOKENS", "hunter2=acme:read;hunter2=globex:send", "entry 2 repeats the token of entry 1"],
    ["WAGATE_DEV_TOKENS", "hun ter2=acme:read", "entry 1: the token must not contain spaces"],
    ["WAGATE_WA_URL", "https://web.whatsapp.com/ws/chat", "must be a ws:// or wss:// URL with a host, got \"https://web.whatsapp.com/ws/chat\""],
    ["WAGATE_WA_URL", "ws://", "must be a ws:// or wss:// URL with a host"],
    ["WAGATE_WEBHOOK_MAX_ATTEMPTS", "0", "must be an integer from 1 to 100, got \"0\""],
    ["WAGATE_WEBHOOK_ALLOW_PRIVATE", "yes", "must be true or false, got \"yes\""],
    ["WAGATE_WEBHOOK_FIRST_RETRY_MS", "1.5", "must be an integer number of milliseconds from 1 to 3600000"],
    ["WAGATE_EVENT_RETENTION_DAYS", "0", "must be an integer number of days from 1 to 3650"],
    ["WAGATE_SEND_TIMEOUT_SECONDS", "3601", "must be an integer number of seconds from 0 to 3600, got \"3601\""],
    ["WAGATE_SEND_MAX_AGE_SECONDS", "0", "must be an integer number of seconds from 1 to 31536000"]
  ]

  for (const [variable, value, expected] of invalid) {
    it.effect(`${variable}=${JSON.stringify(value)} stops start-up naming the variable`, () =>
      Effect.gen(function*() {
        const error = yield* loadError({ [variable]: value })
        assert.strictEqual(error.problems.length, 1)
        assert.include(error.message, `${variable} ${expected}`)
        assert.include(error.problems[0], variable)
        // Secrets are never echoed.
        assert.notInclude(error.message, "hunter2")
      }))
  }

  it.effect("every invalid variable is reported at once", () =>
    Effect.gen(function*() {
      const error = yield* loadError({ PORT: "http", WAGATE_TRANSPORT: "carrier-pigeon", WAGATE_LOG_LEVEL: "verbose" })
      assert.strictEqual(error.problems.length, 3)
      for (const variable of ["PORT", "WAGATE_TRANSPORT", "WAGATE_LOG_LEVEL"]) assert.include(error.message, variable)
    }))

  it.effect("the layer reads the ambient ConfigProvider", () =>
    Effect.gen(function*() {
      const config = yield* Effect.provide(
        current,
        GatewayConfig.layer.pipe(Layer.provide(ConfigProvider.layer(ConfigProvider.fromUnknown({ PORT: "4000" }))))
      )
      assert.strictEqual(config.port, 4000)
    }))

  it.effect("values are trimmed; a number must be plain digits", () =>
    Effect.gen(function*() {
      const config = yield* load({ PORT: " 8080 ", WAGATE_TRANSPORT: " simulator\n" })
      assert.strictEqual(config.port, 8080)
      assert.strictEqual(config.transport, "simulator")
      for (const value of ["1e3", "0x10", "+80", "-1", "80.0"]) {
        const error = yield* loadError({ PORT: value })
        assert.deepStrictEqual(error.problems, [`PORT must be an integer port from 0 to 65535, got ${JSON.stringify(value)}`])
      }
    }))

  it.effect("GatewayConfig.load reads the ambient provider without a layer", () =>
    Effect.gen(function*() {
      const config = yield* GatewayConfig.load.pipe(
        Effect.provideService(ConfigProvider.ConfigProvider, ConfigProvider.fromEnv({ env: { WAGATE_TRANSPORT: "simulator" } }))
      )
      assert.strictEqual(config.transport, "simulator")
    }))

  it.effect("each problem is one line naming the variable; a secret's value is never shown", () =>
    Effect.gen(function*() {
      const error = yield* loadError({
        PORT: "http",
        WAGATE_DATABASE_URL: "mysql://root:hunter2@db/w",
        WAGATE_DEV_TOKENS: "hunter2=acme:admin"
      })
      assert.deepStrictEqual(error.problems, [
        "PORT must be an integer port from 0 to 65535, got \"http\"",
        "WAGATE_DATABASE_URL must be a postgres:// or postgresql:// URL with a host (the value is not shown: it may hold a password)",
        "WAGATE_DEV_TOKENS entry 1: unknown capability \"admin\" (expected read, send or manage)"
      ])
      for (const problem of error.problems) assert.notInclude(problem, "\n")
    }))

  it.effect("WAGATE_WA_CERT_ROOT must be a 32-byte base64 key, and is refused without WAGATE_WA_URL", () =>
    Effect.gen(function*() {
      const url = "ws://127.0.0.1:4100/ws/chat"
      for (const value of ["not base64!", "AAAA", `${rootKey}AAAA`]) {
        const error = yield* loadError({ WAGATE_WA_URL: url, WAGATE_WA_CERT_ROOT: value })
        assert.deepStrictEqual(error.problems, [
          `WAGATE_WA_CERT_ROOT must be a base64 public key of 32 bytes (as \`npx wa-sim\` prints it), got ${JSON.stringify(value)}`
        ])
      }
      const alone = yield* loadError({ WAGATE_WA_CERT_ROOT: rootKey })
      assert.deepStrictEqual(alone.problems, [
        "WAGATE_WA_CERT_ROOT is only accepted with WAGATE_WA_URL (a simulator's root; WhatsApp's own root is built in)"
      ])
      const withOthers = yield* loadError({ WAGATE_WA_CERT_ROOT: rootKey, PORT: "http" })
      assert.strictEqual(withOthers.problems.length, 2)
      const urlOnly = yield* load({ WAGATE_WA_URL: "wss://wa.example.com/ws/chat" })
      assert.deepStrictEqual(urlOnly.whatsapp, { url: Option.some("wss://wa.example.com/ws/chat"), certRoot: Option.none() })
    }))

  it("parseDevTokens: capabilities are deduplicated, blank entries skipped", () => {
    const parsed = parseDevTokens(" a=acme:read,read,send ;; ")
    assert.isTrue(Result.isSuccess(parsed))
    if (Result.isSuccess(parsed)) {
      assert.deepStrictEqual(parsed.success.get("a"), { orgId: OrgId.make("acme"), capabilities: ["read", "send"] })
    }
  })
})

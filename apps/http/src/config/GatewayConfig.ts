/**
 * The gateway's configuration, read from the environment with Effect's `Config` (each variable a `Config.schema`,
 * `Config.Literals`, `Config.Redacted`, … through the current `ConfigProvider`).
 *
 * | variable | default | accepted values |
 * |---|---|---|
 * | `PORT` | `3000` | an integer 0..65535 (0 picks a free port) |
 * | `WAGATE_DATABASE_URL` | unset: embedded Postgres | a `postgres://` or `postgresql://` URL with a host; kept redacted |
 * | `WAGATE_DATA_DIR` | `./.wagate` | a directory |
 * | `WAGATE_TRANSPORT` | `baileys` | `baileys` or `simulator` |
 * | `WAGATE_JWKS_URL` | unset | an `http(s)://` URL |
 * | `WAGATE_JWT_ISSUER`, `WAGATE_JWT_AUDIENCE` | unset | strings |
 * | `WAGATE_JWT_ORG_CLAIM` | `org` | a claim name without spaces |
 * | `WAGATE_JWT_CLOCK_TOLERANCE_SECONDS` | `30` | an integer 0..300: the leeway for `exp` and `nbf` |
 * | `WAGATE_SEND_RATE_PER_MINUTE` | `60` | a positive integer |
 * | `WAGATE_SEND_TIMEOUT_SECONDS` | `30` | an integer 0..3600: how long a synchronous send waits before answering 202 |
 * | `WAGATE_SEND_MAX_AGE_SECONDS` | `86400` | an integer 1..31536000: how long a queued message may wait before it fails as `expired` |
 * | `WAGATE_LOG_LEVEL` | `info` | `trace`, `debug`, `info`, `warn`, `error`, `fatal` or `none` (any case) |
 * | `WAGATE_DEV_TOKENS` | none | static bearer tokens, see below; kept redacted |
 * | `WAGATE_WA_URL` | unset: WhatsApp's own socket URL | a `ws://` or `wss://` URL with a host (a simulator, for the sandbox) |
 * | `WAGATE_WA_CERT_ROOT` | unset: WhatsApp's own root | base64 of a 32-byte public key; only with `WAGATE_WA_URL` |
 * | `WAGATE_WEBHOOK_MAX_ATTEMPTS` | `15` | an integer 1..100: delivery attempts per event and webhook |
 * | `WAGATE_WEBHOOK_ALLOW_PRIVATE` | `false` | `true` or `false`: allow webhook URLs in loopback, private, link-local and metadata ranges |
 * | `WAGATE_WEBHOOK_FIRST_RETRY_MS` | `1000` | an integer 1..3600000: the delay before a delivery's first retry (doubling after) |
 * | `WAGATE_EVENT_RETENTION_DAYS` | `7` | an integer 1..3650: how long events and webhook delivery logs are kept |
 * | `WAGATE_RUNNER_HOST` | `127.0.0.1` | with a Postgres server: the host the other processes reach this one's cluster runner at |
 * | `WAGATE_RUNNER_PORT` | `34431` | an integer 0..65535: the port of this process's cluster runner (listened on at the host; 0 picks a free one) |
 *
 * `WAGATE_DEV_TOKENS` gives the in-memory `AuthPort` its tokens until real authentication lands:
 * `token=org:cap,cap;token2=org2:cap` — entries separated by `;`, each a token (no spaces, `=` or `;`), `=`,
 * an organisation id, `:`, and one or more of `read`, `send`, `manage` separated by `,`. Spaces around the
 * separators are ignored; a token may appear once. Example: `WAGATE_DEV_TOKENS="s3cret=acme:read,send,manage;r3ad=acme:read"`.
 *
 * Values are trimmed, and an empty (or blank) variable counts as unset. Every variable is read on its own, so an
 * invalid configuration stops start-up with a `GatewayConfigError` listing every offending variable at once, one
 * line each, naming it and what it accepts; secrets (the database URL, the tokens) are never echoed.
 */
import { Capability, OrgId, type Principal } from "@wagate/core"
import {
  Config,
  ConfigProvider,
  Context,
  Duration,
  Effect,
  Layer,
  type LogLevel,
  Option,
  Redacted,
  Result,
  Schema,
  SchemaIssue,
  SchemaTransformation
} from "effect"

export type Transport = "baileys" | "simulator"

/** JWT verification settings; verification is off while `jwksUrl` is none. */
export interface JwtConfig {
  readonly jwksUrl: Option.Option<string>
  readonly issuer: Option.Option<string>
  readonly audience: Option.Option<string>
  readonly orgClaim: string
  /** Leeway, in seconds, for `exp` and `nbf` (clocks drift). */
  readonly clockToleranceSeconds: number
}

/** Where the `baileys` transport connects, and the root it trusts; WhatsApp's own while both are none. */
export interface WhatsAppEndpoint {
  /** `WAGATE_WA_URL`: the WhatsApp Web socket URL. */
  readonly url: Option.Option<string>
  /** `WAGATE_WA_CERT_ROOT`: the base64 public key of the root that signs the server's certificates (simulators). */
  readonly certRoot: Option.Option<string>
}

/** Webhook checks and retries. */
export interface WebhookConfig {
  readonly maxAttempts: number
  readonly allowPrivate: boolean
  readonly firstRetryDelay: Duration.Duration
}

/** How long a synchronous send waits, and how long a queued message may wait. */
export interface SendConfig {
  readonly timeout: Duration.Duration
  readonly maxAge: Duration.Duration
}

export interface GatewayConfigShape {
  readonly port: number
  readonly databaseUrl: Option.Option<Redacted.Redacted<string>>
  readonly dataDir: string
  readonly transport: Transport
  readonly jwt: JwtConfig
  readonly sendRatePerMinute: number
  /** `WAGATE_SEND_TIMEOUT_SECONDS` and `WAGATE_SEND_MAX_AGE_SECONDS`. */
  readonly sending: SendConfig
  readonly logLevel: LogLevel.LogLevel
  /** `WAGATE_DEV_TOKENS`: token → caller, for `StaticAuth.layer(Redacted.value(devTokens))`. */
  readonly devTokens: Redacted.Redacted<ReadonlyMap<string, Principal>>
  readonly whatsapp: WhatsAppEndpoint
  readonly webhooks: WebhookConfig
  /** `WAGATE_EVENT_RETENTION_DAYS`. */
  readonly eventRetention: Duration.Duration
  /** `WAGATE_RUNNER_HOST`, `WAGATE_RUNNER_PORT`: where the other processes reach this one's cluster runner. */
  readonly runner: { readonly host: string; readonly port: number }
}

/** Start-up stops with this when a variable is invalid; `problems` has one line per offending variable. */
export class GatewayConfigError extends Schema.TaggedError<GatewayConfigError>()("GatewayConfigError", {
  message: Schema.String,
  problems: Schema.Array(Schema.String)
}) {}

// -- the values each variable accepts, as schemas -------------------------------------------------------------

/** A decimal integer from `minimum` to `maximum`: digits only (no sign, exponent, hex or fraction). */
const integer = (minimum: number, maximum: number) =>
  Schema.String.check(Schema.isPattern(/^[0-9]{1,16}$/)).pipe(
    Schema.decodeTo(Schema.Int.check(Schema.isBetween({ minimum, maximum })), SchemaTransformation.numberFromString)
  )

const hasProtocol = (protocols: ReadonlyArray<string>) =>
  Schema.makeFilter<URL>((url) => protocols.includes(url.protocol) && url.hostname !== "")

/** A Postgres URL with a host, redacted as soon as it is read: it may hold a password. */
const PostgresUrl = Schema.RedactedFromValue(
  Schema.String.check(Schema.makeFilter((value) => {
    const url = URL.canParse(value) ? new URL(value) : undefined
    return url !== undefined && (url.protocol === "postgres:" || url.protocol === "postgresql:") && url.hostname !== ""
  }))
)

/** A WebSocket URL with a host: where Baileys opens its socket. */
const WebSocketUrl = Schema.URL.check(hasProtocol(["ws:", "wss:"]))

/** A Curve25519 public key in base64 (32 bytes), as `npx wa-sim` prints its root key. */
const CertRoot = Schema.String.check(Schema.makeFilter((value) =>
  /^[A-Za-z0-9+/]+={0,2}$/.test(value) && value.length % 4 === 0 && Buffer.from(value, "base64").length === 32
))

const logLevels = {
  trace: "Trace",
  debug: "Debug",
  info: "Info",
  warn: "Warn",
  error: "Error",
  fatal: "Fatal",
  none: "None"
} as const satisfies Record<string, LogLevel.LogLevel>

const logLevelNames = ["trace", "debug", "info", "warn", "error", "fatal", "none"] as const

/** A log level name in any case. */
const LogLevelName = Schema.String.pipe(
  Schema.decode(SchemaTransformation.toLowerCase()),
  Schema.decodeTo(Schema.Literals(logLevelNames))
)

const isOrgId = Schema.is(OrgId)
const isCapability = Schema.is(Capability)

/**
 * Parses `WAGATE_DEV_TOKENS` (`token=org:cap,cap;token2=org2:cap`). Messages name entries by position, never by
 * token.
 */
export const parseDevTokens = (value: string): Result.Result<ReadonlyMap<string, Principal>, string> => {
  const tokens = new Map<string, Principal>()
  const positions = new Map<string, number>()
  const entries = value.split(";").map((entry) => entry.trim()).filter((entry) => entry !== "")
  for (const [index, entry] of entries.entries()) {
    const at = `entry ${index + 1}`
    const equals = entry.indexOf("=")
    const token = equals < 0 ? "" : entry.slice(0, equals).trim()
    const grant = equals < 0 ? "" : entry.slice(equals + 1).trim()
    const colon = grant.indexOf(":")
    if (token === "" || colon < 0) return Result.fail(`${at} must look like token=org:cap,cap`)
    if (/\s/.test(token)) return Result.fail(`${at}: the token must not contain spaces`)
    const org = grant.slice(0, colon).trim()
    if (!isOrgId(org)) return Result.fail(`${at}: the organisation must be 1 to 128 printable characters without spaces`)
    const capabilities: Array<Principal["capabilities"][number]> = []
    for (const name of grant.slice(colon + 1).split(",").map((cap) => cap.trim()).filter((cap) => cap !== "")) {
      if (!isCapability(name)) {
        return Result.fail(`${at}: unknown capability ${JSON.stringify(name)} (expected read, send or manage)`)
      }
      if (!capabilities.includes(name)) capabilities.push(name)
    }
    if (capabilities.length === 0) return Result.fail(`${at} has no capabilities (expected read, send or manage)`)
    const earlier = positions.get(token)
    if (earlier !== undefined) return Result.fail(`${at} repeats the token of entry ${earlier}`)
    positions.set(token, index + 1)
    tokens.set(token, { orgId: org, capabilities })
  }
  return Result.succeed(tokens)
}

/** A problem found by our own parsing, as the `ConfigError` a schema would have given. */
const invalidValue = (name: string, message: string) =>
  new Config.ConfigError(new Schema.SchemaError(new SchemaIssue.Pointer([name], new SchemaIssue.InvalidValue({ message }))))

// -- the variables ----------------------------------------------------------------------------------------------

/** Each variable's `Config`, defaults applied. */
const configs = {
  port: Config.schema(integer(0, 65535), "PORT").pipe(Config.withDefault(3000)),
  databaseUrl: Config.option(Config.schema(PostgresUrl, "WAGATE_DATABASE_URL")),
  dataDir: Config.String("WAGATE_DATA_DIR").pipe(Config.withDefault("./.wagate")),
  transport: Config.Literals(["baileys", "simulator"], "WAGATE_TRANSPORT").pipe(Config.withDefault("baileys")),
  jwksUrl: Config.option(Config.schema(Schema.URL.check(hasProtocol(["http:", "https:"])), "WAGATE_JWKS_URL")).pipe(
    Config.map(Option.map((url) => url.href))
  ),
  jwtIssuer: Config.option(Config.String("WAGATE_JWT_ISSUER")),
  jwtAudience: Config.option(Config.String("WAGATE_JWT_AUDIENCE")),
  jwtOrgClaim: Config.schema(Schema.String.check(Schema.isPattern(/^\S+$/)), "WAGATE_JWT_ORG_CLAIM").pipe(
    Config.withDefault("org")
  ),
  jwtClockTolerance: Config.schema(integer(0, 300), "WAGATE_JWT_CLOCK_TOLERANCE_SECONDS").pipe(Config.withDefault(30)),
  sendRatePerMinute: Config.schema(integer(1, Number.MAX_SAFE_INTEGER), "WAGATE_SEND_RATE_PER_MINUTE").pipe(
    Config.withDefault(60)
  ),
  sendTimeoutSeconds: Config.schema(integer(0, 3600), "WAGATE_SEND_TIMEOUT_SECONDS").pipe(Config.withDefault(30)),
  sendMaxAgeSeconds: Config.schema(integer(1, 31_536_000), "WAGATE_SEND_MAX_AGE_SECONDS").pipe(Config.withDefault(86_400)),
  logLevel: Config.schema(LogLevelName, "WAGATE_LOG_LEVEL").pipe(
    Config.map((name) => logLevels[name]),
    Config.withDefault<LogLevel.LogLevel>("Info")
  ),
  devTokens: Config.option(Config.Redacted("WAGATE_DEV_TOKENS")).pipe(
    Config.mapEffect(Option.match({
      onNone: () => Effect.succeed(Redacted.make<ReadonlyMap<string, Principal>>(new Map())),
      onSome: (secret) =>
        Result.match(parseDevTokens(Redacted.value(secret)), {
          onSuccess: (tokens) => Effect.succeed(Redacted.make(tokens)),
          onFailure: (message) => Effect.fail(invalidValue("WAGATE_DEV_TOKENS", message))
        })
    }))
  ),
  waUrl: Config.option(Config.schema(WebSocketUrl, "WAGATE_WA_URL")).pipe(Config.map(Option.map((url) => url.href))),
  waCertRoot: Config.option(Config.schema(CertRoot, "WAGATE_WA_CERT_ROOT")),
  webhookMaxAttempts: Config.schema(integer(1, 100), "WAGATE_WEBHOOK_MAX_ATTEMPTS").pipe(Config.withDefault(15)),
  webhookAllowPrivate: Config.Literals(["true", "false"], "WAGATE_WEBHOOK_ALLOW_PRIVATE").pipe(
    Config.map((value) => value === "true"),
    Config.withDefault(false)
  ),
  webhookFirstRetryMs: Config.schema(integer(1, 3_600_000), "WAGATE_WEBHOOK_FIRST_RETRY_MS").pipe(Config.withDefault(1000)),
  eventRetentionDays: Config.schema(integer(1, 3650), "WAGATE_EVENT_RETENTION_DAYS").pipe(Config.withDefault(7)),
  runnerHost: Config.schema(Schema.String.check(Schema.isPattern(/^[^\s:/]+$/)), "WAGATE_RUNNER_HOST").pipe(
    Config.withDefault("127.0.0.1")
  ),
  runnerPort: Config.schema(integer(0, 65535), "WAGATE_RUNNER_PORT").pipe(Config.withDefault(34431))
}

/**
 * How to describe a bad value of each variable: `accepts` says what it takes (shown with the value unless
 * `secret`); without it, the parser's own message is shown.
 */
interface About {
  readonly name: string
  readonly accepts?: string
  readonly secret?: boolean
}

const about: { readonly [K in keyof typeof configs]: About } = {
  port: { name: "PORT", accepts: "an integer port from 0 to 65535" },
  databaseUrl: { name: "WAGATE_DATABASE_URL", accepts: "a postgres:// or postgresql:// URL with a host", secret: true },
  dataDir: { name: "WAGATE_DATA_DIR" },
  transport: { name: "WAGATE_TRANSPORT", accepts: "one of baileys, simulator" },
  jwksUrl: { name: "WAGATE_JWKS_URL", accepts: "an http:// or https:// URL" },
  jwtIssuer: { name: "WAGATE_JWT_ISSUER" },
  jwtAudience: { name: "WAGATE_JWT_AUDIENCE" },
  jwtOrgClaim: { name: "WAGATE_JWT_ORG_CLAIM", accepts: "a claim name without spaces" },
  jwtClockTolerance: { name: "WAGATE_JWT_CLOCK_TOLERANCE_SECONDS", accepts: "an integer number of seconds from 0 to 300" },
  sendRatePerMinute: { name: "WAGATE_SEND_RATE_PER_MINUTE", accepts: "a positive integer" },
  sendTimeoutSeconds: { name: "WAGATE_SEND_TIMEOUT_SECONDS", accepts: "an integer number of seconds from 0 to 3600" },
  sendMaxAgeSeconds: { name: "WAGATE_SEND_MAX_AGE_SECONDS", accepts: "an integer number of seconds from 1 to 31536000" },
  logLevel: { name: "WAGATE_LOG_LEVEL", accepts: `one of ${logLevelNames.join(", ")}` },
  devTokens: { name: "WAGATE_DEV_TOKENS", secret: true },
  waUrl: { name: "WAGATE_WA_URL", accepts: "a ws:// or wss:// URL with a host" },
  waCertRoot: { name: "WAGATE_WA_CERT_ROOT", accepts: "a base64 public key of 32 bytes (as `npx wa-sim` prints it)" },
  webhookMaxAttempts: { name: "WAGATE_WEBHOOK_MAX_ATTEMPTS", accepts: "an integer from 1 to 100" },
  webhookAllowPrivate: { name: "WAGATE_WEBHOOK_ALLOW_PRIVATE", accepts: "true or false" },
  webhookFirstRetryMs: { name: "WAGATE_WEBHOOK_FIRST_RETRY_MS", accepts: "an integer number of milliseconds from 1 to 3600000" },
  eventRetentionDays: { name: "WAGATE_EVENT_RETENTION_DAYS", accepts: "an integer number of days from 1 to 3650" },
  runnerHost: { name: "WAGATE_RUNNER_HOST", accepts: "a host name or address (no scheme, port or spaces)" },
  runnerPort: { name: "WAGATE_RUNNER_PORT", accepts: "an integer port from 0 to 65535 (0 picks a free port)" }
}

/** A root of our own is for simulators: trusting it while talking to WhatsApp's own address would be a mistake. */
const certRootWithoutUrl =
  "WAGATE_WA_CERT_ROOT is only accepted with WAGATE_WA_URL (a simulator's root; WhatsApp's own root is built in)"


// -- reading --------------------------------------------------------------------------------------------------

/** `provider` with every value trimmed, and blank values as if unset. */
const blankAsUnset = (provider: ConfigProvider.ConfigProvider): ConfigProvider.ConfigProvider =>
  ConfigProvider.make((path) =>
    Effect.map(provider.load(path), (node) => {
      if (node?._tag !== "Value") return node
      const value = node.value.trim()
      return value === "" ? undefined : ConfigProvider.makeValue(value)
    })
  )

const formatIssue = SchemaIssue.makeFormatterStandardSchemaV1()

/** One line for a variable that failed: what it accepts (and, unless secret, the value), or the parser's message. */
const describe = Effect.fnUntraced(function*(
  variable: About,
  error: Config.ConfigError,
  provider: ConfigProvider.ConfigProvider
) {
  if (error.cause._tag === "SourceError") return `${variable.name}: could not be read (${error.cause.message})`
  if (variable.accepts === undefined) {
    const messages = formatIssue(error.cause.issue).issues.map((issue) => issue.message)
    return `${variable.name} ${messages.join("; ")}`
  }
  if (variable.secret === true) {
    return `${variable.name} must be ${variable.accepts} (the value is not shown: it may hold a password)`
  }
  const node = yield* provider.load([variable.name]).pipe(Effect.orElseSucceed(() => undefined))
  const shown = node?._tag === "Value" ? `, got ${JSON.stringify(node.value)}` : ""
  return `${variable.name} must be ${variable.accepts}${shown}`
})

const invalid = (problems: ReadonlyArray<string>) =>
  new GatewayConfigError({ message: `invalid configuration: ${problems.join("; ")}`, problems })

/** Reads every variable from the current `ConfigProvider`; fails with all the problems found. */
const load = Effect.gen(function*() {
  const provider = blankAsUnset(yield* ConfigProvider.ConfigProvider)
  const results = yield* Effect.all(configs, { mode: "result" }).pipe(
    Effect.provideService(ConfigProvider.ConfigProvider, provider)
  )
  const problems: Array<string> = []
  for (const key of Object.keys(about) as Array<keyof typeof about>) {
    const result: Result.Result<unknown, Config.ConfigError> = results[key]
    if (Result.isFailure(result)) problems.push(yield* describe(about[key], result.failure, provider))
  }
  const { waCertRoot, waUrl } = results
  if (Result.isSuccess(waCertRoot) && Option.isSome(waCertRoot.success) && Result.isSuccess(waUrl) && Option.isNone(waUrl.success)) {
    problems.push(certRootWithoutUrl)
  }
  const values = Result.all(results)
  if (Result.isFailure(values) || problems.length > 0) return yield* invalid(problems)
  const v = values.success
  const config: GatewayConfigShape = {
    port: v.port,
    databaseUrl: v.databaseUrl,
    dataDir: v.dataDir,
    transport: v.transport,
    jwt: {
      jwksUrl: v.jwksUrl,
      issuer: v.jwtIssuer,
      audience: v.jwtAudience,
      orgClaim: v.jwtOrgClaim,
      clockToleranceSeconds: v.jwtClockTolerance
    },
    sendRatePerMinute: v.sendRatePerMinute,
    sending: { timeout: Duration.seconds(v.sendTimeoutSeconds), maxAge: Duration.seconds(v.sendMaxAgeSeconds) },
    logLevel: v.logLevel,
    devTokens: v.devTokens,
    whatsapp: { url: v.waUrl, certRoot: v.waCertRoot },
    webhooks: {
      maxAttempts: v.webhookMaxAttempts,
      allowPrivate: v.webhookAllowPrivate,
      firstRetryDelay: Duration.millis(v.webhookFirstRetryMs)
    },
    eventRetention: Duration.days(v.eventRetentionDays),
    runner: { host: v.runnerHost, port: v.runnerPort }
  }
  return config
})

/** The gateway's configuration. `layer` reads the current `ConfigProvider` (the environment unless a test provides a map). */
export class GatewayConfig extends Context.Service<GatewayConfig, GatewayConfigShape>()("@wagate/http/GatewayConfig") {
  /** Reads and checks every variable; fails with every problem found. */
  static readonly load: Effect.Effect<GatewayConfigShape, GatewayConfigError> = load

  static readonly layer: Layer.Layer<GatewayConfig, GatewayConfigError> = Layer.effect(GatewayConfig, load)

  /** `WAGATE_LOG_LEVEL` alone, `Info` when unset or invalid: for reporting a configuration that did not load. */
  static readonly logLevel: Effect.Effect<LogLevel.LogLevel> = Effect.gen(function*() {
    const provider = blankAsUnset(yield* ConfigProvider.ConfigProvider)
    return yield* configs.logLevel.parse(provider)
  }).pipe(Effect.orElseSucceed((): LogLevel.LogLevel => "Info"))

  /** The configuration from a fixed map of variables, as if it were the environment: for tests and embedding. */
  static readonly layerFromEnv = (env: Record<string, string>): Layer.Layer<GatewayConfig, GatewayConfigError> =>
    GatewayConfig.layer.pipe(Layer.provide(ConfigProvider.layer(ConfigProvider.fromEnv({ env }))))
}

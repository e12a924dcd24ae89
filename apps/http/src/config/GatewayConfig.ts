/**
 * The gateway's configuration, read from the environment through Effect's `ConfigProvider`.
 *
 * | variable | default | accepted values |
 * |---|---|---|
 * | `PORT` | `3000` | an integer 0..65535 (0 picks a free port) |
 * | `WAGATE_DATABASE_URL` | unset: embedded Postgres | a `postgres://` or `postgresql://` URL; kept redacted |
 * | `WAGATE_DATA_DIR` | `./.wagate` | a directory |
 * | `WAGATE_TRANSPORT` | `baileys` | `baileys` or `simulator` |
 * | `WAGATE_JWKS_URL` | unset | an `http(s)://` URL |
 * | `WAGATE_JWT_ISSUER`, `WAGATE_JWT_AUDIENCE` | unset | strings |
 * | `WAGATE_JWT_ORG_CLAIM` | `org` | a claim name without spaces |
 * | `WAGATE_JWT_CLOCK_TOLERANCE_SECONDS` | `30` | an integer 0..300: the leeway for `exp` and `nbf` |
 * | `WAGATE_SEND_RATE_PER_MINUTE` | `60` | a positive integer |
 * | `WAGATE_LOG_LEVEL` | `info` | `trace`, `debug`, `info`, `warn`, `error`, `fatal` or `none` (any case) |
 * | `WAGATE_DEV_TOKENS` | none | static bearer tokens, see below; kept redacted |
 *
 * `WAGATE_DEV_TOKENS` gives the in-memory `AuthPort` its tokens until real authentication lands:
 * `token=org:cap,cap;token2=org2:cap` — entries separated by `;`, each a token (no spaces, `=` or `;`), `=`,
 * an organisation id, `:`, and one or more of `read`, `send`, `manage` separated by `,`. Spaces around the
 * separators are ignored; a token may appear once. Example: `WAGATE_DEV_TOKENS="s3cret=acme:read,send,manage;r3ad=acme:read"`.
 *
 * An empty variable counts as unset. Any invalid value stops start-up with a `GatewayConfigError` naming every
 * offending variable and what is wrong with it; secrets (the database URL, the tokens) are never echoed.
 */
import { Capability, OrgId, type Principal } from "@wagate/core"
import { Config, ConfigProvider, Context, Effect, Layer, type LogLevel, Option, Redacted, Result, Schema } from "effect"

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

export interface GatewayConfigShape {
  readonly port: number
  readonly databaseUrl: Option.Option<Redacted.Redacted<string>>
  readonly dataDir: string
  readonly transport: Transport
  readonly jwt: JwtConfig
  readonly sendRatePerMinute: number
  readonly logLevel: LogLevel.LogLevel
  /** `WAGATE_DEV_TOKENS`: token → caller, for `StaticAuth.layer(Redacted.value(devTokens))`. */
  readonly devTokens: Redacted.Redacted<ReadonlyMap<string, Principal>>
}

/** Start-up stops with this when a variable is invalid; `problems` has one line per offending variable. */
export class GatewayConfigError extends Schema.TaggedError<GatewayConfigError>()("GatewayConfigError", {
  message: Schema.String,
  problems: Schema.Array(Schema.String)
}) {}

type Parsed<A> = Result.Result<A, string>

/** One variable: unset (or empty) gives `fallback`; a set value is checked by `parse`, whose message follows the name. */
const variable = <A>(name: string, fallback: A, parse: (value: string) => Parsed<A>): Config.Config<A> =>
  Config.option(Config.String(name)).pipe(
    Config.mapEffect((raw) => {
      const value = Option.getOrUndefined(raw)?.trim()
      if (value === undefined || value === "") return Effect.succeed(fallback)
      const parsed = parse(value)
      return Result.isSuccess(parsed)
        ? Effect.succeed(parsed.success)
        : Effect.fail(new Config.ConfigError(new ConfigProvider.SourceError({ message: `${name} ${parsed.failure}` })))
    })
  )

const ok = Result.succeed
const problem = (message: string): Parsed<never> => Result.fail(message)

const integer = (min: number, max: number, what: string) => (value: string): Parsed<number> => {
  const n = /^[0-9]+$/.test(value) ? Number(value) : Number.NaN
  return Number.isSafeInteger(n) && n >= min && n <= max ? ok(n) : problem(`must be ${what}, got ${JSON.stringify(value)}`)
}

const oneOf = <const L extends string>(choices: ReadonlyArray<L>, options: { readonly caseInsensitive?: boolean } = {}) =>
(value: string): Parsed<L> => {
  const wanted = options.caseInsensitive === true ? value.toLowerCase() : value
  const found = choices.find((choice) => choice === wanted)
  return found === undefined
    ? problem(`must be one of ${choices.join(", ")}, got ${JSON.stringify(value)}`)
    : ok(found)
}

const parseUrl = (value: string): URL | undefined => URL.canParse(value) ? new URL(value) : undefined

const databaseUrl = (value: string): Parsed<Option.Option<Redacted.Redacted<string>>> => {
  const url = parseUrl(value)
  // The value is never echoed: it may hold a password.
  return url !== undefined && (url.protocol === "postgres:" || url.protocol === "postgresql:") && url.hostname !== ""
    ? ok(Option.some(Redacted.make(value)))
    : problem("must be a postgres:// or postgresql:// URL with a host (the value is not shown: it may hold a password)")
}

const httpUrl = (value: string): Parsed<Option.Option<string>> => {
  const url = parseUrl(value)
  return url !== undefined && (url.protocol === "https:" || url.protocol === "http:")
    ? ok(Option.some(url.href))
    : problem(`must be an http:// or https:// URL, got ${JSON.stringify(value)}`)
}

const someString = (value: string): Parsed<Option.Option<string>> => ok(Option.some(value))

const claimName = (value: string): Parsed<string> =>
  /\s/.test(value) ? problem(`must be a claim name without spaces, got ${JSON.stringify(value)}`) : ok(value)

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

const logLevel = (value: string): Parsed<LogLevel.LogLevel> =>
  Result.map(oneOf(logLevelNames, { caseInsensitive: true })(value), (level) => logLevels[level])

const isOrgId = Schema.is(OrgId)
const isCapability = Schema.is(Capability)

/**
 * Parses `WAGATE_DEV_TOKENS` (`token=org:cap,cap;token2=org2:cap`). Messages name entries by position, never by
 * token.
 */
export const parseDevTokens = (value: string): Parsed<ReadonlyMap<string, Principal>> => {
  const tokens = new Map<string, Principal>()
  const positions = new Map<string, number>()
  const entries = value.split(";").map((entry) => entry.trim()).filter((entry) => entry !== "")
  for (const [index, entry] of entries.entries()) {
    const at = `entry ${index + 1}`
    const equals = entry.indexOf("=")
    const token = equals < 0 ? "" : entry.slice(0, equals).trim()
    const grant = equals < 0 ? "" : entry.slice(equals + 1).trim()
    const colon = grant.indexOf(":")
    if (token === "" || colon < 0) return problem(`${at} must look like token=org:cap,cap`)
    if (/\s/.test(token)) return problem(`${at}: the token must not contain spaces`)
    const org = grant.slice(0, colon).trim()
    if (!isOrgId(org)) return problem(`${at}: the organisation must be 1 to 128 printable characters without spaces`)
    const capabilities: Array<Principal["capabilities"][number]> = []
    for (const name of grant.slice(colon + 1).split(",").map((cap) => cap.trim()).filter((cap) => cap !== "")) {
      if (!isCapability(name)) {
        return problem(`${at}: unknown capability ${JSON.stringify(name)} (expected read, send or manage)`)
      }
      if (!capabilities.includes(name)) capabilities.push(name)
    }
    if (capabilities.length === 0) return problem(`${at} has no capabilities (expected read, send or manage)`)
    const earlier = positions.get(token)
    if (earlier !== undefined) return problem(`${at} repeats the token of entry ${earlier}`)
    positions.set(token, index + 1)
    tokens.set(token, { orgId: org, capabilities })
  }
  return ok(tokens)
}

const devTokens = (value: string): Parsed<Redacted.Redacted<ReadonlyMap<string, Principal>>> =>
  Result.map(parseDevTokens(value), (tokens) => Redacted.make(tokens))

/** Each variable on its own, so start-up can report every invalid one at once. */
const variables = {
  port: variable("PORT", 3000, integer(0, 65535, "an integer port from 0 to 65535")),
  databaseUrl: variable("WAGATE_DATABASE_URL", Option.none(), databaseUrl),
  dataDir: variable("WAGATE_DATA_DIR", "./.wagate", ok),
  transport: variable<Transport>("WAGATE_TRANSPORT", "baileys", oneOf(["baileys", "simulator"])),
  jwksUrl: variable("WAGATE_JWKS_URL", Option.none(), httpUrl),
  jwtIssuer: variable("WAGATE_JWT_ISSUER", Option.none(), someString),
  jwtAudience: variable("WAGATE_JWT_AUDIENCE", Option.none(), someString),
  jwtOrgClaim: variable("WAGATE_JWT_ORG_CLAIM", "org", claimName),
  jwtClockTolerance: variable("WAGATE_JWT_CLOCK_TOLERANCE_SECONDS", 30, integer(0, 300, "an integer number of seconds from 0 to 300")),
  sendRatePerMinute: variable(
    "WAGATE_SEND_RATE_PER_MINUTE",
    60,
    integer(1, Number.MAX_SAFE_INTEGER, "a positive integer")
  ),
  logLevel: variable<LogLevel.LogLevel>("WAGATE_LOG_LEVEL", "Info", logLevel),
  devTokens: variable("WAGATE_DEV_TOKENS", Redacted.make<ReadonlyMap<string, Principal>>(new Map()), devTokens)
}

/** The whole configuration as one `Config`; it stops at the first invalid variable (the layer reports them all). */
export const gatewayConfig: Config.Config<GatewayConfigShape> = Config.all(variables).pipe(
  Config.map((v): GatewayConfigShape => ({
    port: v.port,
    databaseUrl: v.databaseUrl,
    dataDir: v.dataDir,
    transport: v.transport,
    jwt: { jwksUrl: v.jwksUrl, issuer: v.jwtIssuer, audience: v.jwtAudience, orgClaim: v.jwtOrgClaim, clockToleranceSeconds: v.jwtClockTolerance },
    sendRatePerMinute: v.sendRatePerMinute,
    logLevel: v.logLevel,
    devTokens: v.devTokens
  }))
)

const problemOf = (error: Config.ConfigError): string =>
  error.cause._tag === "SourceError" ? error.cause.message : error.message

const invalid = (problems: ReadonlyArray<string>) =>
  new GatewayConfigError({ message: `invalid configuration: ${problems.join("; ")}`, problems })

/** Reads and checks every variable; fails with all the problems found. */
const load = Effect.gen(function*() {
  const results = yield* Effect.all(variables, { mode: "result" })
  const problems = Object.values(results).flatMap((result: Result.Result<unknown, Config.ConfigError>) =>
    Result.isFailure(result) ? [problemOf(result.failure)] : []
  )
  if (problems.length > 0) return yield* invalid(problems)
  return yield* gatewayConfig.pipe(Effect.mapError((error) => invalid([problemOf(error)])))
})

/** The gateway's configuration. `layer` reads the current `ConfigProvider` (the environment unless a test provides a map). */
export class GatewayConfig extends Context.Service<GatewayConfig, GatewayConfigShape>()("@wagate/http/GatewayConfig") {
  static readonly layer: Layer.Layer<GatewayConfig, GatewayConfigError> = Layer.effect(GatewayConfig, load)

  /** The configuration from a fixed map of variables, as if it were the environment: for tests and embedding. */
  static readonly layerFromEnv = (env: Record<string, string>): Layer.Layer<GatewayConfig, GatewayConfigError> =>
    GatewayConfig.layer.pipe(Layer.provide(ConfigProvider.layer(ConfigProvider.fromEnv({ env }))))
}

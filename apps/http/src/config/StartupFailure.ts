/**
 * What stops start-up, said the way an operator can act on it: one line per problem, naming the variable that
 * chose the failing thing (`PORT`, `WAGATE_DATABASE_URL`, `WAGATE_DATA_DIR`) and the cause in a few words, never a
 * password and never a stack. The gateway (`runGateway.ts`) and the CLI print these lines; the full cause only at debug.
 */
import { Cause, Effect, Layer, Option, Schema } from "effect"
import { isSqlError, type SqlError } from "effect/sql/SqlError"
import { GatewayConfigError } from "./GatewayConfig.ts"

/** A failure of what a variable configured (the port to listen on, the database to open), named by it. */
export class StartupFailure extends Schema.TaggedError<StartupFailure>()("StartupFailure", {
  variable: Schema.String,
  cause: Schema.Defect()
}) {
  override get message() {
    return `${this.variable}: ${describeFailure(this.cause)}`
  }
}

/**
 * A layer whose failure is the named variable's: `PORT` for the listener, `WAGATE_DATABASE_URL` for the store, …
 * (Built in its own memo map: use it on a layer that shares no service with the rest of the graph.)
 */
export const failsAs = (variable: string) => <A, E, R>(layer: Layer.Layer<A, E, R>): Layer.Layer<A, StartupFailure, R> =>
  Layer.effectContext(
    Effect.flatMap(Effect.scope, (scope) => Layer.buildWithScope(layer, scope)).pipe(
      Effect.mapError((cause) => new StartupFailure({ variable, cause }))
    )
  )

/** The variable that chose the database: the URL when set, else the embedded database's directory. */
export const databaseVariable = (settings: { readonly databaseUrl: Option.Option<unknown> }): string =>
  Option.isSome(settings.databaseUrl) ? "WAGATE_DATABASE_URL" : "WAGATE_DATA_DIR"

const field = (value: unknown, key: string): unknown =>
  typeof value === "object" && value !== null && key in value ? Reflect.get(value, key) : undefined

const text = (value: unknown): string | undefined => (typeof value === "string" && value !== "" ? value : undefined)

/** The first line of an error's message: the rest of a multi-line message is detail for the debug log. */
const firstLine = (value: unknown): string => {
  const message = value instanceof Error ? value.message : String(value)
  return message.split("\n")[0]?.trim() || (value instanceof Error ? value.name : "unknown error")
}

/** `host:port` of a socket error (`connect ECONNREFUSED 127.0.0.1:5432` carries both). */
const endpoint = (error: unknown): string | undefined => {
  const address = text(field(error, "address")) ?? text(field(error, "hostname"))
  const port = field(error, "port")
  if (address === undefined) return undefined
  return typeof port === "number" ? `${address}:${port}` : address
}

/** Socket-level causes, by errno code, as Node reports them for `connect` and `listen`. */
const describeSocketError = (error: unknown): string | undefined => {
  const at = endpoint(error)
  const port = field(error, "port")
  const thePort = typeof port === "number" ? `port ${port}` : "the port"
  switch (text(field(error, "code"))) {
    case "ECONNREFUSED":
      return `nothing accepts connections at ${at ?? "that address"} (connection refused)`
    case "ENOTFOUND":
    case "EAI_AGAIN":
      return `${at === undefined ? "the host" : `the host ${at}`} cannot be resolved (${text(field(error, "code"))})`
    case "EHOSTUNREACH":
    case "ENETUNREACH":
      return `${at ?? "the host"} cannot be reached (${text(field(error, "code"))})`
    case "ETIMEDOUT":
      return `no answer from ${at ?? "the server"} (connection timed out)`
    case "ECONNRESET":
      return `${at ?? "the server"} closed the connection (connection reset)`
    case "EADDRINUSE":
      return `${thePort} is already in use by another process`
    case "EACCES":
      return `this process may not listen on ${thePort} (ports below 1024 need privileges)`
    case "EADDRNOTAVAIL":
      return `the address is not one of this machine's (${at ?? "address not available"})`
    default:
      return undefined
  }
}

/** A database failure at start-up: the server's own words where it gave any (they never hold the password). */
const describeSql = (error: SqlError): string => {
  const reason = error.reason
  const cause = reason.cause
  const serverSays = text(field(cause, "message"))
  const sqlState = text(field(cause, "code"))
  const socket = describeSocketError(cause)
  if (socket !== undefined) return socket
  if (reason._tag === "AuthenticationError") {
    if (serverSays === "The server requested password authentication") {
      return "the server asks for a password and the URL has none"
    }
    return `the server refused the login: ${serverSays ?? reason.message}`
  }
  if (reason._tag === "ConnectionError") {
    if (serverSays === "Connection timed out") {
      return "no answer from the server within the connect timeout (5 s; `connect_timeout` in the URL changes it)"
    }
    if (serverSays === "Connection closed unexpectedly") return "the server closed the connection while it was being opened"
    return `could not connect: ${serverSays ?? reason.message}`
  }
  if (sqlState === "3D000") return `the server has no such database: ${serverSays ?? reason.message}`
  return serverSays === undefined ? firstLine(reason.message) : `${firstLine(reason.message)}: ${serverSays}`
}

/** One line for the cause of a `StartupFailure` (or anything else that ended start-up). */
export const describeFailure = (error: unknown): string => {
  if (isSqlError(error)) return describeSql(error)
  const tag = field(error, "_tag")
  // `listen` failures come wrapped in the server's `ServeError`; migration failures in the migrator's error.
  if (tag === "ServeError") return describeSocketError(field(error, "cause")) ?? firstLine(field(error, "cause"))
  // The cluster runner's listener (`WAGATE_RUNNER_PORT`) fails as a socket server, the socket's error inside.
  if (tag === "SocketServerError") return describeSocketError(field(error, "cause")) ?? firstLine(field(error, "cause"))
  if (tag === "MigrationError") return `a database migration failed: ${firstLine(error)}`
  return describeSocketError(error) ?? firstLine(error)
}

/** Every failure and defect in `cause` (interruptions are not problems: they are how the process stops). */
const failures = (cause: Cause.Cause<unknown>): ReadonlyArray<unknown> =>
  cause.reasons.flatMap((reason) =>
    Cause.isFailReason(reason) ? [reason.error] : Cause.isDieReason(reason) ? [reason.defect] : []
  )

/** One line per problem that stopped the process; empty when it was only interrupted. */
export const startupProblems = (cause: Cause.Cause<unknown>): ReadonlyArray<string> =>
  failures(cause).flatMap((error) => {
    if (error instanceof GatewayConfigError) return error.problems
    if (error instanceof StartupFailure) return [error.message]
    return [describeFailure(error)]
  })

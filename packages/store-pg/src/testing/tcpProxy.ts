import { Effect } from "effect"
import type { Scope } from "effect"
import * as Net from "node:net"

/**
 * A loopback TCP proxy for outage tests: clients connect to `127.0.0.1:port`, bytes are piped to the target.
 *
 * `sever` plays a database outage: every open connection is reset and new ones are reset as soon as they are
 * accepted, so clients see ECONNRESET / "closed during startup" at once instead of hanging. `restore` lets new
 * connections through again; connections severed earlier stay dead (as after a real outage).
 *
 * `holdReplies` plays a slow server: what the target sends is kept back (the client's statements still reach
 * it) until `releaseReplies`, so a test can act while a statement is certainly in flight.
 */
export interface TcpProxy {
  /** The loopback port clients connect to. */
  readonly port: number
  /** Resets every open connection and refuses new ones until `restore`. */
  readonly sever: Effect.Effect<void>
  /** Accepts and forwards new connections again. */
  readonly restore: Effect.Effect<void>
  /** How many client connections are currently piped to the target. */
  readonly openConnections: Effect.Effect<number>
  /** How many client connections the proxy has accepted in total (severed ones included). */
  readonly acceptedConnections: Effect.Effect<number>
  /** Keeps back whatever the target sends, on every connection, until `releaseReplies`. */
  readonly holdReplies: Effect.Effect<void>
  /** Delivers what was kept back, in order, and forwards replies at once again. */
  readonly releaseReplies: Effect.Effect<void>
  /** How many bytes clients have sent through the proxy in total. */
  readonly bytesFromClients: Effect.Effect<number>
}

/** Options: the target to forward to. Only loopback targets are accepted, so a test cannot reach the network. */
export interface TcpProxyOptions {
  readonly targetHost: string
  readonly targetPort: number
}

const loopbackHosts = new Set(["127.0.0.1", "::1", "localhost"])

/** Starts the proxy on a free loopback port; it closes (and drops every connection) when the scope closes. */
export const makeTcpProxy = Effect.fn("TcpProxy.make")(function*(options: TcpProxyOptions) {
  if (!loopbackHosts.has(options.targetHost)) {
    return yield* Effect.die(new Error(`tcpProxy only forwards to loopback, not ${options.targetHost}`))
  }
  const state = { severed: false, accepted: 0, holding: false, bytesFromClients: 0 }
  const pairs = new Set<{ readonly client: Net.Socket; readonly upstream: Net.Socket }>()
  /** Replies kept back while holding, per client socket, in arrival order. */
  const heldReplies = new Map<Net.Socket, Array<Buffer>>()

  const severPair = (pair: { readonly client: Net.Socket; readonly upstream: Net.Socket }) => {
    pairs.delete(pair)
    pair.client.resetAndDestroy()
    pair.upstream.resetAndDestroy()
  }

  const onConnection = (client: Net.Socket) => {
    state.accepted++
    if (state.severed) {
      client.on("error", () => {})
      client.resetAndDestroy()
      return
    }
    const upstream = Net.connect({ host: options.targetHost, port: options.targetPort, noDelay: true })
    const pair = { client, upstream }
    pairs.add(pair)
    // Either side failing or closing tears down both, as a broken network path would.
    const teardown = () => {
      if (pairs.has(pair)) severPair(pair)
    }
    client.on("error", teardown)
    upstream.on("error", teardown)
    client.on("close", teardown)
    upstream.on("close", teardown)
    client.setNoDelay(true)
    client.on("data", (chunk: Buffer) => {
      state.bytesFromClients += chunk.length
      upstream.write(chunk)
    })
    upstream.on("data", (chunk: Buffer) => {
      if (!state.holding) return void client.write(chunk)
      const held = heldReplies.get(client) ?? []
      held.push(chunk)
      heldReplies.set(client, held)
    })
  }

  const server = yield* Effect.acquireRelease(
    Effect.callback<Net.Server, Error>((resume) => {
      const server = Net.createServer(onConnection)
      server.once("error", (error) => resume(Effect.fail(error)))
      server.listen(0, "127.0.0.1", () => resume(Effect.succeed(server)))
    }),
    (server) =>
      Effect.callback<void>((resume) => {
        for (const pair of Array.from(pairs)) severPair(pair)
        server.close(() => resume(Effect.void))
      })
  ).pipe(Effect.orDie)

  const address = server.address()
  if (address === null || typeof address === "string") {
    return yield* Effect.die(new Error("tcpProxy: the server has no TCP address"))
  }

  const proxy: TcpProxy = {
    port: address.port,
    sever: Effect.sync(() => {
      state.severed = true
      for (const pair of Array.from(pairs)) severPair(pair)
    }),
    restore: Effect.sync(() => {
      state.severed = false
    }),
    openConnections: Effect.sync(() => pairs.size),
    acceptedConnections: Effect.sync(() => state.accepted),
    holdReplies: Effect.sync(() => {
      state.holding = true
    }),
    releaseReplies: Effect.sync(() => {
      state.holding = false
      for (const [client, chunks] of heldReplies) {
        if (!client.destroyed) for (const chunk of chunks) client.write(chunk)
      }
      heldReplies.clear()
    }),
    bytesFromClients: Effect.sync(() => state.bytesFromClients)
  }
  return proxy
}) satisfies (options: TcpProxyOptions) => Effect.Effect<TcpProxy, never, Scope.Scope>

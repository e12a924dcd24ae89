/**
 * The Node HTTP server the gateway listens with, for `runGateway.ts` and for tests: Node's `http.Server` with the
 * envelope answers for Node's own refusals (`NodeRefusals`) and for requests that arrive while the app is not
 * attached, during start-up and shutdown (`NotServing`).
 */
import * as NodeHttpServer from "@effect/platform-node/NodeHttpServer"
import { type Duration, Layer } from "effect"
import { FetchHttpClient, HttpServer } from "effect/http"
import { createServer, type Server, type ServerOptions } from "node:http"
import { answerRefusals } from "./NodeRefusals.ts"
import { answerWhileNotServing } from "./NotServing.ts"

/** A Node `http.Server` (created with `options`) with the gateway's own answers installed. */
export const makeNodeServer = (options: ServerOptions = {}): Server => {
  const server = createServer(options)
  answerWhileNotServing(server)
  answerRefusals(server)
  return server
}

/** Where and how the gateway listens. */
export interface NodeServerOptions {
  /** The TCP port; 0 picks a free one. */
  readonly port: number
  /** The interface to listen on (default: every interface). */
  readonly host?: string
  /** How long in-flight requests may run once shutdown begins (default 20 s). */
  readonly gracefulShutdownTimeout?: Duration.Input
}

export const NodeServer = {
  /** `NodeHttpServer.layer` over `makeNodeServer`: it listens as soon as it is built. */
  layer: (options: NodeServerOptions) =>
    NodeHttpServer.layer(() => makeNodeServer(), {
      port: options.port,
      ...(options.host === undefined ? {} : { host: options.host }),
      gracefulShutdownTimeout: options.gracefulShutdownTimeout ?? "20 seconds"
    }),
  /**
   * `NodeHttpServer.layerTest` on this server: a free port and an `HttpClient` pointed at it, so tests exercise the
   * same Node-level answers as the gateway process.
   */
  layerTest: HttpServer.layerTestClient.pipe(
    Layer.provide(
      Layer.fresh(FetchHttpClient.layer).pipe(Layer.provide(Layer.succeed(FetchHttpClient.RequestInit)({ keepalive: false })))
    ),
    Layer.provideMerge(NodeHttpServer.layer(() => makeNodeServer(), { port: 0 }))
  )
} as const

import { Context, Effect, Layer } from "effect"
import type { JWK } from "jose"
import { createServer, type Server } from "node:http"
import type { AddressInfo } from "node:net"

/** How the test JWKS host answers: the keys, a non-JSON body, JSON that is no key set, HTTP 500, or never. */
export type JwksMode = "ok" | "not_json" | "not_a_key_set" | "error" | "hang"

/** A JWKS host on a random loopback port, with its keys and behaviour set by the test and its requests counted. */
export class JwksServer extends Context.Service<JwksServer, {
  readonly url: string
  readonly setKeys: (keys: ReadonlyArray<JWK | Record<string, unknown>>) => Effect.Effect<void>
  readonly setMode: (mode: JwksMode) => Effect.Effect<void>
  /** How many requests the host has received so far. */
  readonly requests: Effect.Effect<number>
}>()("@wagate/auth/test/JwksServer") {
  static readonly layer = Layer.effect(
    JwksServer,
    Effect.gen(function*() {
      let keys: ReadonlyArray<JWK | Record<string, unknown>> = []
      let mode: JwksMode = "ok"
      let requests = 0
      const server = yield* Effect.acquireRelease(
        Effect.promise(() => listen(createServer((request, response) => {
          requests += 1
          request.resume()
          switch (mode) {
            case "ok":
              response.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ keys }))
              return
            case "not_json":
              response.writeHead(200, { "content-type": "application/json" }).end("<html>gateway timeout</html>")
              return
            case "not_a_key_set":
              response.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ hello: "world" }))
              return
            case "error":
              response.writeHead(500).end("internal error")
              return
            case "hang":
              return
          }
        }))),
        (server) => close(server)
      )
      const { port } = addressOf(server)
      return JwksServer.of({
        url: `http://127.0.0.1:${port}/.well-known/jwks.json`,
        setKeys: (next) => Effect.sync(() => { keys = next }),
        setMode: (next) => Effect.sync(() => { mode = next }),
        requests: Effect.sync(() => requests)
      })
    })
  )
}

const addressOf = (server: Server): AddressInfo => {
  const address = server.address()
  if (address === null || typeof address === "string") throw new Error("the test server has no TCP address")
  return address
}

const listen = (server: Server): Promise<Server> =>
  new Promise((resolve, reject) => {
    server.once("error", reject)
    server.listen(0, "127.0.0.1", () => resolve(server))
  })

const close = (server: Server): Effect.Effect<void> =>
  Effect.promise(() =>
    new Promise<void>((resolve) => {
      server.closeAllConnections()
      server.close(() => resolve())
    })
  )

/** A loopback URL where nothing listens: a port the system handed out and that was closed again. */
export const closedPortUrl: Effect.Effect<string> = Effect.promise(async () => {
  const server = await listen(createServer())
  const { port } = addressOf(server)
  await new Promise<void>((resolve) => server.close(() => resolve()))
  return `http://127.0.0.1:${port}/.well-known/jwks.json`
})

import { HostResolver, HostUnresolvable } from "@wagate/core"
import { Effect, Layer } from "effect"
import { lookup } from "node:dns/promises"

/** `HostResolver` on the operating system's resolver (`getaddrinfo`, as `fetch` itself resolves names). */
export const HostResolverNode: Layer.Layer<HostResolver> = Layer.succeed(
  HostResolver,
  HostResolver.of({
    resolve: (host) =>
      Effect.tryPromise({
        try: () => lookup(host, { all: true, verbatim: true }),
        catch: () => new HostUnresolvable({ host })
      }).pipe(
        Effect.map((addresses) => addresses.map((entry) => entry.address)),
        Effect.withSpan("HostResolverNode.resolve")
      )
  })
)

import { assert, describe, it } from "@effect/vitest"
import { HostResolver, WebhookTransport } from "@wagate/core"
import { Duration, Effect } from "effect"
import { createServer, type ServerResponse } from "node:http"
import type { AddressInfo } from "node:net"
import { HostResolverNode } from "../../src/webhooks/HostResolverNode.ts"
import { WebhookTransportFetch } from "../../src/webhooks/WebhookTransportFetch.ts"

/** A local server for the scope that answers each request with `answer` (or never, when it does nothing). */
const server = (answer: (response: ServerResponse) => void) =>
  Effect.gen(function*() {
    const http = createServer((_, response) => answer(response))
    yield* Effect.acquireRelease(
      Effect.promise(() => new Promise<void>((resolve) => http.listen(0, "127.0.0.1", resolve))),
      () => Effect.promise(() => new Promise<void>((resolve) => {
        http.closeAllConnections()
        http.close(() => resolve())
      }))
    )
    return `http://127.0.0.1:${(http.address() as AddressInfo).port}/hook`
  })

const post = (url: string) =>
  Effect.gen(function*() {
    return yield* (yield* WebhookTransport).post({ url, headers: { "content-type": "application/json" }, body: "{}" })
  })

describe("WebhookTransportFetch", () => {
  it.live("answers the receiver's status, follows no redirect, and gives up on a receiver that does not answer in time", () =>
    Effect.scoped(Effect.gen(function*() {
      const ok = yield* server((response) => response.writeHead(204).end())
      assert.strictEqual(yield* post(ok), 204)
      const failing = yield* server((response) => response.writeHead(500).end("nope"))
      assert.strictEqual(yield* post(failing), 500)
      const redirecting = yield* server((response) => response.writeHead(302, { location: ok }).end())
      assert.strictEqual(yield* post(redirecting), 302, "a redirect is the receiver's answer, not followed")
      const silent = yield* server(() => undefined)
      const timedOut = yield* Effect.flip(post(silent))
      assert.match(timedOut.message, /no answer within/)
      const refused = yield* Effect.flip(post("http://127.0.0.1:1/hook"))
      assert.strictEqual(refused._tag, "WebhookRequestFailed")
    })).pipe(Effect.provide(WebhookTransportFetch(Duration.millis(300)))))
})

describe("HostResolverNode", () => {
  it.live("resolves names with the system resolver; a name that does not exist is HostUnresolvable", () =>
    Effect.gen(function*() {
      const resolver = yield* HostResolver
      const local = yield* resolver.resolve("localhost")
      assert.isTrue(local.some((address) => address === "127.0.0.1" || address === "::1"), local.join(", "))
      assert.deepStrictEqual(yield* resolver.resolve("127.0.0.1"), ["127.0.0.1"])
      const missing = yield* Effect.flip(resolver.resolve("no-such-host.invalid"))
      assert.strictEqual(missing._tag, "HostUnresolvable")
    }).pipe(Effect.provide(HostResolverNode)))
})

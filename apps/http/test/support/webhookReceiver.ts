import { Effect, Queue } from "effect"
import { createServer } from "node:http"
import type { AddressInfo } from "node:net"

/** A POST the receiver got: its headers (lower-case names), its raw body, and when it arrived (epoch ms). */
export interface ReceivedDelivery {
  readonly path: string
  readonly headers: Readonly<Record<string, string>>
  readonly body: string
  readonly at: number
}

/**
 * A real webhook receiver on 127.0.0.1 for the scope: it answers the given statuses in order (the last repeats) and
 * offers each request to `requests`, so a test waits for deliveries instead of sleeping.
 */
export const webhookReceiver = (answers: ReadonlyArray<number> = [200]) =>
  Effect.gen(function*() {
    const requests = yield* Queue.unbounded<ReceivedDelivery>()
    let script = [...answers]
    const server = createServer((request, response) => {
      const chunks: Array<Buffer> = []
      request.on("data", (chunk: Buffer) => chunks.push(chunk))
      request.on("end", () => {
        const headers: Record<string, string> = {}
        for (const [name, value] of Object.entries(request.headers)) {
          if (typeof value === "string") headers[name] = value
        }
        const status = script.length > 1 ? script.shift() ?? 200 : script[0] ?? 200
        Queue.offerUnsafe(requests, { path: request.url ?? "", headers, body: Buffer.concat(chunks).toString("utf8"), at: Date.now() })
        response.statusCode = status
        response.end()
      })
    })
    yield* Effect.acquireRelease(
      Effect.promise(() => new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve))),
      () =>
        Effect.promise(() =>
          new Promise<void>((resolve) => {
            server.closeAllConnections()
            server.close(() => resolve())
          })
        )
    )
    const port = (server.address() as AddressInfo).port
    /** The next request, or a test failure after `seconds`. */
    const next = (seconds = 20) =>
      Queue.take(requests).pipe(
        Effect.timeoutOrElse({
          duration: `${seconds} seconds`,
          orElse: () => Effect.die(new Error(`the receiver got no request within ${seconds} s`))
        })
      )
    /** From now on, answer these statuses instead (in order; the last repeats). */
    const answerWith = (statuses: ReadonlyArray<number>) => Effect.sync(() => (script = [...statuses]))
    return { url: `http://127.0.0.1:${port}/hook`, port, requests, next, answerWith }
  })

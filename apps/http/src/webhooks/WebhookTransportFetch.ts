import { WebhookRequestFailed, WebhookTransport } from "@wagate/core"
import { Duration, Effect, Layer } from "effect"

/** How long a receiver has to answer (headers) before the attempt counts as failed. */
export const WEBHOOK_TIMEOUT = Duration.seconds(10)

const describe = (error: unknown): string => {
  if (!(error instanceof Error)) return "the request failed"
  // undici hides the reason (ECONNREFUSED, ENOTFOUND, …) in `cause`.
  const cause: unknown = error.cause
  const reason = cause instanceof Error ? `: ${cause.message}` : ""
  return `${error.message}${reason}`
}

/**
 * `WebhookTransport` on the platform's `fetch`: redirects are not followed (a 3xx is the receiver's answer, so a
 * receiver cannot bounce a delivery into the gateway's network), and a receiver that has not answered within
 * `timeout` fails the attempt. The response body is not read.
 */
export const WebhookTransportFetch = (timeout: Duration.Duration = WEBHOOK_TIMEOUT): Layer.Layer<WebhookTransport> =>
  Layer.succeed(
    WebhookTransport,
    WebhookTransport.of({
      post: (request) =>
        Effect.tryPromise({
          try: async (signal) => {
            const response = await fetch(request.url, { method: "POST", headers: request.headers, body: request.body, redirect: "manual", signal })
            await response.body?.cancel()
            return response.status
          },
          catch: (error) => new WebhookRequestFailed({ message: describe(error) })
        }).pipe(
          Effect.timeoutOrElse({
            duration: timeout,
            orElse: () => Effect.fail(new WebhookRequestFailed({ message: `no answer within ${Duration.format(timeout)}` }))
          }),
          Effect.withSpan("WebhookTransportFetch.post")
        )
    })
  )

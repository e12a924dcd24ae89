import { Context, type Effect, Schema } from "effect"

/** One webhook request: a POST of `body` to `url` with `headers`. */
export interface WebhookRequest {
  readonly url: string
  readonly headers: Readonly<Record<string, string>>
  readonly body: string
}

/** The receiver could not be reached or did not answer in time; `message` says which, for the deliveries log. */
export class WebhookRequestFailed extends Schema.TaggedError<WebhookRequestFailed>()("WebhookRequestFailed", {
  message: Schema.String
}) {}

/**
 * Sends webhook requests. Adapters follow no redirects (a 3xx is the receiver's answer, not a success) and give
 * up after a timeout, so one slow receiver costs its own webhook time only.
 */
export class WebhookTransport extends Context.Service<WebhookTransport, {
  /** Answers the response's status code, whatever it is. */
  readonly post: (request: WebhookRequest) => Effect.Effect<number, WebhookRequestFailed>
}>()("@wagate/core/WebhookTransport") {}

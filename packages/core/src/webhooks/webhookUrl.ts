import { Effect } from "effect"
import type { ValidationError } from "../domain/errors.ts"
import { invalid } from "../access/validate.ts"
import { HostResolver } from "../ports/HostResolver.ts"
import { isIpLiteral, type RefusedRange, refusedHostName, refusedRange } from "./addresses.ts"
import { WebhookSettings } from "./WebhookSettings.ts"

const refusal = (range: RefusedRange, address: string): string =>
  `must not point at a ${range} address (${address}); set WAGATE_WEBHOOK_ALLOW_PRIVATE=true to allow it`

/**
 * Why a webhook may not be delivered to `url` (an address in a refused range, by name or by resolution), or
 * `undefined`. Checked at registration and again before each delivery: a name may resolve elsewhere later.
 */
export const urlRefusal = Effect.fn("webhooks.urlRefusal")(function*(url: URL) {
  if ((yield* WebhookSettings).allowPrivate) return undefined
  const host = url.hostname
  const byName = refusedHostName(host)
  if (byName !== undefined) return refusal(byName, host)
  const addresses = isIpLiteral(host)
    ? [host]
    : yield* (yield* HostResolver).resolve(host).pipe(Effect.catchTag("HostUnresolvable", () => Effect.succeed([])))
  if (addresses.length === 0) return `the host ${host} does not resolve to an address`
  for (const address of addresses) {
    const range = refusedRange(address)
    if (range !== undefined) return refusal(range, address === host ? host : `${host} is ${address}`)
  }
  return undefined
})

/** Parses and checks a webhook URL: `http(s)` with a host, outside the refused ranges; answers its normal form. */
export const checkWebhookUrl = Effect.fn("webhooks.checkUrl")(function*(text: string) {
  const url = URL.canParse(text) ? new URL(text) : undefined
  if (url === undefined) return yield* Effect.fail<ValidationError>(invalid("url", "must be an absolute http or https URL"))
  if ((url.protocol !== "http:" && url.protocol !== "https:") || url.hostname === "") {
    return yield* Effect.fail(invalid("url", "must be an http or https URL"))
  }
  const refused = yield* urlRefusal(url)
  if (refused !== undefined) return yield* Effect.fail(invalid("url", refused))
  return url.href
})

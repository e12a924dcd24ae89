import { Clock, Effect, Layer, Redacted, Result } from "effect"
import * as Mac from "effect/crypto/Mac"
import * as SecureRandom from "effect/crypto/SecureRandom"
import * as Hex from "effect/encoding/Hex"

/*
 * The webhook signature, in Stripe's convention: `Wagate-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret,
 * "<t>.<raw body>")>`. The timestamp is signed with the body, so a captured request cannot be replayed after the
 * receiver's tolerance window. HMAC is Effect's `Mac` on Web Crypto (no `node:crypto`: the core imports only
 * `effect`), and verification compares tags with `Mac.verify`, in constant time.
 */

/** The header a delivery carries its signature in. */
export const SIGNATURE_HEADER = "Wagate-Signature"

const macLayer = Mac.layerWebCrypto.pipe(Layer.provide(SecureRandom.layerWebCrypto))
const encoder = new TextEncoder()

/** The bytes signed: `"<t>."` followed by the raw body. */
const signedBytes = (timestamp: number, rawBody: string | Uint8Array): Uint8Array => {
  const prefix = encoder.encode(`${timestamp}.`)
  const body = typeof rawBody === "string" ? encoder.encode(rawBody) : rawBody
  const bytes = new Uint8Array(prefix.length + body.length)
  bytes.set(prefix)
  bytes.set(body, prefix.length)
  return bytes
}

const secretText = (secret: string | Redacted.Redacted<string>): string => (Redacted.isRedacted(secret) ? Redacted.value(secret) : secret)

const hmacKey = (secret: string | Redacted.Redacted<string>) => Mac.key(Mac.hmacSha256, encoder.encode(secretText(secret)))

/** The `Wagate-Signature` value for `rawBody` signed at `timestamp` (unix seconds). */
export const signWebhook = (
  secret: string | Redacted.Redacted<string>,
  rawBody: string | Uint8Array,
  timestamp: number
): Effect.Effect<string> =>
  Effect.gen(function*() {
    const mac = yield* Mac.Mac
    const tag = yield* mac.sign(yield* hmacKey(secret), signedBytes(timestamp, rawBody))
    return `t=${timestamp},v1=${Hex.encode(tag)}`
  }).pipe(Effect.provide(macLayer), Effect.orDie, Effect.withSpan("webhooks.sign"))

/** How old (or how far ahead) a signature's timestamp may be, and the time to judge by (the `Clock` by default). */
export interface VerifyOptions {
  readonly toleranceSeconds: number
  /** The current time (a `Date` or epoch milliseconds); the effect's `Clock` when omitted. */
  readonly now?: Date | number | undefined
}

/** The parts of a signature header: its timestamp and every `v1` tag (a receiver may see several while rotating). */
const parseHeader = (header: string): { readonly timestamp: number; readonly tags: ReadonlyArray<Uint8Array> } | undefined => {
  let timestamp: number | undefined
  const tags: Array<Uint8Array> = []
  for (const part of header.split(",")) {
    const equals = part.indexOf("=")
    if (equals < 0) continue
    const name = part.slice(0, equals).trim()
    const value = part.slice(equals + 1).trim()
    if (name === "t" && /^[0-9]{1,12}$/.test(value)) timestamp = Number(value)
    if (name === "v1" && /^[0-9a-fA-F]{64}$/.test(value)) {
      const decoded = Hex.decode(value)
      if (Result.isSuccess(decoded)) tags.push(decoded.success)
    }
  }
  return timestamp === undefined || tags.length === 0 ? undefined : { timestamp, tags }
}

/**
 * Whether `header` (the `Wagate-Signature` value) signs `rawBody` (the bytes received, before JSON parsing)
 * with `secret`, at a time within `toleranceSeconds` of now. For receivers: `false` means refuse the request.
 * Tags are compared in constant time.
 */
export const verifyWebhookSignature = (
  secret: string | Redacted.Redacted<string>,
  header: string,
  rawBody: string | Uint8Array,
  options: VerifyOptions
): Effect.Effect<boolean> =>
  Effect.gen(function*() {
    const parsed = parseHeader(header)
    if (parsed === undefined) return false
    const nowMillis = options.now === undefined
      ? yield* Clock.currentTimeMillis
      : typeof options.now === "number" ? options.now : options.now.getTime()
    if (Math.abs(nowMillis / 1000 - parsed.timestamp) > options.toleranceSeconds) return false
    const mac = yield* Mac.Mac
    const key = yield* hmacKey(secret)
    const data = signedBytes(parsed.timestamp, rawBody)
    for (const tag of parsed.tags) {
      if (yield* mac.verify(key, tag, data)) return true
    }
    return false
  }).pipe(Effect.provide(macLayer), Effect.orElseSucceed(() => false), Effect.withSpan("webhooks.verify"))

import { Layer } from "effect"
import * as Digest from "effect/crypto/Digest"
import * as SecureRandom from "effect/crypto/SecureRandom"
import { SessionWriters } from "./access/exclusive.ts"
import { OutboxSignals } from "./messages/OutboxSignals.ts"
import { IdGenerator } from "./ports/IdGenerator.ts"
import { WebhookChanges } from "./webhooks/WebhookChanges.ts"

/**
 * What the use-cases need besides the ports: ids, one writer per session, and cryptography (Effect's
 * `SecureRandom` and `Digest`) for api keys and request fingerprints, the in-process notice of webhook changes, and
 * the outbox's signals between the use-cases that accept messages and the drains that send them.
 */
export type CoreServices = IdGenerator | SessionWriters | SecureRandom.SecureRandom | Digest.Digest | WebhookChanges | OutboxSignals

const layerWith = (digest: Layer.Layer<Digest.Digest>): Layer.Layer<CoreServices> =>
  Layer.mergeAll(IdGenerator.layer, SessionWriters.layer, SecureRandom.layerWebCrypto, digest, WebhookChanges.layer, OutboxSignals.layer)

export const CoreServices = {
  /**
   * The core services on the platform's Web Crypto. Build it once per hexagon and share it (`Layer.provideMerge`)
   * between the use-cases and the inbound sync: they must use the same `SessionWriters`.
   */
  layer: layerWith(Digest.layerWebCrypto),
  /**
   * The same with another `Digest`: a server passes a synchronous one (Node's `createHash`), since Web Crypto's
   * `digest` is a job on a thread pool whose promise costs more than the hash of a small request.
   */
  layerWith
} as const satisfies {
  readonly layer: Layer.Layer<CoreServices>
  readonly layerWith: (digest: Layer.Layer<Digest.Digest>) => Layer.Layer<CoreServices>
}

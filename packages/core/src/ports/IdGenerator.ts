import { Context, Effect, Layer } from "effect"
import * as SecureRandom from "effect/crypto/SecureRandom"

/** Makes ids for sessions, messages, api keys and requests. */
export class IdGenerator extends Context.Service<IdGenerator, {
  /** A new ULID: 26 characters, sortable by creation time, monotonic within a millisecond. */
  readonly next: Effect.Effect<string>
}>()("@wagate/core/IdGenerator") {
  /**
   * ULIDs from the given `SecureRandom` (Effect's monotonic ULIDs): the time part from the `Clock` (so `TestClock`
   * controls it), the 80-bit random part from a cryptographic source; within one millisecond each id is the
   * previous one plus one, so ids made in one process always sort in the order they were made.
   */
  static readonly layerSecureRandom: Layer.Layer<IdGenerator, never, SecureRandom.SecureRandom> = Layer.effect(
    IdGenerator,
    SecureRandom.SecureRandom.useSync((random) => IdGenerator.of({ next: random.ulid }))
  )

  /** `layerSecureRandom` on the platform's Web Crypto. */
  static readonly layer: Layer.Layer<IdGenerator> = IdGenerator.layerSecureRandom.pipe(
    Layer.provide(SecureRandom.layerWebCrypto)
  )
}

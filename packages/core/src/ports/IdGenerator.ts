import { Clock, Context, Effect, Layer, Random } from "effect"

const CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"

/** Makes ids for sessions, messages and api keys. The default makes ULIDs from the Clock and Random services. */
export class IdGenerator extends Context.Service<IdGenerator, {
  /** A new ULID: 26 characters, sortable by creation time. */
  readonly next: Effect.Effect<string>
}>()("@wagate/core/IdGenerator") {
  /** ULIDs from Effect's Clock and Random, so TestClock and a seeded Random make them predictable in tests. */
  static readonly layer = Layer.succeed(
    IdGenerator,
    IdGenerator.of({
      next: Effect.gen(function*() {
        let time = yield* Clock.currentTimeMillis
        let out = ""
        for (let i = 0; i < 10; i++) {
          out = CROCKFORD[time % 32] + out
          time = Math.floor(time / 32)
        }
        for (let i = 0; i < 16; i++) {
          out += CROCKFORD[yield* Random.nextIntBetween(0, 31)]
        }
        return out
      })
    })
  )
}

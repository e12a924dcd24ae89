import { Clock, Duration, Effect, Schedule, Stream } from "effect"
import { IncomingMessage } from "node:http"

/**
 * Closes the connection of a client that accepts nothing for `stallTimeout`: the writer waits for the socket to
 * drain, so the stream itself cannot end the response; the socket is destroyed instead, which ends the request
 * (its subscription and buffer are released). A client cut off as too slow that never reads again ends this way.
 */
export const closeWhenStalled = <E, R>(body: Stream.Stream<Uint8Array, E, R>, source: object, stallTimeout: Duration.Input) =>
  Stream.unwrap(Effect.gen(function*() {
    const limit = Duration.toMillis(Duration.fromInputUnsafe(stallTimeout))
    let lastSent = yield* Clock.currentTimeMillis
    const stalled = Effect.gen(function*() {
      const now = yield* Clock.currentTimeMillis
      return now - lastSent > limit
    })
    yield* stalled.pipe(
      Effect.repeat({ schedule: Schedule.spaced(Duration.millis(Math.max(10, limit / 4))), until: (isStalled) => isStalled }),
      Effect.andThen(Effect.sync(() => {
        if (source instanceof IncomingMessage) source.socket.destroy()
      })),
      Effect.forkScoped
    )
    return body.pipe(Stream.tap(() => Effect.map(Clock.currentTimeMillis, (now) => void (lastSent = now))))
  }))

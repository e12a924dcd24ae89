import { Effect, Layer, Schedule, Stream } from "effect"
import { exclusive } from "../access/exclusive.ts"
import { WhatsAppPort } from "../ports/WhatsAppPort.ts"
import { applyInboundChange } from "./applyInboundChange.ts"

/**
 * Keeps every session's stored view in step with WhatsApp: consumes the port's change stream for the life of the
 * layer. A store outage holds the stream (retrying with backoff) rather than dropping changes.
 */
export const InboundSync = Layer.effectDiscard(
  Effect.gen(function*() {
    const whatsapp = yield* WhatsAppPort
    yield* whatsapp.changes.pipe(
      Stream.runForEach((change) =>
        exclusive(change.sessionId)(applyInboundChange(change)).pipe(
          Effect.retry({
            while: (error) => error._tag === "StoreUnavailable",
            schedule: Schedule.min([Schedule.exponential("100 millis"), Schedule.spaced("10 seconds")])
          }),
          Effect.catch((error) => Effect.logError("inbound change could not be applied", { change: change._tag, error }))
        )
      ),
      Effect.forkScoped
    )
  })
)

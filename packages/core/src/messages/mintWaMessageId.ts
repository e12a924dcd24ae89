import { Effect, Random } from "effect"
import { WaMessageId } from "../domain/Ids.ts"

const HEX = "0123456789ABCDEF"

/**
 * A new WhatsApp message id, in the form WhatsApp Web clients give theirs (`3EB0` and 18 upper-case hex digits).
 * The core chooses it before the first attempt (API.md): stored with the queued message, so a receipt that comes
 * back before the `sent` write finds it, and a retry sends the same message again instead of a second one.
 */
export const mintWaMessageId: Effect.Effect<WaMessageId> = Effect.gen(function*() {
  let id = "3EB0"
  for (let i = 0; i < 18; i++) id += HEX[yield* Random.nextIntBetween(0, 15)]
  return WaMessageId.make(id)
})

import { DateTime, Effect } from "effect"
import type { Timestamp } from "../domain/Ids.ts"

/** The current time from Effect's Clock, as an ISO-8601 UTC timestamp. */
export const now: Effect.Effect<Timestamp> = Effect.map(DateTime.now, (t) => DateTime.formatIso(t) as Timestamp)

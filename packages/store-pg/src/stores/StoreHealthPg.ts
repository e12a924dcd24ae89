import { StoreHealth } from "@wagate/core"
import { Effect, Layer } from "effect"
import { SqlClient } from "effect/sql/SqlClient"
import { storeErrors } from "../errors.ts"

/** The store answers when the database runs a trivial query. */
export const StoreHealthPg = Layer.effect(
  StoreHealth,
  Effect.gen(function*() {
    const sql = (yield* SqlClient).withoutTransforms()
    const ping = sql`SELECT 1`.pipe(Effect.asVoid, storeErrors, Effect.withSpan("StoreHealthPg.ping"))
    return StoreHealth.of({ ping })
  })
)

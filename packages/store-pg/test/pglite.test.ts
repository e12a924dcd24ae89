import { layer } from "@effect/vitest"
import { storeContract } from "@wagate/testing"
import { Layer } from "effect"
import { EmbeddedPostgres, PgStore } from "../src/index.ts"
import { eventsSortAsNumbers } from "./support/eventOrder.ts"

/**
 * The store contract over the embedded Postgres exactly as the gateway runs it (PGlite in memory behind its
 * loopback server, the embedded client settings: one multiplexed connection).
 */
// The live clock: the driver's pool and connect timeouts keep timers, which a TestClock would freeze.
storeContract("PgStore over PGlite", PgStore.layer.pipe(Layer.provide(EmbeddedPostgres.layerMemory)), {
  excludeTestServices: true,
  timeout: "2 minutes"
})

layer(PgStore.layer.pipe(Layer.provideMerge(EmbeddedPostgres.layerMemory)), { excludeTestServices: true, timeout: "2 minutes" })(
  "PgStore over PGlite: event order",
  (it) => {
    it.effect("events sort by transaction id and sequence as numbers", () => eventsSortAsNumbers)
  }
)

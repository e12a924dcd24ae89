import { CoreServices } from "@wagate/core"
import { PgStore } from "@wagate/store-pg"
import { Layer } from "effect"
import { Database } from "./Database.ts"

/** The store the gateway would use (migrated first), and the core services (ids, cryptography), for commands that
 * read or write it. */
export const Store = {
  layer: Layer.mergeAll(PgStore.layer, CoreServices.layer).pipe(Layer.provide(Database.layer))
}

import { Effect } from "effect"
import { SqlClient } from "effect/sql/SqlClient"

/*
 * Gateway processes tell each other about committed events with a NOTIFY sent after the commit (EventWakeupsPg), no
 * longer from a trigger inside every transaction that inserts events: Postgres serialises the commits of transactions
 * that NOTIFY, which halved the commit rate measured with bench:send-throughput's ceiling.
 */
export default Effect.gen(function*() {
  const sql = yield* SqlClient
  yield* sql`DROP TRIGGER events_notify ON events`
  yield* sql`DROP FUNCTION wagate_events_notify()`
})

import { assert } from "@effect/vitest"
import { EventStore, makeEventId, type OrgId, SessionId } from "@wagate/core"
import { StoreFixtures } from "@wagate/testing"
import { Effect } from "effect"
import { SqlClient } from "effect/sql/SqlClient"

/**
 * Events sort by their transaction id and sequence as numbers, in every read: the rows carry them as text (`tx::text
 * AS tx`), and an `ORDER BY tx` that named the text alias sorted "10" before "9" — the live feed then skipped or
 * repeated events once the server's transaction ids gained a digit, and `latest` named an old event.
 *
 * Rows are inserted with transaction ids of one and two digits (lower than any real transaction's, so they are
 * visible and sort first), next to one appended as the store appends.
 */
export const eventsSortAsNumbers = Effect.gen(function*() {
  const sql = yield* SqlClient
  const events = yield* EventStore
  const orgId: OrgId = StoreFixtures.freshOrgId()
  const sessionId = SessionId.make(`ses-${StoreFixtures.uniqueTag()}`)
  const appended = yield* events.append(orgId, {
    type: "session.status",
    sessionId,
    data: { status: "connecting", phoneJid: null, lid: null }
  }, StoreFixtures.at(1))
  yield* StoreFixtures.untilVisible(appended.id)

  const txs = [9, 10, 99, 100]
  for (const tx of txs) {
    yield* sql`
      INSERT INTO events (tx, org_id, session_id, type, occurred_at, data)
      VALUES (${String(tx)}::xid8, ${orgId}, ${sessionId}, 'session.status', now(), ${JSON.stringify({ status: "connecting", phoneJid: null, lid: null })}::jsonb)`
  }

  // The feed from the start, two rows at a time: the low transactions first, in numeric order, each once.
  const read: Array<bigint> = []
  const first = yield* events.feed(null, 2)
  const second = yield* events.feed(first.at(-1)?.id ?? null, 2)
  for (const event of [...first, ...second]) read.push(BigInt(`0x${event.id.slice(0, 16)}`))
  assert.deepStrictEqual(read, txs.map(BigInt))

  // History pages of the organisation: the same order, then the appended one.
  const history = yield* events.history(orgId, { after: null, limit: 10 })
  assert.deepStrictEqual(history.map((event) => event.id), [...first, ...second].map((event) => event.id).concat(appended.id))

  // The newest visible event is at least the appended one, never the row of transaction 99 ("99" > "16610" as text).
  const latest = yield* events.latest
  assert.isTrue(latest !== null && latest >= appended.id, `latest ${latest} is before the appended ${appended.id}`)
  assert.isTrue(latest !== null && latest > makeEventId(100n, 0n))
})

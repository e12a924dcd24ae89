import type { PageResult } from "@wagate/core"

/**
 * A keyset page from rows fetched with `LIMIT limit + 1`: at most `limit` of them, and the key of the last one
 * when the extra row shows that more follow.
 */
export const toPage = <A>(rows: ReadonlyArray<A>, limit: number, key: (row: A) => string): PageResult<A> => {
  const items = rows.slice(0, limit)
  const last = items[items.length - 1]
  return { items, lastKey: rows.length > limit && last !== undefined ? key(last) : null }
}

import type { PageQuery, PageResult } from "@wagate/core"

/** Orders strings by UTF-16 code units, like Postgres' `COLLATE "C"`. */
export const compareKeys = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0)

/** Sorts rows by their key. */
export const sortByKey = <A>(rows: Iterable<A>, key: (row: A) => string): Array<A> =>
  Array.from(rows).sort((a, b) => compareKeys(key(a), key(b)))

/**
 * Keyset paging over rows already sorted by `key`: the rows after `page.after`, at most `page.limit` of them,
 * and the key of the last one when at least one more row follows.
 */
export const keysetPage = <A>(sorted: ReadonlyArray<A>, key: (row: A) => string, page: PageQuery): PageResult<A> => {
  const after = page.after
  const rest = after === null ? sorted : sorted.filter((row) => key(row) > after)
  const items = rest.slice(0, page.limit)
  const last = items[items.length - 1]
  return { items, lastKey: rest.length > items.length && last !== undefined ? key(last) : null }
}

import type { JsonPageResult } from "@wagate/core"

/**
 * A page of rows fetched with `LIMIT limit + 1` as the JSON text of its items (ADR 0033): each row's wire object
 * (`wire`, fields in the schema's order) through `JSON.stringify`, the bytes the endpoint's schema would have
 * encoded, and the key of the last item when the extra row shows that more follow.
 */
export const jsonPageOf = <R>(rows: ReadonlyArray<R>, limit: number, key: (row: R) => string, wire: (row: R) => object): JsonPageResult => {
  const items = rows.slice(0, limit)
  const last = items.at(-1)
  return { itemsJson: JSON.stringify(items.map(wire)), lastKey: rows.length > limit && last !== undefined ? key(last) : null }
}

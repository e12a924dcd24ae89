import type { JsonPageResult, PageQuery } from "@wagate/core"
import { Schema } from "effect"
import type { SqlClient } from "effect/sql/SqlClient"

/**
 * The columns of a page Postgres writes as JSON (ADR 0033), over two CTEs of the statement: `page`, the rows of
 * the query with `LIMIT limit + 1`, and `shown`, the first `limit` of them with one column per JSON field, named as
 * the field and in its order. `row_to_json` writes each object with no spaces and each string quoted and escaped as
 * `JSON.stringify` does; the objects are joined with bare commas. `key` is the column of `shown` pages go by.
 */
export const jsonPageColumns = (sql: SqlClient, key: string) =>
  sql`
    (SELECT count(*)::int FROM page) AS found,
    COALESCE((SELECT '[' || string_agg(row_to_json(shown)::text, ',' ORDER BY shown.${sql(key)}) || ']' FROM shown), '[]') AS items,
    (SELECT max(shown.${sql(key)}) FROM shown) AS last_key`

/** The fields `jsonPageColumns` adds to a row. */
export const JsonPageFields = { found: Schema.Int, items: Schema.String, last_key: Schema.NullOr(Schema.String) }

/** The page a row with `jsonPageColumns` holds: the key of its last item when the extra row shows more follow. */
export const toJsonPageResult = (
  row: { readonly found: number; readonly items: string; readonly last_key: string | null },
  page: PageQuery
): JsonPageResult => ({ itemsJson: row.items, lastKey: row.found > page.limit ? row.last_key : null })

/** `timestamptz` as JSON text the way `Date.prototype.toISOString` writes it (the stored values have milliseconds at most). */
export const isoTimestamp = (sql: SqlClient, column: string) =>
  sql`to_char(${sql(column)} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`

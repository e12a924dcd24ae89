import { Effect, Result, Schema } from "effect"
import * as Base64Url from "effect/encoding/Base64Url"
import { DEFAULT_PAGE_LIMIT, type JsonPageResult, type Page, type PageQuery, type PageResult } from "../domain/Page.ts"
import { invalid } from "./validate.ts"

/** Caller-facing paging: `limit` 1..1000 (default 100) and an opaque `cursor`. */
export interface PageInput {
  readonly limit?: number | undefined
  readonly cursor?: string | undefined
}

const CursorPayload = Schema.Struct({ k: Schema.String })
const decodeCursorPayload = Schema.decodeUnknownOption(Schema.fromJsonString(CursorPayload))

const encodeCursor = (key: string): string => Base64Url.encode(JSON.stringify({ k: key }))

/** Validates paging input into a store query; a cursor that wagate did not make is a validation error. */
export const toPageQuery = (input: PageInput | undefined) =>
  Effect.gen(function*() {
    const limit = input?.limit ?? DEFAULT_PAGE_LIMIT
    if (!Number.isInteger(limit) || limit < 1 || limit > 1000) {
      return yield* invalid("limit", "must be an integer from 1 to 1000")
    }
    const cursor = input?.cursor ?? ""
    if (cursor === "") {
      const query: PageQuery = { limit, after: null }
      return query
    }
    const decoded = Base64Url.decodeString(cursor)
    const payload = Result.isSuccess(decoded) ? decodeCursorPayload(decoded.success) : undefined
    if (payload === undefined || payload._tag === "None") {
      return yield* invalid("cursor", "is not a cursor this API returned")
    }
    const query: PageQuery = { limit, after: payload.value.k }
    return query
  })

/** Wraps a store's page in the `List` envelope. */
export const toPage = <A>(result: PageResult<A>): Page<A> => ({
  items: result.items,
  nextCursor: result.lastKey === null ? "" : encodeCursor(result.lastKey)
})

/**
 * The `List` envelope's JSON text around items a store wrote as JSON (ADR 0033): the same bytes as encoding the
 * `Page` of those items.
 */
export const toJsonPage = (result: JsonPageResult): string =>
  `{"items":${result.itemsJson},"nextCursor":${JSON.stringify(result.lastKey === null ? "" : encodeCursor(result.lastKey))}}`

/** Pages a list already in memory (a live WhatsApp answer) the same way the store pages: by key, after the cursor. */
export const pageOfList = <A>(all: ReadonlyArray<A>, keyOf: (a: A) => string, query: PageQuery): Page<A> => {
  const sorted = [...all].sort((a, b) => (keyOf(a) < keyOf(b) ? -1 : keyOf(a) > keyOf(b) ? 1 : 0))
  const after = query.after
  const rest = after === null ? sorted : sorted.filter((a) => keyOf(a) > after)
  const items = rest.slice(0, query.limit)
  const last = items.at(-1)
  return toPage({ items, lastKey: rest.length > query.limit && last !== undefined ? keyOf(last) : null })
}

import { Schema } from "effect"

/** A page of a list: `nextCursor` is `""` on the last page. */
export interface Page<A> {
  readonly items: ReadonlyArray<A>
  readonly nextCursor: string
}

/** What a store is asked for: at most `limit` rows whose key sorts after `after`. */
export interface PageQuery {
  readonly limit: number
  readonly after: string | null
}

/** A store's answer: the rows and the key of the last row when more may follow. */
export interface PageResult<A> {
  readonly items: ReadonlyArray<A>
  readonly lastKey: string | null
}

/**
 * A store's answer written as JSON: `itemsJson` is the array of the page's items in their wire form, as the store
 * wrote it (ADR 0033), and `lastKey` the key of the last item when more may follow.
 */
export interface JsonPageResult {
  readonly itemsJson: string
  readonly lastKey: string | null
}

/**
 * A group's stored list read in one step: the page, or which owner is not stored (the organisation's session, or
 * the session's group).
 */
export type GroupListJson =
  | { readonly _tag: "Page"; readonly page: JsonPageResult }
  | { readonly _tag: "NoSession" }
  | { readonly _tag: "NoGroup" }

/** `?limit=&cursor=` as callers give them. */
export const PageParams = Schema.Struct({
  limit: Schema.optionalKey(Schema.Int.pipe(Schema.check(Schema.isBetween({ minimum: 1, maximum: 1000 })))),
  cursor: Schema.optionalKey(Schema.String)
})
export type PageParams = typeof PageParams.Type

export const DEFAULT_PAGE_LIMIT = 100

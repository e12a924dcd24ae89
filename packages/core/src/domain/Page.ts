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

/** `?limit=&cursor=` as callers give them. */
export const PageParams = Schema.Struct({
  limit: Schema.optionalKey(Schema.Int.pipe(Schema.check(Schema.isBetween({ minimum: 1, maximum: 1000 })))),
  cursor: Schema.optionalKey(Schema.String)
})
export type PageParams = typeof PageParams.Type

export const DEFAULT_PAGE_LIMIT = 100

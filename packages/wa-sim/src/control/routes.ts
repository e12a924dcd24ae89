import type { Target } from "./Target.ts"

/** The string fields of a request (from the JSON body, or the query string of a GET). */
export type Body = Readonly<Record<string, string>>
/** The structured fields of a JSON body (objects, lists, booleans), for the route to check. */
export type Json = Readonly<Record<string, unknown>>

export interface Route {
  /** `GET` routes read their fields from the query string; the others are `POST` with a JSON body. */
  readonly method?: "GET" | undefined
  readonly fields: ReadonlyArray<string>
  /** Fields that hold JSON values other than strings; they arrive in `json`, unchecked. */
  readonly structured?: ReadonlyArray<string> | undefined
  readonly run: (body: Body, json: Json) => Promise<unknown> | unknown
}

/** The account a request names (`jid` or `sessionId`). */
export const targetOf = (body: Body): Target => ({ jid: body["jid"], sessionId: body["sessionId"] })

import { Effect } from "effect"
import { type PageInput, toPageQuery } from "../access/paging.ts"
import { decodeInput } from "../access/validate.ts"
import { GroupRef } from "./inputs.ts"

const decodeGroup = decodeInput(GroupRef)

/**
 * What a list under one group asks for: the session and group of its path, then the page, each checked in that
 * order (so a bad path is named before a bad cursor), for the member and join-request lists alike.
 */
export const decodeGroupPage = Effect.fn("groups.decodePage")(function*(sessionId: string, groupJid: string, page: PageInput | undefined) {
  const ref = yield* decodeGroup({ sessionId, groupJid })
  const query = yield* toPageQuery(page)
  return { ref, query }
})

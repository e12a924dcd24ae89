import { Effect } from "effect"
import type { Principal } from "../domain/Principal.ts"
import { requireCapability } from "../access/capability.ts"
import { type PageInput, toPage, toPageQuery } from "../access/paging.ts"
import { ownedSession } from "../access/session.ts"
import { decodeInput } from "../access/validate.ts"
import { SessionStore } from "../ports/store/SessionStore.ts"
import { SessionRef } from "./inputs.ts"

const decodeRef = decodeInput(SessionRef)

/** The organisation's sessions, a page at a time (stored). */
export const listSessions = Effect.fn("sessions.list")(function*(principal: Principal, page?: PageInput) {
  const query = yield* toPageQuery(page)
  yield* requireCapability(principal, "read")
  const sessions = yield* SessionStore
  return toPage(yield* sessions.list(principal.orgId, query))
})

/** One of the organisation's sessions (stored). */
export const getSession = Effect.fn("sessions.get")(function*(principal: Principal, sessionId: string) {
  const ref = yield* decodeRef({ sessionId })
  yield* requireCapability(principal, "read")
  return yield* ownedSession(principal, ref.sessionId)
})

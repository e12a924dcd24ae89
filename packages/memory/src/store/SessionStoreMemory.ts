import {
  Conflict,
  type OrgId,
  type PageQuery,
  type Session,
  type SessionId,
  SessionStore,
  type SessionStatus,
  type Timestamp,
  type LidJid,
  type PhoneJid
} from "@wagate/core"
import { Effect, Layer, Option } from "effect"
import { MemoryState, ownerKey } from "./MemoryState.ts"
import { keysetPage, sortByKey } from "./paging.ts"

const byId = (session: Session): string => session.id

/** `SessionStore` over the shared memory tables; removing a session cascades to everything stored under it. */
export const SessionStoreMemory = Layer.effect(
  SessionStore,
  Effect.gen(function*() {
    const state = yield* MemoryState

    const insert = Effect.fn("SessionStoreMemory.insert")(function*(session: Session) {
      const inserted = yield* state.atomically((t) => {
        if (t.sessions.has(session.id)) return false
        t.sessions.set(session.id, session)
        return true
      })
      if (!inserted) {
        return yield* new Conflict({ reason: "session_id_taken", message: `session id ${session.id} is taken` })
      }
    })

    const get = Effect.fn("SessionStoreMemory.get")(function*(orgId: OrgId, sessionId: SessionId) {
      return yield* state.atomically((t) => Option.filter(Option.fromUndefinedOr(t.sessions.get(sessionId)), (s) => s.orgId === orgId))
    })

    const find = Effect.fn("SessionStoreMemory.find")(function*(sessionId: SessionId) {
      return yield* state.atomically((t) => Option.fromUndefinedOr(t.sessions.get(sessionId)))
    })

    const list = Effect.fn("SessionStoreMemory.list")(function*(orgId: OrgId, page: PageQuery) {
      return yield* state.atomically((t) =>
        keysetPage(sortByKey(Array.from(t.sessions.values()).filter((s) => s.orgId === orgId), byId), byId, page)
      )
    })

    const all = state.atomically((t): ReadonlyArray<Session> => sortByKey(t.sessions.values(), byId)).pipe(
      Effect.withSpan("SessionStoreMemory.all")
    )

    const countByStatus = state.atomically((t) => {
      const counts = new Map<SessionStatus, number>()
      for (const session of t.sessions.values()) counts.set(session.status, (counts.get(session.status) ?? 0) + 1)
      return Array.from(counts, ([status, count]) => ({ status, count }))
    }).pipe(Effect.withSpan("SessionStoreMemory.countByStatus"))

    const setStatus = Effect.fn("SessionStoreMemory.setStatus")(function*(
      sessionId: SessionId,
      status: SessionStatus,
      phoneJid: PhoneJid | null,
      lid: LidJid | null,
      at: Timestamp
    ) {
      return yield* state.atomically((t) => {
        const current = t.sessions.get(sessionId)
        if (current === undefined) return Option.none<Session>()
        const next: Session = { ...current, status, phoneJid, lid, updatedAt: at }
        t.sessions.set(sessionId, next)
        return Option.some(next)
      })
    })

    const remove = Effect.fn("SessionStoreMemory.remove")(function*(orgId: OrgId, sessionId: SessionId) {
      yield* state.atomically((t) => {
        if (t.sessions.get(sessionId)?.orgId !== orgId) return
        t.sessions.delete(sessionId)
        t.groups.delete(ownerKey(orgId, sessionId))
        t.twins.delete(ownerKey(orgId, sessionId))
        t.authState.delete(sessionId)
        t.chatMessages.delete(sessionId)
        t.chats.delete(sessionId)
        for (const [id, message] of t.messages) {
          if (message.sessionId === sessionId) t.messages.delete(id)
        }
      })
    })

    return SessionStore.of({ insert, get, find, list, all, countByStatus, setStatus, remove })
  })
)

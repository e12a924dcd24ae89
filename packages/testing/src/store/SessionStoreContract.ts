import { assert, layer, type Vitest } from "@effect/vitest"
import { Conflict, GroupStore, MessageStore, SessionId, SessionStore } from "@wagate/core"
import { Effect, type Layer } from "effect"
import {
  assertNone,
  at,
  freshMessageId,
  freshOrgId,
  freshOwner,
  freshSessionId,
  getSome,
  groupJids,
  idFamily,
  lidJid,
  makeGroupInfo,
  makeMessage,
  makeSession,
  siblingOwner,
  userJid
} from "./fixtures.ts"

/** What the session suite needs: removing a session is checked against the groups and messages under it. */
export type SessionStoreContractServices = SessionStore | GroupStore | MessageStore

/** Registers the `SessionStore` tests on `it`. */
export const sessionStoreTests = (it: Vitest.MethodsNonLive<SessionStoreContractServices>): void => {
  it.effect("insert then get returns the session to its organisation only", () =>
    Effect.gen(function*() {
      const sessions = yield* SessionStore
      const orgId = freshOrgId()
      const session = makeSession(orgId, freshSessionId(), { name: "Sales", status: "connected", phoneJid: userJid(7) })
      yield* sessions.insert(session)

      assert.deepStrictEqual(getSome(yield* sessions.get(orgId, session.id)), session)
      assertNone(yield* sessions.get(freshOrgId(), session.id), "no session for another organisation")
      assertNone(yield* sessions.get(orgId, freshSessionId()), "no unknown session")
    }))

  it.effect("find is not scoped by organisation", () =>
    Effect.gen(function*() {
      const sessions = yield* SessionStore
      const session = makeSession(freshOrgId(), freshSessionId())
      yield* sessions.insert(session)

      assert.deepStrictEqual(getSome(yield* sessions.find(session.id)), session)
      assertNone(yield* sessions.find(freshSessionId()))
    }))

  it.effect("insert fails with Conflict when the id is taken, by any organisation", () =>
    Effect.gen(function*() {
      const sessions = yield* SessionStore
      const orgId = freshOrgId()
      const session = makeSession(orgId, freshSessionId(), { name: "first" })
      yield* sessions.insert(session)

      for (const owner of [orgId, freshOrgId()]) {
        const error = yield* Effect.flip(sessions.insert(makeSession(owner, session.id, { name: "second" })))
        assert.instanceOf(error, Conflict)
        assert.strictEqual(error.reason, "session_id_taken")
      }
      assert.deepStrictEqual(getSome(yield* sessions.get(orgId, session.id)), session, "the first session is kept")
    }))

  it.effect("list orders an organisation's sessions by id and pages by key", () =>
    Effect.gen(function*() {
      const sessions = yield* SessionStore
      const orgId = freshOrgId()
      const id = idFamily("ses")
      for (const i of [3, 1, 5, 2, 4]) {
        yield* sessions.insert(makeSession(orgId, SessionId.make(id(i))))
      }
      yield* sessions.insert(makeSession(freshOrgId(), SessionId.make(id(6))))
      const ids = (page: { readonly items: ReadonlyArray<{ readonly id: string }> }) => page.items.map((s) => s.id)

      const first = yield* sessions.list(orgId, { limit: 2, after: null })
      assert.deepStrictEqual(ids(first), [id(1), id(2)])
      assert.strictEqual(first.lastKey, id(2))
      const second = yield* sessions.list(orgId, { limit: 2, after: first.lastKey })
      assert.deepStrictEqual(ids(second), [id(3), id(4)])
      assert.strictEqual(second.lastKey, id(4))
      const third = yield* sessions.list(orgId, { limit: 2, after: second.lastKey })
      assert.deepStrictEqual(ids(third), [id(5)])
      assert.isNull(third.lastKey)

      const exact = yield* sessions.list(orgId, { limit: 5, after: null })
      assert.deepStrictEqual(ids(exact), [1, 2, 3, 4, 5].map(id))
      assert.isNull(exact.lastKey, "no key when the page holds the last row")
      const lastTwo = yield* sessions.list(orgId, { limit: 2, after: id(3) })
      assert.deepStrictEqual(ids(lastTwo), [id(4), id(5)])
      assert.isNull(lastTwo.lastKey)
      assert.deepStrictEqual(ids(yield* sessions.list(freshOrgId(), { limit: 10, after: null })), [])
    }))

  it.effect("all holds every organisation's sessions", () =>
    Effect.gen(function*() {
      const sessions = yield* SessionStore
      const a = makeSession(freshOrgId(), freshSessionId())
      const b = makeSession(freshOrgId(), freshSessionId())
      yield* sessions.insert(a)
      yield* sessions.insert(b)

      const all = yield* sessions.all
      assert.deepStrictEqual(all.find((s) => s.id === a.id), a)
      assert.deepStrictEqual(all.find((s) => s.id === b.id), b)
    }))

  it.effect("countByStatus counts sessions in each status, across organisations, and follows their changes", () =>
    Effect.gen(function*() {
      const sessions = yield* SessionStore
      const count = (rows: ReadonlyArray<{ readonly status: string; readonly count: number }>, status: string) =>
        rows.find((row) => row.status === status)?.count ?? 0
      const before = yield* sessions.countByStatus
      const a = makeSession(freshOrgId(), freshSessionId())
      const b = makeSession(freshOrgId(), freshSessionId(), { status: "connected" })
      const c = makeSession(freshOrgId(), freshSessionId(), { status: "connected" })
      yield* sessions.insert(a)
      yield* sessions.insert(b)
      yield* sessions.insert(c)
      const inserted = yield* sessions.countByStatus
      assert.strictEqual(count(inserted, "pairing") - count(before, "pairing"), 1)
      assert.strictEqual(count(inserted, "connected") - count(before, "connected"), 2)
      assert.isTrue(inserted.every((row) => row.count > 0), "only statuses that have sessions")
      assert.strictEqual(new Set(inserted.map((row) => row.status)).size, inserted.length, "one row per status")

      yield* sessions.setStatus(b.id, "logged_out", null, null, at(70))
      yield* sessions.remove(c.orgId, c.id)
      const changed = yield* sessions.countByStatus
      assert.strictEqual(count(changed, "connected") - count(before, "connected"), 0)
      assert.strictEqual(count(changed, "logged_out") - count(before, "logged_out"), 1)
      assert.strictEqual(count(changed, "pairing") - count(before, "pairing"), 1)
    }))

  it.effect("setStatus updates status, phone JID, LID and updatedAt, and returns the session", () =>
    Effect.gen(function*() {
      const sessions = yield* SessionStore
      const session = makeSession(freshOrgId(), freshSessionId(), { name: "Ops" })
      yield* sessions.insert(session)

      const connected = getSome(yield* sessions.setStatus(session.id, "connected", userJid(9), lidJid(9), at(60)))
      const expected = { ...session, status: "connected" as const, phoneJid: userJid(9), lid: lidJid(9), updatedAt: at(60) }
      assert.deepStrictEqual(connected, expected)
      assert.deepStrictEqual(getSome(yield* sessions.get(session.orgId, session.id)), expected)

      const loggedOut = getSome(yield* sessions.setStatus(session.id, "logged_out", null, null, at(61)))
      assert.strictEqual(loggedOut.status, "logged_out")
      assert.isNull(loggedOut.phoneJid)
      assert.isNull(loggedOut.lid)
      assert.strictEqual(loggedOut.createdAt, session.createdAt)
      assertNone(yield* sessions.setStatus(freshSessionId(), "connected", null, null, at(62)), "no unknown session")
    }))

  it.effect("remove deletes the session, and only for its organisation", () =>
    Effect.gen(function*() {
      const sessions = yield* SessionStore
      const session = makeSession(freshOrgId(), freshSessionId())
      yield* sessions.insert(session)

      yield* sessions.remove(freshOrgId(), session.id)
      assert.deepStrictEqual(getSome(yield* sessions.get(session.orgId, session.id)), session, "another organisation cannot remove it")

      yield* sessions.remove(session.orgId, session.id)
      assertNone(yield* sessions.get(session.orgId, session.id))
      assertNone(yield* sessions.find(session.id))
      assert.isUndefined((yield* sessions.all).find((s) => s.id === session.id))
      yield* sessions.remove(session.orgId, session.id)

      const again = makeSession(session.orgId, session.id, { name: "again" })
      yield* sessions.insert(again)
      assert.deepStrictEqual(getSome(yield* sessions.get(session.orgId, session.id)), again, "the id is free again")
    }))

  it.effect("remove deletes the session's groups, members and messages, and nothing of other sessions", () =>
    Effect.gen(function*() {
      const sessions = yield* SessionStore
      const groups = yield* GroupStore
      const messages = yield* MessageStore
      const doomed = yield* freshOwner
      const kept = yield* siblingOwner(doomed)
      const jid = groupJids()
      const info = makeGroupInfo(jid(1), { members: [{ jid: userJid(1), role: "superadmin" }, { jid: userJid(2), role: "member" }] })
      const doomedMessage = makeMessage(doomed, freshMessageId())
      const keptMessage = makeMessage(kept, freshMessageId())
      for (const owner of [doomed, kept]) {
        yield* groups.upsert(owner, info, at(10))
      }
      yield* messages.insert(doomedMessage)
      yield* messages.insert(keptMessage)

      yield* sessions.remove(doomed.orgId, doomed.sessionId)

      assertNone(yield* groups.get(doomed, info.groupJid), "no group of the removed session")
      assertNone(yield* groups.member(doomed, info.groupJid, userJid(2)), "no member of the removed session")
      assert.deepStrictEqual((yield* groups.members(doomed, info.groupJid, { limit: 10, after: null })).items, [])
      assertNone(yield* messages.get(doomed.orgId, doomed.sessionId, doomedMessage.id), "no message of the removed session")

      assert.strictEqual(getSome(yield* groups.get(kept, info.groupJid)).participants, 2)
      assert.strictEqual((yield* groups.members(kept, info.groupJid, { limit: 10, after: null })).items.length, 2)
      assert.deepStrictEqual(getSome(yield* messages.get(kept.orgId, kept.sessionId, keptMessage.id)), keptMessage)

      yield* sessions.insert(makeSession(doomed.orgId, doomed.sessionId))
      assert.deepStrictEqual((yield* groups.list(doomed, { limit: 10, after: null })).items, [], "a new session with the id starts empty")
    }))
}

/** The `SessionStore` contract: every adapter of the port must pass it. */
export const sessionStoreContract = <E>(name: string, storeLayer: Layer.Layer<SessionStoreContractServices, E>): void =>
  layer(storeLayer)(name, sessionStoreTests)

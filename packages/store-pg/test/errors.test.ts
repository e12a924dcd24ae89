import { assert, layer } from "@effect/vitest"
import { PgClient } from "@effect/sql-pg"
import {
  ApiKeyId,
  ApiKeyStore,
  AuthStateStore,
  EventStore,
  GroupStore,
  IdempotencyStore,
  LidJid,
  MessageStore,
  SessionStore,
  StoreHealth,
  StoreUnavailable,
  WaMessageId
} from "@wagate/core"
import { StoreFixtures } from "@wagate/testing"
import { Cause, Effect, Layer, Logger } from "effect"
import { isSqlError } from "effect/sql/SqlError"
import { createServer } from "node:net"
import { PgStore } from "../src/index.ts"

const {
  at,
  freshHash,
  freshMessageId,
  freshOrgId,
  freshSessionId,
  groupJids,
  makeApiKey,
  makeGroupInfo,
  makeMessage,
  makeSession,
  userJid
} = StoreFixtures

/** A loopback port nothing listens on: taken from the system, then let go. */
const closedPort = Effect.promise(() =>
  new Promise<number>((resolve, reject) => {
    const server = createServer()
    server.once("error", reject)
    server.listen(0, "127.0.0.1", () => {
      const address = server.address()
      const port = typeof address === "object" && address !== null ? address.port : 0
      server.close(() => resolve(port))
    })
  })
)

/** A client whose every connection attempt is refused. */
const unreachable = Layer.unwrap(
  Effect.map(closedPort, (port) =>
    PgClient.layer({ host: "127.0.0.1", port, username: "postgres", database: "postgres", maxConnections: 1, connectTimeout: "2 seconds" }))
)

layer(PgStore.layerWithoutMigrations.pipe(Layer.provide(unreachable)), { excludeTestServices: true })(
  "PgStore when the database cannot be reached",
  (it) => {
    it.effect("every port method fails with StoreUnavailable, and the SQL error goes to the log only", () =>
      Effect.gen(function*() {
        const sessions = yield* SessionStore
        const groups = yield* GroupStore
        const messages = yield* MessageStore
        const idempotency = yield* IdempotencyStore
        const apiKeys = yield* ApiKeyStore
        const events = yield* EventStore
        const auth = yield* AuthStateStore
        const health = yield* StoreHealth
        const owner = { orgId: freshOrgId(), sessionId: freshSessionId() }
        const jid = groupJids()(1)
        const page = { limit: 10, after: null }
        const message = makeMessage(owner, freshMessageId())
        const keyId = ApiKeyId.make("key-1")
        const calls: ReadonlyArray<readonly [string, Effect.Effect<unknown, unknown>]> = [
          ["SessionStore.insert", sessions.insert(makeSession(owner.orgId, owner.sessionId))],
          ["SessionStore.get", sessions.get(owner.orgId, owner.sessionId)],
          ["SessionStore.find", sessions.find(owner.sessionId)],
          ["SessionStore.list", sessions.list(owner.orgId, page)],
          ["SessionStore.all", sessions.all],
          ["SessionStore.countByStatus", sessions.countByStatus],
          ["SessionStore.setStatus", sessions.setStatus(owner.sessionId, "connected", userJid(1), null, at(1))],
          ["SessionStore.remove", sessions.remove(owner.orgId, owner.sessionId)],
          ["GroupStore.upsert", groups.upsert(owner, makeGroupInfo(jid), at(1))],
          ["GroupStore.get", groups.get(owner, jid)],
          ["GroupStore.list", groups.list(owner, page)],
          ["GroupStore.patch", groups.patch(owner, jid, { subject: "x" }, at(1))],
          ["GroupStore.markLeft", groups.markLeft(owner, jid, at(1))],
          ["GroupStore.members", groups.members(owner, jid, page)],
          ["GroupStore.member", groups.member(owner, jid, userJid(1))],
          ["GroupStore.applyParticipants", groups.applyParticipants(owner, jid, "add", [{ jid: userJid(2) }], at(1))],
          ["GroupStore.learnTwins", groups.learnTwins(owner, [{ phoneJid: userJid(2), lid: LidJid.make("1@lid") }], at(1))],
          ["GroupStore.setParent", groups.setParent(owner, jid, null, at(1))],
          ["GroupStore.communities", groups.communities(owner, page)],
          ["MessageStore.insert", messages.insert(message)],
          ["MessageStore.get", messages.get(owner.orgId, owner.sessionId, message.id)],
          ["MessageStore.update", messages.update(message.id, { status: "sent", at: at(1) })],
          ["MessageStore.countByStatus", messages.countByStatus],
          ["MessageStore.findByWaId", messages.findByWaId(owner.sessionId, WaMessageId.make("WA1"))],
          ["MessageStore.nextQueued", messages.nextQueued(owner.orgId, owner.sessionId)],
          ["MessageStore.queuedSessions", messages.queuedSessions(at(1))],
          ["IdempotencyStore.find", idempotency.find(owner.orgId, "k")],
          ["IdempotencyStore.claim", idempotency.claim(owner.orgId, "k", { fingerprint: "fp", messageId: message.id, async: false, at: at(1) })],
          ["ApiKeyStore.insert", apiKeys.insert(makeApiKey(owner.orgId, keyId), freshHash())],
          ["ApiKeyStore.findByHash", apiKeys.findByHash(freshHash())],
          ["ApiKeyStore.list", apiKeys.list(owner.orgId, page)],
          ["ApiKeyStore.revoke", apiKeys.revoke(owner.orgId, keyId, at(1))],
          ["ApiKeyStore.touch", apiKeys.touch(keyId, at(1))],
          ["EventStore.append", events.append(owner.orgId, { type: "session.status", sessionId: owner.sessionId, data: { status: "connected", phoneJid: null, lid: null } }, at(1))],
          ["EventStore.history", events.history(owner.orgId, { after: null, limit: 10 })],
          ["EventStore.feed", events.feed(null, 10)],
          ["EventStore.latest", events.latest],
          ["EventStore.prune", events.prune(at(1))],
          ["AuthStateStore.loadCredentials", auth.loadCredentials(owner.sessionId)],
          ["AuthStateStore.saveCredentials", auth.saveCredentials(owner.sessionId, { a: 1 })],
          ["AuthStateStore.getKeys", auth.getKeys(owner.sessionId, "pre-key", ["1"])],
          ["AuthStateStore.setKeys", auth.setKeys(owner.sessionId, { "pre-key": { "1": null } })],
          ["AuthStateStore.clear", auth.clear(owner.sessionId)],
          ["StoreHealth.ping", health.ping]
        ]

        for (const [name, call] of calls) {
          const error = yield* Effect.flip(call)
          assert.instanceOf(error, StoreUnavailable, name)
          assert.deepStrictEqual(
            { message: error.message, retryAfterSeconds: error.retryAfterSeconds },
            { message: "the store is unavailable", retryAfterSeconds: 2 },
            name
          )
        }
        // Each failure logs its cause (the next test looks at one); this test keeps the output quiet.
      }).pipe(Effect.provide(Logger.layer([]))))

    it.effect("the cause is logged as an error", () =>
      Effect.gen(function*() {
        const logged: Array<{ readonly level: string; readonly cause: Cause.Cause<unknown> }> = []
        const capture = Logger.make((options) => {
          logged.push({ level: options.logLevel, cause: options.cause })
        })
        const sessions = yield* SessionStore
        yield* Effect.flip(sessions.find(freshSessionId())).pipe(Effect.provide(Logger.layer([capture])))

        assert.strictEqual(logged.length, 1)
        assert.strictEqual(logged[0]?.level, "Error")
        assert.isTrue(isSqlError(Cause.squash(logged[0]?.cause ?? Cause.empty)), "the log's cause is the SqlError")
      }))
  }
)

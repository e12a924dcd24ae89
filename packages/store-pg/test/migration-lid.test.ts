import { assert, layer } from "@effect/vitest"
import { GroupJid, GroupStore, LidJid, OrgId, PhoneJid, SessionId, SessionStore, Timestamp } from "@wagate/core"
import { Effect, Layer } from "effect"
import * as Migrator from "effect/sql/Migrator"
import { SqlClient } from "effect/sql/SqlClient"
import { EmbeddedPostgres, migrationsTable, PgStore } from "../src/index.ts"
import initial from "../src/migrations/0001_initial.ts"

const orgId = OrgId.make("org-migration")
const sessionId = SessionId.make("ses-migration")
const owner = { orgId, sessionId }
const groupJid = GroupJid.make("120363000000000042@g.us")
const phone = PhoneJid.make("6281200000001@s.whatsapp.net")
const lid = LidJid.make("202400000000001@lid")

// Rows written by the first schema, before members had twins: the migration must keep them readable and matchable.
const beforeTwins = Effect.gen(function*() {
  yield* Migrator.make({})({ loader: Migrator.fromRecord({ "0001_initial": initial }), table: migrationsTable })
  const sql = yield* SqlClient
  yield* sql`INSERT INTO sessions (id, org_id, name, status, phone_jid, created_at, updated_at)
             VALUES (${sessionId}, ${orgId}, NULL, 'connected', ${phone}, now(), now())`
  yield* sql`INSERT INTO groups (org_id, session_id, group_jid, kind, parent_jid, subject, description, owner_jid,
                                 settings, has_left, participants, created_at, updated_at)
             VALUES (${orgId}, ${sessionId}, ${groupJid}, 'group', NULL, 'Old', NULL, ${phone},
                     '{"isAnnounce":false,"isLocked":false,"joinApproval":false,"memberAddMode":"admin_add"}'::jsonb,
                     false, 1, now(), now())`
  yield* sql`INSERT INTO members (org_id, session_id, group_jid, jid, role) VALUES (${orgId}, ${sessionId}, ${groupJid}, ${phone}, 'superadmin')`
})

const database = EmbeddedPostgres.layerMemory
const migrated = PgStore.layer.pipe(Layer.provide(Layer.effectDiscard(beforeTwins)), Layer.provide(database))

layer(migrated, { excludeTestServices: true, timeout: "2 minutes" })("migration 0002_lid_twins", (it) => {
  it.effect("rows of the first schema keep working: members get their phone JID twin, sessions a null LID", () =>
    Effect.gen(function*() {
      const sessions = yield* SessionStore
      const groups = yield* GroupStore
      const session = yield* sessions.find(sessionId)
      assert.strictEqual(session._tag === "Some" ? session.value.lid : "missing", null)
      const members = yield* groups.members(owner, groupJid, { limit: 10, after: null })
      assert.deepStrictEqual(members.items, [{ jid: phone, phoneJid: phone, lid: null, role: "superadmin" }])

      yield* groups.learnTwins(owner, [{ phoneJid: phone, lid }], Timestamp.make("2026-01-01T00:00:00.000Z"))
      const byLid = yield* groups.member(owner, groupJid, lid)
      assert.deepStrictEqual(byLid._tag === "Some" ? byLid.value : null, { jid: phone, phoneJid: phone, lid, role: "superadmin" })
    }))
})

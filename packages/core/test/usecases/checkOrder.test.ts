import { assert, describe, it } from "@effect/vitest"
import {
  addCommunityMembers,
  addMembers,
  approveJoinRequests,
  createCommunity,
  createGroup,
  demoteAdmin,
  type EventStore,
  type GroupStore,
  type IdempotencyStore,
  type CoreServices,
  type ChatStore,
  type MessageStore,
  type Outbox,
  type SendRateLimiter,
  type SessionStore,
  type StoreTransaction,
  type WhatsAppPort,
  getInvite,
  type GroupJid,
  joinGroup,
  leaveGroup,
  linkCommunityGroup,
  listJoinRequests,
  previewInvite,
  type Principal,
  promoteAdmins,
  rejectJoinRequests,
  removeMember,
  revokeInvite,
  sendMessage,
  sendPresence,
  updateGroup
} from "@wagate/core"
import { Simulator } from "@wagate/memory"
import { Effect } from "effect"
import { acme, acmeReader, calls, globex, newSession, resetCalls, synced, user, World } from "../support/world.ts"

type Services =
  | WhatsAppPort
  | SessionStore
  | GroupStore
  | MessageStore
  | ChatStore
  | Outbox
  | IdempotencyStore
  | EventStore
  | StoreTransaction
  | CoreServices
  | SendRateLimiter
type Op = (p: Principal, sessionId: string, groupJid: GroupJid) => Effect.Effect<unknown, { readonly _tag: string }, Services>

const ANY_USER = "6281200000001@s.whatsapp.net"

/** Every live use-case, called with well-formed input (`ok`) and with malformed input (`bad`). */
const live: ReadonlyArray<{ readonly name: string; readonly admin: boolean; readonly cap?: "read"; readonly ok: Op; readonly bad: Op }> = [
  {
    name: "create group",
    admin: false,
    ok: (p, s) => createGroup(p, s, { name: "G", participants: [ANY_USER] }),
    bad: (p, s) => createGroup(p, s, { name: "", participants: [] })
  },
  {
    name: "update group",
    admin: true,
    ok: (p, s, g) => updateGroup(p, s, g, { subject: "S" }),
    bad: (p, s, g) => updateGroup(p, s, g, { subject: 42 })
  },
  { name: "leave", admin: false, ok: (p, s, g) => leaveGroup(p, s, g), bad: (p, s) => leaveGroup(p, s, "not-a-group") },
  {
    name: "add members",
    admin: true,
    ok: (p, s, g) => addMembers(p, s, g, { participants: [ANY_USER] }),
    bad: (p, s, g) => addMembers(p, s, g, { participants: ["nope"] })
  },
  {
    name: "remove member",
    admin: true,
    ok: (p, s, g) => removeMember(p, s, g, ANY_USER),
    bad: (p, s, g) => removeMember(p, s, g, "12@s.whatsapp.net")
  },
  {
    name: "promote",
    admin: true,
    ok: (p, s, g) => promoteAdmins(p, s, g, { participants: [ANY_USER] }),
    bad: (p, s, g) => promoteAdmins(p, s, g, { participants: [] })
  },
  { name: "demote", admin: true, ok: (p, s, g) => demoteAdmin(p, s, g, ANY_USER), bad: (p, s, g) => demoteAdmin(p, s, g, "x") },
  { name: "get invite", admin: true, ok: (p, s, g) => getInvite(p, s, g), bad: (p, s) => getInvite(p, s, "g@g.us") },
  { name: "revoke invite", admin: true, ok: (p, s, g) => revokeInvite(p, s, g), bad: (p, s) => revokeInvite(p, s, "") },
  {
    name: "join",
    admin: false,
    ok: (p, s) => joinGroup(p, s, { invite: "AAAAAAAAAAAAAAAAAAAAAA" }),
    bad: (p, s) => joinGroup(p, s, { invite: "https://example.com" })
  },
  { name: "preview invite", admin: false, cap: "read", ok: (p, s) => previewInvite(p, s, "AAAAAAAAAAAAAAAAAAAAAA"), bad: (p, s) => previewInvite(p, s, "!") },
  { name: "join requests", admin: true, ok: (p, s, g) => listJoinRequests(p, s, g), bad: (p, s, g) => listJoinRequests(p, s, g, { limit: 0 }) },
  {
    name: "approve requests",
    admin: true,
    ok: (p, s, g) => approveJoinRequests(p, s, g, { participants: [ANY_USER] }),
    bad: (p, s, g) => approveJoinRequests(p, s, g, { participants: "all" })
  },
  {
    name: "reject requests",
    admin: true,
    ok: (p, s, g) => rejectJoinRequests(p, s, g, { participants: [ANY_USER] }),
    bad: (p, s, g) => rejectJoinRequests(p, s, g, {})
  },
  {
    name: "create community",
    admin: false,
    ok: (p, s) => createCommunity(p, s, { name: "C" }),
    bad: (p, s) => createCommunity(p, s, { name: " " })
  },
  {
    name: "link community group",
    admin: true,
    ok: (p, s, g) => linkCommunityGroup(p, s, g, { groupJid: g }),
    bad: (p, s, g) => linkCommunityGroup(p, s, g, { groupJid: "x" })
  },
  {
    name: "add community members",
    admin: true,
    ok: (p, s, g) => addCommunityMembers(p, s, g, { participants: [ANY_USER] }),
    bad: (p, s, g) => addCommunityMembers(p, s, g, { participants: [1] })
  },
  {
    name: "send",
    admin: false,
    ok: (p, s) => sendMessage(p, s, { type: "text", to: ANY_USER, text: "hi" }),
    bad: (p, s) => sendMessage(p, s, { type: "text", to: ANY_USER, text: "" })
  },
  {
    name: "presence",
    admin: false,
    ok: (p, s, g) => sendPresence(p, s, g, { state: "composing" }),
    bad: (p, s, g) => sendPresence(p, s, g, { state: "typing" })
  }
]

/** A connected owner session with a group, and a second connected session that is a plain member of it. */
const setup = Effect.gen(function*() {
  const owner = yield* newSession()
  const member = yield* newSession()
  const { group } = yield* createGroup(acme, owner.id, { name: "Checks", participants: [member.phoneJid, user()] })
  yield* synced(acme, member.id, group.groupJid)
  yield* resetCalls
  return { owner, member, groupJid: group.groupJid }
})

const tagOf = (effect: Effect.Effect<unknown, { readonly _tag: string }, Services>) =>
  Effect.match(effect, { onFailure: (e) => e._tag, onSuccess: () => "success" })

describe("every live use-case checks in one order: input → capability → session → connection → admin → WhatsApp", () => {
  it.effect("malformed input is a validation error, even for a caller without the capability, and calls nothing", () =>
    Effect.gen(function*() {
      const { owner, groupJid } = yield* setup
      for (const op of live) {
        assert.strictEqual(yield* tagOf(op.bad(acme, owner.id, groupJid)), "ValidationError", op.name)
        assert.strictEqual(yield* tagOf(op.bad(acmeReader, "no-such-session", groupJid)), "ValidationError", op.name)
      }
      assert.deepStrictEqual(yield* calls, [])
    }).pipe(Effect.provide(World)))

  it.effect("a caller without `send` is forbidden before the session is looked up (preview needs only `read`)", () =>
    Effect.gen(function*() {
      const { owner, groupJid } = yield* setup
      for (const op of live.filter((o) => o.cap !== "read")) {
        assert.strictEqual(yield* tagOf(op.ok(acmeReader, owner.id, groupJid)), "MissingCapability", op.name)
        assert.strictEqual(yield* tagOf(op.ok(acmeReader, "no-such-session", groupJid)), "MissingCapability", op.name)
      }
      assert.deepStrictEqual(yield* calls, [])
    }).pipe(Effect.provide(World)))

  it.effect("another organisation's session is not found, never forbidden", () =>
    Effect.gen(function*() {
      const { owner, groupJid } = yield* setup
      for (const op of live) {
        assert.strictEqual(yield* tagOf(op.ok(globex, owner.id, groupJid)), "NotFound", op.name)
      }
      assert.deepStrictEqual(yield* calls, [])
    }).pipe(Effect.provide(World)))

  it.effect("a disconnected session is not connected, before the admin check and any WhatsApp call", () =>
    Effect.gen(function*() {
      const { member, groupJid } = yield* setup
      yield* (yield* Simulator).disconnect(member.id)
      // A send is the exception: it is queued while its session is down (messages.test.ts).
      for (const op of live.filter((o) => o.name !== "send")) {
        assert.strictEqual(yield* tagOf(op.ok(acme, member.id, groupJid)), "SessionNotConnected", op.name)
      }
      assert.deepStrictEqual(yield* calls, [])
    }).pipe(Effect.provide(World)))

  it.effect("a connected session that is not an admin is forbidden where the action needs one, before WhatsApp", () =>
    Effect.gen(function*() {
      const { member, groupJid } = yield* setup
      for (const op of live.filter((o) => o.admin)) {
        assert.strictEqual(yield* tagOf(op.ok(acme, member.id, groupJid)), "NotGroupAdmin", op.name)
      }
      assert.deepStrictEqual(yield* calls, [])
    }).pipe(Effect.provide(World)))

  for (const announce of [false, true]) {
    it.effect(`a session that left the group (announce-only: ${announce}) is not a member for every action that needs one, before WhatsApp`, () =>
      Effect.gen(function*() {
        const { owner, member, groupJid } = yield* setup
        if (announce) {
          yield* updateGroup(acme, owner.id, groupJid, { settings: { isAnnounce: true } })
          yield* synced(acme, member.id, groupJid, (g) => g.isAnnounce)
        }
        yield* promoteAdmins(acme, owner.id, groupJid, { participants: [member.phoneJid] })
        yield* leaveGroup(acme, member.id, groupJid)
        yield* resetCalls
        const needsMembership = [
          ...live.filter((o) => o.admin),
          { name: "send to the group", ok: (p: Principal, s: string, g: GroupJid) => sendMessage(p, s, { type: "text", to: g, text: "hi" }) }
        ]
        for (const op of needsMembership) {
          assert.strictEqual(yield* tagOf(op.ok(acme, member.id, groupJid)), "NotGroupMember", op.name)
        }
        assert.deepStrictEqual(yield* calls, [])
        assert.strictEqual(yield* tagOf(leaveGroup(acme, member.id, groupJid)), "success", "leaving again is a no-op")
      }).pipe(Effect.provide(World)))
  }
})

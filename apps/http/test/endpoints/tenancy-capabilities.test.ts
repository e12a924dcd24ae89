import { assert, describe, layer } from "@effect/vitest"
import { Effect } from "effect"
import { api, expectError, expectJson, expectList, newGroup, newSession, user } from "../support/endpoints.ts"
import { clientFor, raw, type RawResponse, TestGateway, tokens } from "../support/gateway.ts"
import { serverPort } from "../support/rawHttp.ts"
import { openSse } from "../support/sse.ts"

type Capability = "read" | "send" | "manage"
type Method = "GET" | "POST" | "PATCH" | "DELETE"

/** What one organisation owns: a session with a group, a member, an invite, a community, a message and a key. */
interface World {
  readonly session: string
  readonly gid: string
  readonly member: string
  readonly code: string
  readonly cid: string
  readonly messageId: string
  readonly keyId: string
  readonly webhookId: string
}

interface Endpoint {
  readonly name: string
  readonly method: Method
  readonly path: (w: World) => string
  readonly json?: (w: World) => unknown
  readonly cap: Capability
  /** What another organisation's caller gets a 404 for: its session, its api key or its webhook. */
  readonly owned: "session" | "api_key" | "webhook" | null
  /** A success is an event stream that stays open: only its status and headers are read. */
  readonly stream?: true
}

const participants = { participants: ["6281200000005"] }
/** A receiver at a documentation address (nothing to resolve), for an event these tests never cause. */
const webhookBody = { url: "https://192.0.2.10/hook", events: ["group.join_request"] } as const
const s = (w: World) => `/sessions/${w.session}`
const g = (w: World) => `${s(w)}/groups/${w.gid}`

/** Every endpoint of the contract, with a request that passes validation, so only the caller decides the answer. */
const endpoints: ReadonlyArray<Endpoint> = [
  { name: "sessions.create", method: "POST", path: () => "/sessions", json: () => ({}), cap: "manage", owned: null },
  { name: "sessions.list", method: "GET", path: () => "/sessions", cap: "read", owned: null },
  { name: "sessions.get", method: "GET", path: s, cap: "read", owned: "session" },
  { name: "sessions.qr", method: "GET", path: (w) => `${s(w)}/qr`, cap: "manage", owned: "session" },
  {
    name: "sessions.pairingCode",
    method: "POST",
    path: (w) => `${s(w)}/pairing-code`,
    json: () => ({ phone: "6281200000009" }),
    cap: "manage",
    owned: "session"
  },
  { name: "sessions.logout", method: "POST", path: (w) => `${s(w)}:logout`, cap: "manage", owned: "session" },
  { name: "sessions.delete", method: "DELETE", path: s, cap: "manage", owned: "session" },
  { name: "apiKeys.create", method: "POST", path: () => "/api-keys", json: () => ({ capabilities: ["read"] }), cap: "manage", owned: null },
  { name: "apiKeys.list", method: "GET", path: () => "/api-keys", cap: "manage", owned: null },
  { name: "apiKeys.revoke", method: "DELETE", path: (w) => `/api-keys/${w.keyId}`, cap: "manage", owned: "api_key" },
  { name: "webhooks.register", method: "POST", path: () => "/webhooks", json: () => webhookBody, cap: "manage", owned: null },
  { name: "webhooks.list", method: "GET", path: () => "/webhooks", cap: "manage", owned: null },
  { name: "webhooks.deliveries", method: "GET", path: (w) => `/webhooks/${w.webhookId}/deliveries`, cap: "manage", owned: "webhook" },
  { name: "webhooks.delete", method: "DELETE", path: (w) => `/webhooks/${w.webhookId}`, cap: "manage", owned: "webhook" },
  { name: "groups.list", method: "GET", path: (w) => `${s(w)}/groups`, cap: "read", owned: "session" },
  {
    name: "groups.create",
    method: "POST",
    path: (w) => `${s(w)}/groups`,
    json: () => ({ name: "G", ...participants }),
    cap: "send",
    owned: "session"
  },
  { name: "groups.get", method: "GET", path: g, cap: "read", owned: "session" },
  { name: "groups.update", method: "PATCH", path: g, json: () => ({ subject: "Taken over" }), cap: "send", owned: "session" },
  { name: "groups.refresh", method: "POST", path: (w) => `${g(w)}:refresh`, cap: "send", owned: "session" },
  { name: "groups.refreshAll", method: "POST", path: (w) => `${s(w)}/groups:refresh`, cap: "send", owned: "session" },
  { name: "groups.leave", method: "POST", path: (w) => `${g(w)}:leave`, cap: "send", owned: "session" },
  {
    name: "groups.join",
    method: "POST",
    path: (w) => `${s(w)}/groups:join`,
    json: (w) => ({ invite: w.code }),
    cap: "send",
    owned: "session"
  },
  { name: "groups.previewInvite", method: "GET", path: (w) => `${s(w)}/invites/${w.code}`, cap: "read", owned: "session" },
  { name: "members.list", method: "GET", path: (w) => `${g(w)}/members`, cap: "read", owned: "session" },
  { name: "members.add", method: "POST", path: (w) => `${g(w)}/members`, json: () => participants, cap: "send", owned: "session" },
  { name: "members.remove", method: "DELETE", path: (w) => `${g(w)}/members/${w.member}`, cap: "send", owned: "session" },
  { name: "members.promote", method: "POST", path: (w) => `${g(w)}/admins`, json: () => participants, cap: "send", owned: "session" },
  { name: "members.demote", method: "DELETE", path: (w) => `${g(w)}/admins/${w.member}`, cap: "send", owned: "session" },
  { name: "members.invite", method: "GET", path: (w) => `${g(w)}/invite`, cap: "send", owned: "session" },
  { name: "members.revokeInvite", method: "POST", path: (w) => `${g(w)}/invite:revoke`, cap: "send", owned: "session" },
  { name: "members.requests", method: "GET", path: (w) => `${g(w)}/requests`, cap: "send", owned: "session" },
  {
    name: "members.approveRequests",
    method: "POST",
    path: (w) => `${g(w)}/requests:approve`,
    json: () => participants,
    cap: "send",
    owned: "session"
  },
  {
    name: "members.rejectRequests",
    method: "POST",
    path: (w) => `${g(w)}/requests:reject`,
    json: () => participants,
    cap: "send",
    owned: "session"
  },
  {
    name: "communities.create",
    method: "POST",
    path: (w) => `${s(w)}/communities`,
    json: () => ({ name: "C" }),
    cap: "send",
    owned: "session"
  },
  { name: "communities.list", method: "GET", path: (w) => `${s(w)}/communities`, cap: "read", owned: "session" },
  {
    name: "communities.link",
    method: "POST",
    path: (w) => `${s(w)}/communities/${w.cid}/groups`,
    json: (w) => ({ groupJid: w.gid }),
    cap: "send",
    owned: "session"
  },
  {
    name: "communities.unlink",
    method: "DELETE",
    path: (w) => `${s(w)}/communities/${w.cid}/groups/${w.gid}`,
    cap: "send",
    owned: "session"
  },
  {
    name: "communities.addMembers",
    method: "POST",
    path: (w) => `${s(w)}/communities/${w.cid}/members`,
    json: () => participants,
    cap: "send",
    owned: "session"
  },
  {
    name: "messages.send",
    method: "POST",
    path: (w) => `${s(w)}/messages`,
    json: () => ({ type: "text", to: "6281200000001@s.whatsapp.net", text: "hi" }),
    cap: "send",
    owned: "session"
  },
  { name: "messages.get", method: "GET", path: (w) => `${s(w)}/messages/${w.messageId}`, cap: "read", owned: "session" },
  {
    name: "chats.presence",
    method: "POST",
    path: (w) => `${s(w)}/chats/6281200000001@s.whatsapp.net/presence`,
    json: () => ({ state: "composing" }),
    cap: "send",
    owned: "session"
  },
  { name: "chats.list", method: "GET", path: (w) => `${s(w)}/chats`, cap: "read", owned: "session" },
  { name: "chats.history", method: "GET", path: (w) => `${s(w)}/chats/6281200000001@s.whatsapp.net/messages`, cap: "read", owned: "session" },
  {
    name: "chats.read",
    method: "POST",
    path: (w) => `${s(w)}/chats/6281200000001@s.whatsapp.net:read`,
    json: () => ({}),
    cap: "send",
    owned: "session"
  },
  { name: "events.stream", method: "GET", path: () => "/events", cap: "read", owned: null, stream: true },
  { name: "events.history", method: "GET", path: () => "/events/history", cap: "read", owned: null },
  {
    name: "simulator.disconnect",
    method: "POST",
    path: (w) => `/_simulator/sessions/${w.session}:disconnect`,
    cap: "manage",
    owned: "session"
  },
  { name: "simulator.connect", method: "POST", path: (w) => `/_simulator/sessions/${w.session}:connect`, cap: "manage", owned: "session" },
  {
    name: "simulator.link",
    method: "POST",
    path: (w) => `/_simulator/sessions/${w.session}:link`,
    json: () => ({}),
    cap: "manage",
    owned: "session"
  },
  { name: "simulator.drop", method: "POST", path: (w) => `/_simulator/sessions/${w.session}:drop`, cap: "manage", owned: "session" },
  { name: "simulator.unlink", method: "POST", path: (w) => `/_simulator/sessions/${w.session}:unlink`, cap: "manage", owned: "session" },
  {
    name: "simulator.receive",
    method: "POST",
    path: (w) => `/_simulator/sessions/${w.session}:receive`,
    json: () => ({ from: "6281200000001", message: { type: "text", text: "hi" } }),
    cap: "manage",
    owned: "session"
  }
]

/** The endpoint called by `token`; an event stream's status and headers (and an error's body), without waiting for its end. */
const call = (endpoint: Endpoint, world: World, token: string | null) =>
  endpoint.stream === true
    ? Effect.scoped(Effect.gen(function*() {
      const port = yield* serverPort
      const answer = yield* openSse(`http://127.0.0.1:${port}${api(endpoint.path(world))}`, token)
      const response: RawResponse = { status: answer.status, headers: Object.fromEntries(answer.headers), text: answer.text, json: answer.text === "" ? undefined : JSON.parse(answer.text) }
      return response
    }))
    : raw(endpoint.method, api(endpoint.path(world)), {
      token,
      ...(endpoint.json === undefined ? {} : { json: endpoint.json(world) })
    })

/** A fully furnished world for the token's organisation. */
const furnish = Effect.fn("furnish")(function*(prefix: string, token: string) {
  const client = yield* clientFor(token)
  const { id } = yield* newSession(prefix, token)
  const gid = yield* newGroup(id, [user("6281200000001")], token)
  const invite = yield* client.members.invite({ params: { session: id, gid } })
  const community = yield* client.communities.create({ params: { session: id }, payload: { name: "Community" } })
  const message = yield* client.messages.send({
    params: { session: id },
    query: {},
    headers: {},
    payload: { type: "text", to: user("6281200000001"), text: "hello" }
  })
  const key = yield* client.apiKeys.create({ payload: { capabilities: ["read"] } })
  const webhook = yield* client.webhooks.register({ payload: webhookBody })
  const world: World = {
    session: id,
    gid,
    member: "6281200000001@s.whatsapp.net",
    code: invite.code,
    cid: community.communityJid,
    messageId: message.id,
    keyId: key.id,
    webhookId: webhook.id
  }
  return world
})

/** The world still stands as furnished: nothing a refused call could have changed did change. */
const assertUntouched = Effect.fn("assertUntouched")(function*(world: World, token: string) {
  const client = yield* clientFor(token)
  const session = yield* client.sessions.get({ params: { session: world.session } })
  assert.strictEqual(session.status, "connected")
  const group = yield* client.groups.get({ params: { session: world.session, gid: world.gid } })
  assert.strictEqual(group.subject, "Group")
  assert.isFalse(group.left)
  const members = yield* client.members.list({ params: { session: world.session, gid: world.gid }, query: {} })
  assert.deepStrictEqual(members.items.map((m) => m.role).sort(), ["member", "superadmin"])
  assert.strictEqual((yield* client.members.invite({ params: { session: world.session, gid: world.gid } })).code, world.code)
  const keys = yield* client.apiKeys.list({ query: { limit: 1000 } })
  assert.isNull(keys.items.find((k) => k.id === world.keyId)?.revokedAt)
  const webhooks = yield* client.webhooks.list({ query: { limit: 1000 } })
  assert.isDefined(webhooks.items.find((w) => w.id === world.webhookId), "the webhook is still registered")
  assert.strictEqual((yield* client.groups.list({ params: { session: world.session }, query: {} })).items.length, 2)
})

describe("tenancy and capabilities", () => {
  layer(TestGateway())((it) => {
    it.effect("the table covers every endpoint of the API definition", () =>
      Effect.gen(function*() {
        const doc = expectJson(yield* raw("GET", "/openapi.json", { token: null }), 200) as {
          paths: Record<string, Record<string, { operationId?: string }>>
        }
        // The v1 contract's operations; the document also shows the simulator's controls and the operations routes.
        const v1 = Object.entries(doc.paths).filter(([path]) => path.startsWith("/api/v1/") && !path.startsWith("/api/v1/_simulator/"))
        const operations = v1.flatMap(([, methods]) => Object.values(methods).map((op) => op.operationId))
        const covered = endpoints.map((e) => e.name).filter((name) => !name.startsWith("simulator."))
        assert.sameMembers(covered, operations.filter((op): op is string => op !== undefined))
      }))

    it.effect("another organisation's session is 404 not_found on every endpoint, both ways, and stays untouched", () =>
      Effect.gen(function*() {
        const acme = yield* furnish("tenant-acme", tokens.acme)
        const globex = yield* furnish("tenant-globex", tokens.globex)
        for (const [world, intruder] of [[acme, tokens.globex], [globex, tokens.acme]] as const) {
          for (const endpoint of endpoints.filter((e) => e.owned !== null)) {
            const error = yield* expectError(yield* call(endpoint, world, intruder), 404, "not_found", [], endpoint.name)
            assert.strictEqual(error.details?.["resource"], endpoint.owned, endpoint.name)
          }
        }
        yield* assertUntouched(acme, tokens.acme)
        yield* assertUntouched(globex, tokens.globex)

        // and lists never show the other organisation's things
        const acmeSessions = expectList(yield* raw("GET", api("/sessions?limit=1000"))).items.map((x) => (x as { id: string }).id)
        assert.include(acmeSessions, acme.session)
        assert.notInclude(acmeSessions, globex.session)
        const globexKeys = expectList(yield* raw("GET", api("/api-keys?limit=1000"), { token: tokens.globex })).items
        assert.notInclude(globexKeys.map((k) => (k as { id: string }).id), acme.keyId)
      }))

    it.effect("a read-only caller gets 403 forbidden on every send and manage endpoint, and 200 on every read", () =>
      Effect.gen(function*() {
        const world = yield* furnish("reader", tokens.acme)
        for (const endpoint of endpoints.filter((e) => e.cap !== "read")) {
          const error = yield* expectError(yield* call(endpoint, world, tokens.acmeReader), 403, "forbidden", [], endpoint.name)
          assert.deepStrictEqual(error.details, { capability: endpoint.cap }, endpoint.name)
        }
        yield* assertUntouched(world, tokens.acme)
        for (const endpoint of endpoints.filter((e) => e.cap === "read")) {
          const response = yield* call(endpoint, world, tokens.acmeReader)
          assert.strictEqual(response.status, 200, `${endpoint.name}: ${response.text}`)
        }
        const reader = yield* clientFor(tokens.acmeReader)
        const group = yield* reader.groups.get({ params: { session: world.session, gid: world.gid } })
        assert.strictEqual(group.groupJid, world.gid)
      }))

    it.effect("a caller with read and send gets 403 on every manage endpoint and may use the send endpoints", () =>
      Effect.gen(function*() {
        const world = yield* furnish("sender", tokens.acme)
        for (const endpoint of endpoints.filter((e) => e.cap === "manage")) {
          const error = yield* expectError(yield* call(endpoint, world, tokens.acmeSender), 403, "forbidden", [], endpoint.name)
          assert.deepStrictEqual(error.details, { capability: "manage" }, endpoint.name)
        }
        yield* assertUntouched(world, tokens.acme)
        const sender = yield* clientFor(tokens.acmeSender)
        const sent = yield* sender.messages.send({
          params: { session: world.session },
          query: {},
          headers: {},
          payload: { type: "text", to: user("6281200000001"), text: "from a sender" }
        })
        assert.strictEqual(sent.status, "sent")
        const added = yield* sender.members.add({
          params: { session: world.session, gid: world.gid },
          headers: { prefer: "return=representation" },
          payload: { participants: [user("6281200000002")] }
        })
        assert.deepStrictEqual(added, { items: [{ jid: user("6281200000002"), status: "added" }] })
      }))

    it.effect("without a valid bearer token every endpoint is 401 unauthorized with WWW-Authenticate: Bearer", () =>
      Effect.gen(function*() {
        const world = yield* furnish("anonymous", tokens.acme)
        for (const endpoint of endpoints) {
          for (const token of [null, "not-a-known-token"]) {
            const response = yield* call(endpoint, world, token)
            yield* expectError(response, 401, "unauthorized", [], endpoint.name)
            assert.match(response.headers["www-authenticate"] ?? "", /^Bearer\b/, endpoint.name)
          }
        }
        yield* assertUntouched(world, tokens.acme)
      }))
  })
})

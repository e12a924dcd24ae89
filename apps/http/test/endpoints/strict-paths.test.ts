import { assert, describe, layer } from "@effect/vitest"
import { Effect } from "effect"
import { publicPath } from "../../src/api/paths.ts"
import { SimulatorApi } from "../../src/api/SimulatorApi.ts"
import { WagateApi } from "../../src/api/WagateApi.ts"
import { routesOf } from "../../src/platform/KnownRoutes.ts"
import { expectError, newGroup, newSession, user } from "../support/endpoints.ts"
import { clientFor, TestGateway, tokens } from "../support/gateway.ts"
import { rawRequest, serverPort, type SocketResponse } from "../support/rawHttp.ts"

/**
 * What may follow a segment and must never end it: `;` and `#` (which routers have read as the start of a query),
 * their escapes, and other escapes of reserved characters.
 */
const junk = [";", ";x", ";x=1", "%3B", "%3Bx", "#", "#x", "%23", "%2F", "%3F"]

/** Everything a route could change, read through the typed client: it must be the same after the junk. */
const snapshot = (session: string, gid: string) =>
  Effect.gen(function*() {
    const client = yield* clientFor(tokens.acme)
    const sessions = (yield* client.sessions.list({ query: { limit: 1000 } })).items.map((s) => [s.id, s.status, s.name])
    const groups = (yield* client.groups.list({ params: { session }, query: { limit: 1000 } })).items
      .map((g) => [g.groupJid, g.subject, g.description, g.participants, g.left, g.isLocked])
    const members = (yield* client.members.list({ params: { session, gid }, query: { limit: 1000 } })).items.map((m) => [m.jid, m.role])
    const communities = (yield* client.communities.list({ params: { session }, query: { limit: 1000 } })).items
      .map((c) => [c.communityJid, [...c.groups].sort()])
    const keys = (yield* client.apiKeys.list({ query: { limit: 1000 } })).items.map((k) => [k.id, k.revokedAt])
    return { sessions, groups, members, communities, keys }
  })

describe("a path matches its route whole or not at all", () => {
  layer(TestGateway())((it) => {
    it.effect("every route, every segment, with ; # and escapes appended: 400/404/405, and nothing changes", () =>
      Effect.gen(function*() {
        const client = yield* clientFor(tokens.acme)
        const victim = yield* newSession("victim")
        const [memberA, adminB, outsider] = [user("6281300000001"), user("6281300000002"), user("6281300000003")]
        const gid = yield* newGroup(victim.id, [memberA, adminB])
        yield* client.members.promote({ params: { session: victim.id, gid }, payload: { participants: [adminB] } })
        const community = yield* client.communities.create({ params: { session: victim.id }, payload: { name: "Club" } })
        const linked = yield* newGroup(victim.id, [memberA])
        yield* client.communities.link({ params: { session: victim.id, cid: community.communityJid }, payload: { groupJid: linked } })
        const invite = yield* client.members.invite({ params: { session: victim.id, gid } })
        const message = yield* client.messages.send({ params: { session: victim.id }, payload: { type: "text", to: memberA, text: "hi" } })
        const key = yield* client.apiKeys.create({ payload: { capabilities: ["read"] } })

        /** A valid value for each path parameter, and a valid body for each route that takes one. */
        const valueOf = (path: string, name: string): string => {
          switch (name) {
            case "session":
              return victim.id
            case "gid":
              return path.includes("/communities/") ? linked : gid
            case "jid":
              return path.includes("/admins/") ? adminB : memberA
            case "cid":
              return community.communityJid
            case "code":
              return invite.code
            default:
              return path.includes("/messages/") ? message.id : key.id
          }
        }
        const bodyOf = (method: string, path: string): unknown => {
          if (method === "PATCH") return { subject: "Changed" }
          if (method !== "POST") return undefined
          if (path.endsWith("/api/v1/sessions")) return { id: "created-by-junk" }
          if (path.endsWith("/api-keys")) return { capabilities: ["read"] }
          if (path.endsWith("/pairing-code")) return { phone: "6281300000009" }
          if (path.endsWith("/communities")) return { name: "Another" }
          if (path.endsWith("/communities/:cid/groups")) return { groupJid: gid }
          if (path.endsWith("/groups")) return { name: "Another", participants: [outsider] }
          if (path.endsWith("/groups::join")) return { invite: invite.code }
          if (path.endsWith("/messages")) return { type: "text", to: memberA, text: "again" }
          if (path.endsWith("/presence")) return { state: "paused" }
          if (path.endsWith("/admins")) return { participants: [memberA] }
          if (path.endsWith("/members") || path.includes("/requests::")) return { participants: [outsider] }
          return undefined
        }

        const before = yield* snapshot(victim.id, gid)
        const port = yield* serverPort
        const routes = [...routesOf(WagateApi), ...routesOf(SimulatorApi)]
        let sent = 0
        for (const route of routes) {
          // Parameters filled in on the router's spelling (where `::` is a literal colon), then the public one.
          const path = publicPath(
            route.path.replace(/::|:(\w+)/g, (match, name?: string) =>
              name === undefined ? match : encodeURIComponent(valueOf(route.path, name)))
          )
          const body = bodyOf(route.method, route.path)
          const segments = path.split("/")
          for (let index = 1; index < segments.length; index++) {
            for (const extra of junk) {
              const target = segments.map((segment, i) => (i === index ? segment + extra : segment)).join("/")
              const response: SocketResponse = yield* rawRequest(port, {
                method: route.method,
                target,
                headers: [["authorization", `Bearer ${tokens.acme}`], ...(body === undefined ? [] : [["content-type", "application/json"] as const])],
                ...(body === undefined ? {} : { body: JSON.stringify(body) })
              })
              const label = `${route.method} ${target}`
              assert.include([400, 404, 405], response.status, `${label}: ${response.status} ${response.text}`)
              yield* expectError({ ...response }, response.status, response.status === 400 ? "validation_error" : response.status === 404 ? "not_found" : "method_not_allowed", [], label)
              if (response.status === 405) {
                assert.notInclude((response.headers["allow"] ?? "").split(", "), route.method, `${label}: Allow`)
              }
              sent++
            }
          }
        }
        assert.isAbove(sent, routes.length * junk.length * 3)
        assert.deepStrictEqual(yield* snapshot(victim.id, gid), before, "no route acted on a path with junk in it")
      }), 120_000)
  })
})

import { assert, describe, it } from "@effect/vitest"
import type { GroupView } from "@wagate/wa-sim"
import { rejection } from "./support/rejection.ts"
import { sharedWorld } from "./support/groups.ts"

describe("reading the group model through the control API", () => {
  const world = sharedWorld("alice", "bob")
  const get = (path: string) => fetch(`${world.sim.controlUrl}/${path}`)
  const post = (path: string, body: unknown) =>
    fetch(`${world.sim.controlUrl}/${path}`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) })

  it("GET /control/groups/<jid> is the group, GET /control/groups?sessionId= an account's groups, GET /control/groups all", async () => {
    const alice = world.client("alice")
    const bob = world.client("bob")
    const jids = async (path: string) => ((await (await get(path)).json()) as { groups: ReadonlyArray<GroupView> }).groups.map((g) => g.jid)
    // What the other tests of the file created first (they may run before this one) stays listed.
    const before = { bob: await jids("groups?sessionId=bob"), alice: await jids(`groups?jid=${encodeURIComponent(alice.phoneJid)}`), all: await jids("groups") }
    const shared = await alice.socket.groupCreate("Shared", [bob.phoneJid])
    const own = await alice.socket.groupCreate("Alone", [])
    const one = await get(`groups/${encodeURIComponent(shared.id)}`)
    assert.strictEqual(one.status, 200)
    const view = (await one.json()) as GroupView
    assert.deepStrictEqual(view, world.sim.control.group(shared.id))
    assert.deepStrictEqual(view.participants.map((p) => [p.jid, p.phoneJid, p.lid, p.role]), [
      [alice.lid, alice.phoneJid, alice.lid, "superadmin"],
      [bob.lid, bob.phoneJid, bob.lid, "member"]
    ])
    assert.deepStrictEqual(await jids("groups?sessionId=bob"), [...before.bob, shared.id])
    assert.deepStrictEqual(await jids(`groups?jid=${encodeURIComponent(alice.phoneJid)}`), [...before.alice, shared.id, own.id])
    assert.deepStrictEqual(await jids("groups"), [...before.all, shared.id, own.id])
  })

  it("POST /control/group-addressing chooses how an account's (or everyone's) new groups address members", async () => {
    const alice = world.client("alice")
    const bob = world.client("bob")
    assert.strictEqual((await post("group-addressing", { mode: "pn" })).status, 204)
    assert.strictEqual((await alice.socket.groupCreate("Phones", [])).addressingMode, "pn")
    assert.strictEqual((await post("group-addressing", { sessionId: "bob", mode: "lid" })).status, 204)
    assert.strictEqual((await bob.socket.groupCreate("Lids", [])).addressingMode, "lid")
    assert.strictEqual((await post("group-addressing", { mode: "lid" })).status, 204)
    assert.strictEqual((await alice.socket.groupCreate("Lids again", [])).addressingMode, "lid")
  })

  it("answers bad reads in wagate's error envelope", async () => {
    const cases: Array<[Promise<Response>, number, string]> = [
      [get("groups/not-a-group"), 400, "validation_error"],
      [get("groups/%E0%A4%A"), 400, "validation_error"],
      [get(`groups/${encodeURIComponent("120363000000000009@g.us")}`), 404, "not_found"],
      [get("groups?sessionId=nobody-at-all"), 404, "not_found"],
      [get("groups?colour=blue"), 400, "validation_error"],
      [post("groups", {}), 405, "method_not_allowed"],
      [post("group-addressing", { mode: "carrier-pigeon" }), 400, "validation_error"]
    ]
    for (const [request, status, code] of cases) {
      const response = await request
      const body = (await response.json()) as { error: { code: string; message: string; details: Record<string, string> } }
      assert.strictEqual(response.status, status, JSON.stringify(body))
      assert.strictEqual(body.error.code, code)
      assert.isObject(body.error.details)
    }
    assert.strictEqual((await rejection(() => world.sim.control.group("nope"))).code, "validation_error")
    assert.strictEqual((await rejection(() => world.sim.control.setGroupAddressing({ mode: "x" }))).code, "validation_error")
  })
})

import { afterAll, afterEach, assert, beforeAll, describe, it } from "@effect/vitest"
import { startWaSim, type WaSim } from "@wagate/wa-sim"
import { DisconnectReason, WAMessageStatus } from "@whiskeysockets/baileys"
import { type ClientOptions, connectClient, pairClient, statusOf, type TestClient, trustSimulator } from "./support/client.ts"
import { groupIq, iqErrorCode } from "./support/groups.ts"
import { eventually, messageEvents, type MessageEvents, messagingOptions } from "./support/messages.ts"

const VIRTUAL = "15550008001@s.whatsapp.net"

describe("fault tools with the real client", () => {
  let sim: WaSim
  /** A short query timeout, so that a dropped reply is seen as a timeout within the test. */
  const options: ClientOptions = { ...messagingOptions, defaultQueryTimeoutMs: 1_500 }
  const clients = new Map<string, TestClient>()
  let aliceEvents: MessageEvents
  const client = (id: string): TestClient => clients.get(id)!
  let group: string

  beforeAll(async () => {
    sim = await startWaSim()
    trustSimulator(sim)
    for (const id of ["alice", "bob"]) clients.set(id, await pairClient(sim, id, options))
    aliceEvents = messageEvents(client("alice"))
    group = (await client("alice").socket.groupCreate("faults", [VIRTUAL])).id
  })
  afterEach(() => {
    sim.control.clearFaults()
  })
  afterAll(async () => {
    for (const open of clients.values()) open.end()
    await sim.close()
  })

  it("a delayed reply to a chosen IQ (xmlns and child tag) comes after the replies to IQs sent after it", async () => {
    const fault = sim.control.addFault({ sessionId: "alice", on: "iq", xmlns: "w:g2", tag: "query", effect: "delay", delayMs: 500, times: 1 })
    const order: Array<string> = []
    const slow = client("alice").socket.groupMetadata(group).then((meta) => order.push(`metadata ${meta.subject}`))
    // Once the server has the metadata query (and, without the fault, had answered it), ask something else.
    await eventually("the query at the server", () => sim.control.faults()[0]?.watched === 1 || undefined)
    await client("alice").socket.groupFetchAllParticipating().then(() => order.push("participating"))
    await slow
    // The subject as the model has it now (another test of the file may have renamed the group before this one).
    assert.deepStrictEqual(order, ["participating", `metadata ${sim.control.group(group).subject}`])
    assert.deepInclude(sim.control.faults(), { ...fault, remaining: 0, watched: 1, struck: 1 })
  })

  it("a dropped reply: the client hears nothing, yet the change was made; the next call is answered", async () => {
    sim.control.addFault({ sessionId: "alice", on: "iq", xmlns: "w:g2", tag: "subject", effect: "drop", times: 1 })
    const rename = (subject: string) => groupIq(client("alice"), group, "set", [{ tag: "subject", attrs: {}, content: Buffer.from(subject) }])
    // Baileys' query resolves undefined when no reply came within defaultQueryTimeoutMs (waitForMessage
    // swallows its own timeout), so groupUpdateSubject would resolve as if it had worked.
    assert.isUndefined(await rename("renamed, unanswered"))
    assert.strictEqual(sim.control.group(group).subject, "renamed, unanswered")
    assert.strictEqual((await rename("renamed again"))?.attrs["type"], "result")
    assert.strictEqual(sim.control.group(group).subject, "renamed again")
  })

  it("rate-overlimit for a chosen account: its IQs are answered 429, another account's are not", async () => {
    sim.control.addFault({ sessionId: "alice", on: "iq", xmlns: "w:g2", effect: "rate-overlimit" })
    assert.strictEqual(await iqErrorCode(client("alice").socket.groupMetadata(group)), 429)
    assert.strictEqual(await iqErrorCode(client("alice").socket.groupFetchAllParticipating()), 429)
    // Bob's w:g2 IQs are answered as ever (he is not in the group: 403 from the model, not 429).
    assert.strictEqual(await iqErrorCode(client("bob").socket.groupMetadata(group)), 403)
    // (Answered, and without the group; another test of the file may have put bob in a group of his own.)
    assert.notInclude(Object.keys(await client("bob").socket.groupFetchAllParticipating()), group)
  })

  it("rate-overlimit on messages: the send is acked 429 (status ERROR) and goes nowhere; the next one is delivered", async () => {
    sim.control.addFault({ sessionId: "alice", on: "message", effect: "rate-overlimit", times: 1 })
    const refused = await client("alice").socket.sendMessage(VIRTUAL, { text: "too fast" })
    await aliceEvents.until("the 429", () => aliceEvents.updates.some((u) => u.key.id === refused?.key.id && u.update.status === WAMessageStatus.ERROR))
    const update = aliceEvents.updates.find((u) => u.key.id === refused?.key.id && u.update.status === WAMessageStatus.ERROR)
    assert.deepStrictEqual(update?.update.messageStubParameters, ["429"])
    const next = await client("alice").socket.sendMessage(VIRTUAL, { text: "slower" })
    const arrived = await eventually("the next text", () => sim.control.messages({ jid: VIRTUAL }).find((m) => m.id === next?.key.id))
    assert.deepStrictEqual(arrived.content, { kind: "text", text: "slower", mentions: [] })
    assert.isUndefined(sim.control.messages({ jid: VIRTUAL }).find((m) => m.id === refused?.key.id))
  })

  it("closes sockets at random with a seed: the same seed strikes the same calls, for each account alike", async () => {
    const shared = (await client("alice").socket.groupCreate("closes", [client("bob").auth.creds.me!.id.replace(/:\d+@/, "@")])).id
    /** Eight metadata queries in a row; a closed socket is logged in again before the next. */
    const run = async (id: string): Promise<ReadonlyArray<string>> => {
      const outcomes: Array<string> = []
      for (let i = 0; i < 8; i++) {
        const current = client(id)
        try {
          await current.socket.groupMetadata(shared)
          outcomes.push("answered")
        } catch {
          outcomes.push("closed")
          assert.strictEqual(statusOf(await current.until("close", (u) => u.connection === "close")), DisconnectReason.connectionClosed)
          const again = connectClient(sim, current.auth, options)
          await again.until("open", (u) => u.connection === "open")
          clients.set(id, again)
        }
      }
      return outcomes
    }
    const seeded = { on: "iq", xmlns: "w:g2", tag: "query", effect: "close", probability: 0.5, seed: 7 } as const
    sim.control.addFault({ sessionId: "alice", ...seeded })
    sim.control.addFault({ sessionId: "bob", ...seeded })
    const alice = await run("alice")
    const bob = await run("bob")
    assert.deepStrictEqual(bob, alice)
    assert.include(alice, "closed")
    assert.include(alice, "answered")
    const closes = alice.filter((outcome) => outcome === "closed").length
    assert.deepStrictEqual(sim.control.faults().map((f) => [f.watched, f.struck]), [[8, closes], [8, closes]])
    // Another seed strikes other calls.
    sim.control.clearFaults()
    sim.control.addFault({ sessionId: "alice", ...seeded, seed: 8 })
    assert.notDeepEqual(await run("alice"), alice)
  })

  it("over HTTP: put a fault in force, list it, see it strike the client, clear it; bad input in the error envelope", async () => {
    const post = (operation: string, body: unknown) =>
      fetch(`${sim.controlUrl}/${operation}`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) })
    const created = await post("fault", { sessionId: "alice", on: "iq", xmlns: "w:g2", tag: "query", effect: "rate-overlimit", times: 1 })
    assert.strictEqual(created.status, 200)
    const fault = (await created.json()) as { id: string; jid: string; remaining: number }
    assert.strictEqual(fault.jid, client("alice").auth.creds.me!.id.replace(/:\d+@/, "@"))
    assert.strictEqual(fault.remaining, 1)
    assert.strictEqual(await iqErrorCode(client("alice").socket.groupMetadata(group)), 429)
    const listed = (await (await fetch(`${sim.controlUrl}/faults`)).json()) as { faults: Array<{ id: string; struck: number; remaining: number }> }
    assert.deepStrictEqual(listed.faults.map((f) => [f.id, f.struck, f.remaining]), [[fault.id, 1, 0]])
    assert.strictEqual((await client("alice").socket.groupMetadata(group)).id, group)
    assert.deepStrictEqual(await (await post("clear-faults", { id: fault.id })).json(), { cleared: 1 })
    assert.deepStrictEqual(await (await post("clear-faults", {})).json(), { cleared: 0 })

    const cases: Array<[Promise<Response>, number, Record<string, string>]> = [
      [post("fault", { effect: "drop" }), 400, { on: "must be iq, message or any" }],
      [post("fault", { on: "iq", effect: "explode" }), 400, { effect: "must be delay, drop, rate-overlimit or close" }],
      [post("fault", { on: "any", effect: "rate-overlimit" }), 400, { effect: "rate-overlimit answers an iq or a message, not any stanza" }],
      [post("fault", { on: "message", effect: "drop", xmlns: "w:g2" }), 400, { xmlns: "only narrows on iq" }],
      [post("fault", { on: "iq", effect: "delay" }), 400, { delayMs: "is required for delay" }],
      [post("fault", { on: "iq", effect: "drop", delayMs: 10 }), 400, { delayMs: "is only for delay" }],
      [post("fault", { on: "iq", effect: "delay", delayMs: "10" }), 400, { delayMs: "must be a number" }],
      [post("fault", { on: "iq", effect: "close", probability: 0 }), 400, { probability: "must be a number above 0 and at most 1" }],
      [post("fault", { on: "iq", effect: "close", times: 0 }), 400, { times: "must be an integer from 1 to 1000000" }],
      [post("fault", { on: "iq", effect: "close", seed: 1.5 }), 400, { seed: "must be an integer from 0 to 4294967295" }],
      [post("fault", { on: "iq", effect: "close", xmlns: "<bad>" }), 400, { xmlns: "must be a namespace or tag name" }],
      [post("fault", { on: "iq", effect: "close", when: "now" }), 400, { when: "is not a field of this operation" }],
      [post("fault", { jid: "12345678901234@lid", on: "iq", effect: "close" }), 404, {}],
      [post("clear-faults", { id: "999" }), 404, {}],
      [fetch(`${sim.controlUrl}/fault`), 405, {}]
    ]
    for (const [request, status, details] of cases) {
      const response = await request
      const body = (await response.json()) as { error: { code: string; message: string; details: Record<string, string> } }
      assert.strictEqual(response.status, status, JSON.stringify(body))
      if (status === 400) assert.deepStrictEqual(body.error.details, details)
    }
    assert.deepStrictEqual(sim.control.faults(), [])
  })
})

/**
 * `submissions` says which devices a client's message addressed in its `<participants>` (`<to jid>`, as the
 * client wrote them): in a group, the devices it handed its sender key to; in a direct chat, every device of both
 * users. What a test reads to see whom a client encrypted for.
 */
import { afterAll, assert, beforeAll, describe, it } from "@effect/vitest"
import { simulatedLidNumber } from "@wagate/core"
import { startWaSim, type WaSim } from "@wagate/wa-sim"
import { jidNormalizedUser } from "@whiskeysockets/baileys"
import { pairClient, type TestClient, trustSimulator } from "./support/client.ts"
import { eventually, messagingOptions } from "./support/messages.ts"

const lidOf = (phone: string): string => `${simulatedLidNumber(phone)}@lid`
const pn = (phone: string): string => `${phone}@s.whatsapp.net`

describe("the devices a client's message addressed", () => {
  let sim: WaSim
  let alice: TestClient
  let alicePhone: string
  beforeAll(async () => {
    sim = await startWaSim()
    trustSimulator(sim)
    alice = await pairClient(sim, "addr-alice", messagingOptions)
    alicePhone = jidNormalizedUser(alice.auth.creds.me!.id).split("@")[0]!
  })
  afterAll(async () => {
    alice.end()
    await sim.close()
  })

  const submitted = (id: string | null | undefined) =>
    eventually(`the submission of ${id}`, () => sim.control.submissions({ jid: alicePhone }).find((s) => s.id === id))

  it("in a LID group: the first message hands the sender key to every member's phone by LID, the next to nobody", async () => {
    const group = await alice.socket.groupCreate("addressed", [pn("15550007001"), pn("15550007002")])
    const first = await alice.socket.sendMessage(group.id, { text: "first" })
    const second = await alice.socket.sendMessage(group.id, { text: "second" })
    const addressed = (await submitted(first?.key.id)).addressed
    for (const phone of ["15550007001", "15550007002"]) assert.include(addressed, lidOf(phone))
    assert.isTrue(addressed.every((jid) => jid.endsWith("@lid")), JSON.stringify(addressed))
    assert.deepStrictEqual((await submitted(second?.key.id)).addressed, [], "the sender key went out with the first")
  })

  it("in a direct chat: the peer's phone, and over HTTP", async () => {
    const sent = await alice.socket.sendMessage(pn("15550007003"), { text: "hi" })
    assert.include((await submitted(sent?.key.id)).addressed, pn("15550007003"))
    const response = await fetch(`${sim.controlUrl}/submissions?jid=${alicePhone}`)
    const { submissions } = (await response.json()) as { submissions: Array<{ id: string; addressed: Array<string> }> }
    assert.include(submissions.find((s) => s.id === sent?.key.id)?.addressed ?? [], pn("15550007003"))
  })
})

import { afterAll, assert, beforeAll, describe, it } from "@effect/vitest"
import { simulatedLidNumber } from "@wagate/core"
import { type GroupMembership, startWaSim, type WaSim } from "@wagate/wa-sim"
import { eventually } from "./support/messages.ts"
import { rejection } from "./support/rejection.ts"

const lid = (phone: string) => `${simulatedLidNumber(phone)}@lid`

describe("the GroupDirectory seam (a test's own directory instead of the group model)", () => {
  let sim: WaSim
  const groups = new Map<string, GroupMembership>([
    ["120363000000000701@g.us", { addressingMode: "lid", participants: ["15550007001", "15550007002"].map(lid) }],
    ["120363000000000702@g.us", {
      addressingMode: "pn",
      participants: ["15550007001@s.whatsapp.net", "15550007002@s.whatsapp.net"],
      senders: ["15550007002@s.whatsapp.net"]
    }]
  ])
  beforeAll(async () => {
    sim = await startWaSim({ groups: { membership: (jid) => groups.get(jid) } })
    // A LID names an account only once it exists, as on WhatsApp.
    for (const phone of ["15550007001", "15550007002", "15550007003"]) sim.control.messages({ jid: phone })
  })
  afterAll(() => sim.close())

  it("a phone's group send reaches the directory's members, decrypted with the sender key it handed out", async () => {
    const { id } = await sim.control.send({ from: "15550007001", group: "120363000000000701@g.us", content: { text: "from the directory" } })
    const received = await eventually("the text at the other member", () => sim.control.messages({ jid: "15550007002" }).find((m) => m.id === id))
    assert.deepStrictEqual(received.content, { kind: "text", text: "from the directory", mentions: [] })
    assert.strictEqual(received.chat, "120363000000000701@g.us")
    // The model knows nothing of it.
    assert.deepStrictEqual(sim.control.groups(), [])
  })

  it("refuses what the directory refuses: no such group 404, not a participant or not a sender 409", async () => {
    const send = (from: string, group: string) => () => sim.control.send({ from, group, content: { text: "x" } })
    assert.strictEqual((await rejection(send("15550007001", "120363000000000799@g.us"))).code, "not_found")
    assert.strictEqual((await rejection(send("15550007003", "120363000000000701@g.us"))).code, "conflict")
    assert.strictEqual((await rejection(send("15550007001", "120363000000000702@g.us"))).code, "conflict")
    const { id } = await sim.control.send({ from: "15550007002", group: "120363000000000702@g.us", content: { text: "a sender" } })
    await eventually("the allowed text", () => sim.control.messages({ jid: "15550007001" }).find((m) => m.id === id))
  })
})

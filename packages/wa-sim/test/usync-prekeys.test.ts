import { afterAll, assert, beforeAll, describe, it } from "@effect/vitest"
import { simulatedLidNumber } from "@wagate/core"
import { startWaSim, type WaSim } from "@wagate/wa-sim"
import {
  type BinaryNode,
  getBinaryNodeChild,
  getBinaryNodeChildBuffer,
  getBinaryNodeChildren,
  jidNormalizedUser
} from "@whiskeysockets/baileys"
import { verifySignature } from "whatsapp-rust-bridge"
import { pairClient, type TestClient, trustSimulator } from "./support/client.ts"
import { messagingOptions } from "./support/messages.ts"

const lidOf = (phone: string): string => `${simulatedLidNumber(phone)}@lid`

describe("usync and pre-key bundles", () => {
  let sim: WaSim
  let alice: TestClient
  let bob: TestClient
  beforeAll(async () => {
    sim = await startWaSim()
    trustSimulator(sim)
    alice = await pairClient(sim, "alice", messagingOptions)
    bob = await pairClient(sim, "bob", messagingOptions)
  })
  afterAll(async () => {
    alice.end()
    bob.end()
    await sim.close()
  })

  const query = (xmlns: string, content: ReadonlyArray<BinaryNode>): Promise<BinaryNode> =>
    alice.socket.query({ tag: "iq", attrs: { to: "s.whatsapp.net", type: "get", xmlns }, content: [...content] })

  it("lists a user's devices, the phone (0) first, and a companion with its key index (Baileys getUSyncDevices)", async () => {
    const bobJid = jidNormalizedUser(bob.auth.creds.me!.id)
    const devices = await alice.socket.getUSyncDevices([bobJid, "15550006001@s.whatsapp.net"], false, false)
    assert.sameDeepMembers(devices.map((d) => d.jid), [bobJid, bob.auth.creds.me!.id, "15550006001@s.whatsapp.net"])
  })

  it("answers onWhatsApp (contact protocol): numbers exist on demand, 000 numbers are not on WhatsApp", async () => {
    const found = await alice.socket.onWhatsApp("+1 555 000 6002", "000555000333")
    assert.deepStrictEqual(found, [{ jid: "15550006002@s.whatsapp.net", exists: true }])
  })

  it("answers whatsmeow's IsOnWhatsApp shape: addressing_mode=lid gives jid = LID and pn_jid, the query echoed", async () => {
    const result = await query("usync", [{
      tag: "usync",
      attrs: { sid: "s1", mode: "query", last: "true", index: "0", context: "interactive" },
      content: [
        { tag: "query", attrs: {}, content: [{ tag: "contact", attrs: { addressing_mode: "lid" } }] },
        {
          tag: "list",
          attrs: {},
          content: ["+15550006003@c.us", "+000555000444@c.us"].map((phone) => ({
            tag: "user",
            attrs: {},
            content: [{ tag: "contact", attrs: {}, content: phone }]
          }))
        }
      ]
    }])
    const users = getBinaryNodeChildren(getBinaryNodeChild(getBinaryNodeChild(result, "usync"), "list"), "user")
    assert.deepStrictEqual(users.map((u) => u.attrs), [
      { jid: lidOf("15550006003"), pn_jid: "15550006003@s.whatsapp.net" },
      { jid: "000555000444@s.whatsapp.net" }
    ])
    assert.deepStrictEqual(users.map((u) => getBinaryNodeChild(u, "contact")?.attrs["type"]), ["in", "out"])
    assert.deepStrictEqual(users.map((u) => Buffer.from(getBinaryNodeChildBuffer(u, "contact") ?? []).toString()), ["+15550006003@c.us", "+000555000444@c.us"])
  })

  it("hands out pre-key bundles as whatsmeow's nodeToPreKeyBundle reads them, each one-time key once", async () => {
    const phone = "15550006004"
    const fetch = () =>
      query("encrypt", [{ tag: "key", attrs: {}, content: [{ tag: "user", attrs: { jid: lidOf(phone) } }, { tag: "user", attrs: { jid: `${phone}:7@s.whatsapp.net` } }] }])
    sim.control.messages({ jid: phone })
    const first = await fetch()
    const [bundle, missing] = getBinaryNodeChildren(getBinaryNodeChild(first, "list"), "user")
    assert.strictEqual(bundle?.attrs["jid"], lidOf(phone))
    assert.strictEqual(getBinaryNodeChildBuffer(bundle, "registration")?.length, 4)
    assert.deepStrictEqual([...getBinaryNodeChildBuffer(bundle, "type") ?? []], [5])
    const identity = getBinaryNodeChildBuffer(bundle, "identity")!
    assert.strictEqual(identity.length, 32)
    const skey = getBinaryNodeChild(bundle, "skey")
    assert.strictEqual(getBinaryNodeChildBuffer(skey, "id")?.length, 3)
    const signed = getBinaryNodeChildBuffer(skey, "value")!
    assert.isTrue(
      verifySignature(identity, Buffer.concat([Uint8Array.of(5), signed]), getBinaryNodeChildBuffer(skey, "signature")!),
      "the signed pre-key is signed by the identity key"
    )
    const key = getBinaryNodeChild(bundle, "key")
    assert.strictEqual(getBinaryNodeChildBuffer(key, "id")?.length, 3)
    assert.strictEqual(getBinaryNodeChildBuffer(key, "value")?.length, 32)
    assert.deepStrictEqual(getBinaryNodeChild(missing, "error")?.attrs, { code: "404", text: "item-not-found" })

    const second = getBinaryNodeChild(getBinaryNodeChild(await fetch(), "list"), "user")
    assert.notDeepEqual(getBinaryNodeChildBuffer(getBinaryNodeChild(second, "key"), "id"), getBinaryNodeChildBuffer(key, "id"), "a one-time pre-key goes once")
  })

  it("a phone that ran out of one-time pre-keys makes new ones", async () => {
    const phone = "15550006005"
    sim.control.messages({ jid: phone })
    const ids = new Set<string>()
    for (let round = 0; round < 4; round++) {
      const result = await query("encrypt", [{
        tag: "key",
        attrs: {},
        content: Array.from({ length: 10 }, () => ({ tag: "user", attrs: { jid: `${phone}@s.whatsapp.net` } }))
      }])
      for (const user of getBinaryNodeChildren(getBinaryNodeChild(result, "list"), "user")) {
        const id = getBinaryNodeChildBuffer(getBinaryNodeChild(user, "key"), "id")
        assert.isDefined(id, "every bundle carries a one-time pre-key")
        ids.add(Buffer.from(id!).toString("hex"))
      }
    }
    assert.strictEqual(ids.size, 40, "40 bundles, 40 distinct one-time pre-keys (the phone starts with 30)")
  })
})

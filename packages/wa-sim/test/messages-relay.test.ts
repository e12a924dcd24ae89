import { assert, describe, it } from "@effect/vitest"
import { simulatedLidNumber } from "@wagate/core"
import { jidNormalizedUser, WAMessageStatus } from "@whiskeysockets/baileys"
import { connectClient, pairClient } from "./support/client.ts"
import { eventually, messageEvents, messagingOptions } from "./support/messages.ts"
import { simulatorPerTest } from "./support/simulatorPerTest.ts"

const textOf = (message: { readonly message?: { readonly conversation?: string | null; readonly extendedTextMessage?: { readonly text?: string | null } | null } | null }) =>
  message.message?.conversation ?? message.message?.extendedTextMessage?.text

describe("messages between two linked accounts", () => {
  const world = simulatorPerTest()
  const { clients } = world
  const options = messagingOptions

  const pair = async (sessionId: string) => {
    const client = await pairClient(world.sim, sessionId, options)
    clients.push(client)
    return { client, events: messageEvents(client), jid: jidNormalizedUser(client.auth.creds.me!.id) }
  }

  it("a direct text reaches the other client as messages.upsert; its receipts come back as messages.update", async () => {
    const alice = await pair("alice")
    const bob = await pair("bob")
    const sent = await alice.client.socket.sendMessage(bob.jid, { text: "hi bob" })
    const received = await bob.events.message("the text at bob", (m) => m.key.id === sent?.key.id)
    assert.strictEqual(textOf(received), "hi bob")
    assert.strictEqual(jidNormalizedUser(received.key.remoteJid!), alice.jid)
    assert.isFalse(received.key.fromMe)
    await alice.events.until("delivered", () =>
      alice.events.updates.some((u) => u.key.id === sent?.key.id && u.update.status === WAMessageStatus.DELIVERY_ACK)
    )
    // Bob's phone leaves reading to his linked client; his client reads it.
    await bob.client.socket.readMessages([received.key])
    await alice.events.until("read", () =>
      alice.events.updates.some((u) => u.key.id === sent?.key.id && u.update.status === WAMessageStatus.READ)
    )
    // Bob's phone got its own copy too.
    const atPhone = await eventually("the text at bob's phone", () => world.sim.control.messages({ jid: bob.jid }).find((m) => m.id === sent?.key.id))
    assert.strictEqual(atPhone.sender, alice.jid)
  })

  it("bob answers: the sessions work both ways", async () => {
    const alice = await pair("alice")
    const bob = await pair("bob")
    const first = await alice.client.socket.sendMessage(bob.jid, { text: "one" })
    await bob.events.message("one at bob", (m) => m.key.id === first?.key.id)
    const reply = await bob.client.socket.sendMessage(alice.jid, { text: "two" })
    const atAlice = await alice.events.message("two at alice", (m) => m.key.id === reply?.key.id)
    assert.strictEqual(textOf(atAlice), "two")
  })

  it("a group text reaches the other member's client with the sender as participant", async () => {
    const alice = await pair("alice")
    const bob = await pair("bob")
    const { id: jid } = await alice.client.socket.groupCreate("relay", [bob.jid])
    const sent = await alice.client.socket.sendMessage(jid, { text: "hello group" })
    const received = await bob.events.message("the group text at bob", (m) => m.key.id === sent?.key.id)
    assert.strictEqual(received.key.remoteJid, jid)
    assert.strictEqual(jidNormalizedUser(received.key.participant!), `${simulatedLidNumber(alice.jid.split("@")[0]!)}@lid`)
    assert.strictEqual(textOf(received), "hello group")
  })

  it("a message to an account whose client is offline arrives when it logs in again", async () => {
    const alice = await pair("alice")
    const bob = await pair("bob")
    bob.client.end()
    await bob.client.closed()
    const sent = await alice.client.socket.sendMessage(bob.jid, { text: "while you were away" })
    await eventually("bob's phone has it (the server is done)", () => world.sim.control.messages({ jid: bob.jid }).find((m) => m.id === sent?.key.id))
    const again = connectClient(world.sim, bob.client.auth, options)
    clients.push(again)
    const events = messageEvents(again)
    const received = await events.message("the queued text", (m) => m.key.id === sent?.key.id)
    assert.strictEqual(textOf(received), "while you were away")
    assert.strictEqual(events.upserts.find((u) => u.messages.includes(received))?.type, "append", "delivered as offline (`offline` attribute)")
  })

  it("three texts a phone sends (POST /control/send) while the client is offline arrive at its next login, in order", async () => {
    const alice = await pair("alice")
    alice.client.end()
    await alice.client.closed()
    const ids: Array<string> = []
    for (const text of ["one", "two", "three"]) {
      const response = await fetch(`${world.sim.controlUrl}/send`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ from: "15550006001", toSessionId: "alice", content: { text } })
      })
      ids.push(((await response.json()) as { id: string }).id)
    }
    const again = connectClient(world.sim, alice.client.auth, options)
    clients.push(again)
    const events = messageEvents(again)
    await events.until("all three", () => ids.every((id) => events.upserts.some((u) => u.messages.some((m) => m.key.id === id))))
    const arrived = events.upserts.flatMap((u) => u.messages).filter((m) => ids.includes(m.key.id!))
    assert.deepStrictEqual(arrived.map((m) => m.key.id), ids)
    assert.deepStrictEqual(arrived.map(textOf), ["one", "two", "three"])
  })
})

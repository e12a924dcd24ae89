import { assert, layer } from "@effect/vitest"
import { mintWaMessageId, PhoneJid, SessionId, simulatedLidNumber, UserJid, WaMessageId, WhatsAppPort } from "@wagate/core"
import { isPrivateNumber, isUnknownNumber, Simulator, simulatedLid, simulatedPhoneJid } from "@wagate/memory"
import { ChangeInbox, whatsAppPortContract, WhatsAppHarness } from "@wagate/testing"
import { Effect, Layer, Ref } from "effect"

const digits = (n: number, width: number) => n.toString().padStart(width, "0")

/** Drives the simulator for the contract suite: sessions `sim-<n>`, users with 12-digit numbers. */
const SimulatorHarness = Layer.effect(
  WhatsAppHarness,
  Effect.gen(function*() {
    const port = yield* WhatsAppPort
    const simulator = yield* Simulator
    const counter = yield* Ref.make(0)
    const next = Ref.updateAndGet(counter, (n) => n + 1)
    const user = (prefix: string) => Effect.map(next, (n) => PhoneJid.make(`${prefix}${digits(n, 9)}@s.whatsapp.net`))

    return WhatsAppHarness.of({
      newSession: Effect.gen(function*() {
        const sessionId = SessionId.make(`sim-${yield* next}`)
        const connection = yield* Effect.orDie(port.start(sessionId))
        if (connection.phoneJid === null || connection.lid === null) {
          return yield* Effect.die("the simulator links a session on start")
        }
        return { sessionId, phoneJid: connection.phoneJid, lid: connection.lid }
      }),
      connect: simulator.connect,
      disconnect: simulator.disconnect,
      newUser: user("628"),
      privateUser: user("999"),
      unknownUser: user("000"),
      // The simulator records a presence as the port call returns, so there is nothing to wait for.
      presencesSeen: (sessionId) =>
        Effect.map(simulator.presences(sessionId), (seen) => seen.map(({ chat, state }) => ({ chat, state })))
    })
  })
)

const world = SimulatorHarness.pipe(Layer.provideMerge(Simulator.layer))

whatsAppPortContract("WhatsAppPort contract: simulator", world)

layer(ChangeInbox.layer.pipe(Layer.provideMerge(world)))("Simulator", (it) => {
  it.effect("a session's phone JID is 15 digits hashed from its id, never a special number", () =>
    Effect.gen(function*() {
      const port = yield* WhatsAppPort
      const alice = SessionId.make("alice")
      const connection = yield* port.start(alice)
      assert.strictEqual(connection.phoneJid, simulatedPhoneJid(alice))
      assert.strictEqual(simulatedPhoneJid(alice), simulatedPhoneJid(SessionId.make("alice")))
      assert.notStrictEqual(simulatedPhoneJid(alice), simulatedPhoneJid(SessionId.make("bob")))
      for (let i = 0; i < 200; i++) {
        const phone = simulatedPhoneJid(SessionId.make(`s-${i}`))
        assert.match(phone, /^[1-8][0-9]{14}@s\.whatsapp\.net$/)
        assert.isFalse(isPrivateNumber(phone) || isUnknownNumber(phone))
      }
    }))

  it.effect("999 numbers get an invite instead of a direct add, 000 numbers are not on WhatsApp", () =>
    Effect.gen(function*() {
      const port = yield* WhatsAppPort
      const owner = yield* (yield* WhatsAppHarness).newSession
      const privateUser = UserJid.make("999123456789@s.whatsapp.net")
      const unknown = UserJid.make("000123456789@s.whatsapp.net")

      const { group, results } = yield* port.createGroup(owner.sessionId, {
        subject: "Specials",
        participants: [privateUser, unknown]
      })
      assert.deepStrictEqual(results.map((r) => r.status), ["invite_sent", "not_on_whatsapp"])
      assert.deepStrictEqual(group.members.map((m) => m.phoneJid), [owner.phoneJid])
      yield* port.send(owner.sessionId, { waMessageId: yield* mintWaMessageId, type: "text", to: privateUser, text: "hi" })
      const failure = yield* Effect.flip(port.send(owner.sessionId, { waMessageId: yield* mintWaMessageId, type: "text", to: unknown, text: "hi" }))
      assert.strictEqual(failure._tag, "NotOnWhatsApp")
    }))

  it.effect("ids look like WhatsApp's: group JIDs, 22-character invite codes, message ids as the core minted them", () =>
    Effect.gen(function*() {
      const port = yield* WhatsAppPort
      const owner = yield* (yield* WhatsAppHarness).newSession
      const { group } = yield* port.createGroup(owner.sessionId, { subject: "Ids", participants: [] })
      assert.match(group.groupJid, /^120363[0-9]{12}@g\.us$/)
      assert.match(yield* port.inviteCode(owner.sessionId, group.groupJid), /^[A-Za-z0-9]{22}$/)
      const waMessageId = yield* mintWaMessageId
      const sent = yield* port.send(owner.sessionId, { waMessageId, type: "text", to: group.groupJid, text: "hi" })
      assert.strictEqual(sent.waMessageId, waMessageId)
      assert.match(waMessageId, /^3EB0[0-9A-F]{18}$/)
    }))

  it.effect("changes for a disconnected session wait until it connects", () =>
    Effect.gen(function*() {
      const port = yield* WhatsAppPort
      const harness = yield* WhatsAppHarness
      const inbox = yield* ChangeInbox
      const owner = yield* harness.newSession
      const member = yield* harness.newSession
      const { group } = yield* port.createGroup(owner.sessionId, { subject: "Offline", participants: [member.phoneJid] })
      yield* inbox.next(member.sessionId, "GroupSeen")

      yield* harness.disconnect(member.sessionId)
      yield* port.updateSubject(owner.sessionId, group.groupJid, "While you were away")
      yield* harness.connect(member.sessionId)

      const delivered = yield* inbox.take(member.sessionId, 3)
      assert.deepStrictEqual(delivered.map((c) => c._tag === "SessionStatusChanged" ? c.status : c._tag), [
        "disconnected",
        "connected",
        "GroupChanged"
      ])
    }))

  it.effect("receipts are pushed by the control, to the sending session", () =>
    Effect.gen(function*() {
      const port = yield* WhatsAppPort
      const simulator = yield* Simulator
      const inbox = yield* ChangeInbox
      const sender = yield* (yield* WhatsAppHarness).newSession
      const { waMessageId } = yield* port.send(sender.sessionId, {
        waMessageId: yield* mintWaMessageId,
        type: "text",
        to: UserJid.make("628000000001@s.whatsapp.net"),
        text: "hi"
      })

      yield* simulator.receipt(sender.sessionId, waMessageId, "delivered")
      const receipt = yield* inbox.next(sender.sessionId, "MessageStatusChanged")
      assert.deepStrictEqual([receipt.waMessageId, receipt.status], [waMessageId, "delivered"])
      yield* simulator.receipt(sender.sessionId, WaMessageId.make("SIM-unknown"), "read")
    }))

  it.effect("after logout, start links again at once to the same phone, memberships intact", () =>
    Effect.gen(function*() {
      const port = yield* WhatsAppPort
      const harness = yield* WhatsAppHarness
      const owner = yield* harness.newSession
      const member = yield* harness.newSession
      const { group } = yield* port.createGroup(owner.sessionId, { subject: "Stay", participants: [member.phoneJid] })

      yield* port.logout(member.sessionId)
      assert.deepStrictEqual(yield* port.start(member.sessionId), { status: "connected", phoneJid: member.phoneJid, lid: member.lid })
      assert.strictEqual((yield* port.groupMetadata(member.sessionId, group.groupJid)).groupJid, group.groupJid)
    }))

  it.effect("a pairing code links the session to the given phone; remove forgets the session", () =>
    Effect.gen(function*() {
      const port = yield* WhatsAppPort
      const simulator = yield* Simulator
      const sessionId = SessionId.make("paired-by-code")
      const phone = PhoneJid.make("6281234567890@s.whatsapp.net")

      const code = yield* port.requestPairingCode(sessionId, phone)
      assert.match(code, /^[A-Z0-9]{4}-[A-Z0-9]{4}$/)
      assert.strictEqual((yield* port.connection(sessionId)).status, "pairing")
      yield* simulator.connect(sessionId)
      assert.deepStrictEqual(yield* port.connection(sessionId), { status: "connected", phoneJid: phone, lid: simulatedLid(phone) })

      yield* port.remove(sessionId)
      assert.deepStrictEqual(yield* port.connection(sessionId), { status: "disconnected", phoneJid: null, lid: null })
    }))

  it.effect("asking a connected session for a QR is refused", () =>
    Effect.gen(function*() {
      const port = yield* WhatsAppPort
      const session = yield* (yield* WhatsAppHarness).newSession
      const error = yield* Effect.flip(port.requestQr(session.sessionId))
      assert.strictEqual(error._tag, "WhatsAppFailure")
    }))
})

layer(ChangeInbox.layer.pipe(Layer.provideMerge(world)))("Simulator: addressing", (it) => {
  it.effect("a session's LID is derived from its number as wa-sim derives it; groups are LID-addressed unless switched", () =>
    Effect.gen(function*() {
      const port = yield* WhatsAppPort
      const simulator = yield* Simulator
      const harness = yield* WhatsAppHarness
      const owner = yield* harness.newSession
      const member = yield* harness.newSession
      assert.strictEqual(owner.lid, `${simulatedLidNumber(owner.phoneJid.split("@")[0]!)}@lid`)
      assert.strictEqual(simulatedLid(owner.phoneJid), owner.lid)

      const byLid = (yield* port.createGroup(owner.sessionId, { subject: "LIDs", participants: [member.phoneJid] })).group
      assert.deepStrictEqual(byLid.members.map((m) => m.jid).sort(), [owner.lid, member.lid].sort())
      yield* simulator.setGroupAddressing("pn")
      const byPhone = (yield* port.createGroup(owner.sessionId, { subject: "Phones", participants: [member.lid] })).group
      assert.deepStrictEqual(byPhone.members.map((m) => [m.jid, m.lid]).sort(), [[owner.phoneJid, owner.lid], [member.phoneJid, member.lid]].sort())
      yield* simulator.setGroupAddressing("lid")

      const unknownLid = UserJid.make("123456789012345@lid")
      const added = yield* port.updateParticipants(owner.sessionId, byLid.groupJid, "add", [unknownLid])
      assert.deepStrictEqual(added, [{ jid: unknownLid, status: "not_on_whatsapp" }], "a LID names only a known account")
    }))
})

import { assert } from "@effect/vitest"
import { mintWaMessageId, SessionId, WhatsAppPort } from "@wagate/core"
import { Effect } from "effect"
import { type ContractIt, groupOf } from "./fixtures.ts"
import { WhatsAppHarness } from "./WhatsAppHarness.ts"

/** Connection state, and live calls refused while not connected. */
export const sessionsContract = (it: ContractIt) => {
  it.effect("a started session is connected with its phone JID; an unknown one is disconnected", () =>
    Effect.gen(function*() {
      const port = yield* WhatsAppPort
      const session = yield* (yield* WhatsAppHarness).newSession
      assert.deepStrictEqual(yield* port.connection(session.sessionId), { status: "connected", phoneJid: session.phoneJid, lid: session.lid })
      assert.deepStrictEqual(yield* port.connection(SessionId.make("contract-never-started")), {
        status: "disconnected",
        phoneJid: null,
        lid: null
      })
    }))

  it.effect("live calls on a disconnected session fail with SessionNotConnected until it connects", () =>
    Effect.gen(function*() {
      const port = yield* WhatsAppPort
      const harness = yield* WhatsAppHarness
      const session = yield* harness.newSession
      const user = yield* harness.newUser
      const group = yield* groupOf(session, [user])

      yield* harness.disconnect(session.sessionId)
      assert.strictEqual((yield* port.connection(session.sessionId)).status, "disconnected")
      const refused = [
        yield* Effect.flip(port.createGroup(session.sessionId, { subject: "x", participants: [user] })),
        yield* Effect.flip(port.groupMetadata(session.sessionId, group.groupJid)),
        yield* Effect.flip(port.updateSubject(session.sessionId, group.groupJid, "x")),
        yield* Effect.flip(port.updateParticipants(session.sessionId, group.groupJid, "add", [user])),
        yield* Effect.flip(port.inviteCode(session.sessionId, group.groupJid)),
        yield* Effect.flip(port.send(session.sessionId, { waMessageId: yield* mintWaMessageId, type: "text", to: user, text: "x" }))
      ]
      for (const error of refused) assert.strictEqual(error._tag, "SessionNotConnected")

      yield* harness.connect(session.sessionId)
      assert.strictEqual((yield* port.groupMetadata(session.sessionId, group.groupJid)).groupJid, group.groupJid)
    }))

  it.effect("logout leaves the session logged out and refuses live calls", () =>
    Effect.gen(function*() {
      const port = yield* WhatsAppPort
      const harness = yield* WhatsAppHarness
      const session = yield* harness.newSession

      yield* port.logout(session.sessionId)
      assert.deepStrictEqual(yield* port.connection(session.sessionId), { status: "logged_out", phoneJid: null, lid: null })
      const error = yield* Effect.flip(port.createGroup(session.sessionId, { subject: "x", participants: [] }))
      assert.strictEqual(error._tag, "SessionNotConnected")
    }))

  // A linked session keeps its credentials while disconnected (it reconnects with them, never by a QR): the one to
  // pair again is a logged-out one.
  it.effect("a logged-out session can ask for a QR (pairing) or a pairing code, and pairs again", () =>
    Effect.gen(function*() {
      const port = yield* WhatsAppPort
      const harness = yield* WhatsAppHarness
      const session = yield* harness.newSession
      yield* port.logout(session.sessionId)

      const qr = yield* port.requestQr(session.sessionId)
      assert.isAbove(qr.qr.length, 0)
      assert.isString(qr.expiresAt)
      assert.strictEqual((yield* port.connection(session.sessionId)).status, "pairing")

      const code = yield* port.requestPairingCode(session.sessionId, session.phoneJid)
      assert.match(code, /^[A-Z0-9]{4}-[A-Z0-9]{4}$/)

      yield* harness.connect(session.sessionId)
      assert.deepStrictEqual(yield* port.connection(session.sessionId), { status: "connected", phoneJid: session.phoneJid, lid: session.lid })
    }))
}

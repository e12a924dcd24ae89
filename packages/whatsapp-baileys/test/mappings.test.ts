import { assert, describe, it } from "@effect/vitest"
import { GroupJid, InboundChange, type JoinRequestChange, LidJid, PhoneJid, SessionId } from "@wagate/core"
import type { BaileysEventMap } from "@whiskeysockets/baileys"
import { Boom } from "@hapi/boom"
import { participantStatus, toFailure, toGroupError, toInviteError } from "../src/errors/toDomainError.ts"
import { inboundHandlers } from "../src/inbound/inboundChanges.ts"
import { backoffDelay, closeAction } from "../src/sessions/closeAction.ts"

const group = GroupJid.make("120363000000000001@g.us")
const boom = (statusCode: number, text = "refused") => new Boom(text, { statusCode })

/** The session the inbound handlers map for, and a group admin named by LID with its phone twin. */
const sessionId = SessionId.make("s1")
const adminLid = "222222222222222@lid"
const adminPn = "6281100000002@s.whatsapp.net"

/** The changes the handlers emit for what `feed` hands them, for a session that knows the phones behind some LIDs. */
const changesOf = (phones: Record<string, PhoneJid>, feed: (handlers: ReturnType<typeof inboundHandlers>) => void) => {
  const out: Array<InboundChange> = []
  feed(inboundHandlers(sessionId, (change) => out.push(change), (lid) => phones[lid], () => ({ id: "6281100000001:3@s.whatsapp.net", lid: "111111111111111:3@lid" })))
  return out
}

describe("WhatsApp codes → domain", () => {
  it("per-participant codes of an add", () => {
    assert.deepStrictEqual(
      ["200", "403", "409", "404", "408", "500"].map((code) => participantStatus("add", code)),
      ["added", "invite_sent", "already_member", "not_on_whatsapp", "recently_left", "failed"]
    )
    assert.deepStrictEqual(
      [participantStatus("remove", "200"), participantStatus("remove", "404"), participantStatus("promote", "200"), participantStatus("demote", "200")],
      ["removed", "not_member", "promoted", "demoted"]
    )
  })

  it("group refusals: 401 not an admin, 403 not a member, 404 no such group", () => {
    assert.strictEqual(toGroupError("x", group, boom(401))._tag, "NotGroupAdmin")
    assert.strictEqual(toGroupError("x", group, boom(403))._tag, "NotGroupMember")
    const notFound = toGroupError("x", group, boom(404))
    assert.strictEqual(notFound._tag, "NotFound")
    assert.strictEqual(toGroupError("x", group, boom(500))._tag, "WhatsAppFailure")
  })

  it("invite refusals: 404, 406 and 410 are an invalid invite", () => {
    for (const code of [404, 406, 410]) assert.strictEqual(toInviteError("x", "abcdef", boom(code))._tag, "InviteInvalid")
    assert.strictEqual(toInviteError("x", "abcdef", boom(500))._tag, "WhatsAppFailure")
  })

  it("rate-overlimit, timeouts, a close mid-call and a failed encryption are retryable failures", () => {
    assert.match(toFailure("the message", boom(429, "rate-overlimit")).message, /rate-overlimit.*retry/)
    assert.match(toFailure("the message", new Boom("rate-overlimit", { statusCode: 500 })).message, /retry later/)
    assert.match(toFailure("the subject", boom(408, "Timed Out")).message, /did not answer.*retry/)
    // Marked so, the outbox retries them; a refusal is final.
    const retryable = [
      boom(429, "rate-overlimit"),
      boom(408, "Timed Out"),
      boom(428, "Connection Closed"),
      new Boom("All encryptions failed", { statusCode: 500 }),
      boom(500, "internal-server-error")
    ]
    assert.deepStrictEqual(retryable.map((error) => toFailure("the message", error).retryable === true), [true, true, true, true, false])
  })
})

describe("socket closes → session", () => {
  it("401 logs out, 440 stops, 515 restarts, the rest reconnect", () => {
    assert.deepStrictEqual(
      [401, 411, 440, 515, 408, 428, 500, 503, undefined].map(closeAction),
      ["logged_out", "logged_out", "replaced", "restart", "reconnect", "reconnect", "reconnect", "reconnect", "reconnect"]
    )
  })

  it("backoff doubles up to the cap, with half of it jittered", () => {
    assert.deepStrictEqual([0, 1, 2, 3].map((n) => backoffDelay(n, 1000, 60_000, 1)), [1000, 2000, 4000, 8000])
    assert.deepStrictEqual([0, 1, 2, 3].map((n) => backoffDelay(n, 1000, 60_000, 0)), [500, 1000, 2000, 4000])
    assert.strictEqual(backoffDelay(20, 1000, 60_000, 1), 60_000)
  })
})

describe("group.join-request → JoinRequestChanged", () => {
  const requesterLid = "111111111111111@lid"
  const requesterPn = "6281100000001@s.whatsapp.net"
  const phones: Record<string, PhoneJid> = { [adminLid]: PhoneJid.make(adminPn) }
  const mapped = (request: Omit<BaileysEventMap["group.join-request"], "id" | "method">) =>
    changesOf(phones, (handlers) => handlers["group.join-request"]({ id: group, method: "invite_link", ...request }))
  const change = (action: JoinRequestChange, phoneJid: PhoneJid | null) =>
    InboundChange.JoinRequestChanged({
      sessionId,
      groupJid: group,
      participant: { jid: LidJid.make(requesterLid), phoneJid, lid: LidJid.make(requesterLid) },
      action
    })

  it("created and revoked (the requester withdrew → cancelled) carry the requester's twins", () => {
    const byRequester = { author: requesterLid, participant: requesterLid, participantPn: requesterPn }
    assert.deepStrictEqual(mapped({ ...byRequester, action: "created" }), [change("created", PhoneJid.make(requesterPn))])
    assert.deepStrictEqual(mapped({ ...byRequester, action: "revoked" }), [change("cancelled", PhoneJid.make(requesterPn))])
  })

  it("rejected: the requester's phone is kept, the author's phone Baileys fills in for a missing one is not", () => {
    const byAdmin = { author: adminLid, participant: requesterLid, action: "rejected" as const }
    assert.deepStrictEqual(mapped({ ...byAdmin, participantPn: requesterPn }), [change("rejected", PhoneJid.make(requesterPn))])
    assert.deepStrictEqual(mapped({ ...byAdmin, participantPn: adminPn }), [change("rejected", null)])
  })
})

describe("group-participants.update → ParticipantsChanged, with its author", () => {
  const memberLid = "333333333333333@lid"
  const ownLid = "444444444444444@lid"
  const ownPn = "6281100000004@s.whatsapp.net"
  const phones: Record<string, PhoneJid> = { [ownLid]: PhoneJid.make(ownPn) }
  const mapped = (author: Partial<Pick<BaileysEventMap["group-participants.update"], "author" | "authorPn">>) =>
    changesOf(phones, (handlers) =>
      handlers["group-participants.update"]({ id: group, author: "", ...author, action: "remove", participants: [{ id: memberLid, admin: null }] })
    ).map((change): string | null | undefined => (change._tag === "ParticipantsChanged" ? change.author : "not a participant change"))

  it("the author by phone JID where Baileys gives it or the session knows it, else as addressed; null when absent", () => {
    assert.deepStrictEqual(mapped({ author: adminLid, authorPn: adminPn }), [adminPn])
    assert.deepStrictEqual(mapped({ author: ownLid }), [ownPn], "the session's own LID is its phone")
    assert.deepStrictEqual(mapped({ author: adminLid }), [adminLid], "a LID with no known phone stays a LID")
    assert.deepStrictEqual(mapped({ author: adminPn }), [adminPn])
    assert.deepStrictEqual(mapped({}), [null], "no author")
  })
})

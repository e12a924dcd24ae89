import { Effect } from "effect"
import { exclusive } from "../access/exclusive.ts"
import type { JoinRequestChange } from "../domain/Event.ts"
import { type JoinRequestAction, type ParticipantStatus, toParticipantResult } from "../domain/Participant.ts"
import type { Principal } from "../domain/Principal.ts"
import { requireCapability } from "../access/capability.ts"
import { requireGroupAdmin } from "../access/group.ts"
import { type PageInput, pageOfList } from "../access/paging.ts"
import { ownedSession, requireConnected } from "../access/session.ts"
import { decodeInput } from "../access/validate.ts"
import { decodeGroupPage } from "../groups/groupPage.ts"
import { withPath } from "../groups/inputs.ts"
import { applyResults } from "../members/changeParticipants.ts"
import { ParticipantsInput } from "../members/inputs.ts"
import { recordEvent } from "../events/recordEvent.ts"
import { atomically } from "../ports/store/StoreTransaction.ts"
import { WhatsAppPort } from "../ports/WhatsAppPort.ts"

const decodeMany = decodeInput(ParticipantsInput)

/** Pending requests to join (join-approval mode), live from WhatsApp; ordered by JID. */
export const listJoinRequests = Effect.fn("joinRequests.list")(function*(
  principal: Principal,
  sessionId: string,
  groupJid: string,
  page?: PageInput
) {
  const { ref, query } = yield* decodeGroupPage(sessionId, groupJid, page)
  yield* requireCapability(principal, "send")
  const live = yield* requireConnected(yield* ownedSession(principal, ref.sessionId))
  yield* requireGroupAdmin(live, ref.groupJid)
  const whatsapp = yield* WhatsAppPort
  const requests = yield* whatsapp.joinRequests(live.session.id, ref.groupJid)
  return pageOfList(requests, (r) => r.jid, query)
})

/** The result status of a request WhatsApp decided, and the change its event reports. */
const decisions = {
  approve: { status: "approved", change: "approved" },
  reject: { status: "rejected", change: "rejected" }
} as const satisfies Record<JoinRequestAction, { readonly status: ParticipantStatus; readonly change: JoinRequestChange }>

const decide = (action: JoinRequestAction) =>
  Effect.fn(`joinRequests.${action}`)(function*(principal: Principal, sessionId: string, groupJid: string, input: unknown) {
    const body = yield* decodeMany(withPath(input, { sessionId, groupJid }))
    yield* requireCapability(principal, "send")
    const live = yield* requireConnected(yield* ownedSession(principal, body.sessionId))
    yield* requireGroupAdmin(live, body.groupJid)
    const whatsapp = yield* WhatsAppPort
    return yield* exclusive(live.session.id)(Effect.gen(function*() {
      const results = yield* whatsapp.updateJoinRequests(live.session.id, body.groupJid, action, body.participants)
      const decided = results.filter((r) => r.status === decisions[action].status)
      yield* atomically(Effect.gen(function*() {
        if (action === "approve") {
          yield* applyResults(live, body.groupJid, "add", results)
        }
        // WhatsApp tells the other admins' sessions (a rejection as such, an approval as the requester's `add`),
        // never the deciding one: its own event is recorded here.
        for (const result of decided) {
          yield* recordEvent(live.owner.orgId, {
            type: "group.join_request",
            sessionId: live.session.id,
            data: { groupJid: body.groupJid, jid: result.member?.jid ?? result.jid, action: decisions[action].change }
          })
        }
      }))
      return results.map(toParticipantResult)
    }))
  })

/** Lets the requesters in (stored under the group's address with their twins); each gets `approved` or `failed`. */
export const approveJoinRequests = decide("approve")
/** Turns the requests down; each gets `rejected` or `failed`. */
export const rejectJoinRequests = decide("reject")

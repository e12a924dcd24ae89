import { Effect, Option, Schema } from "effect"
import { Conflict, NotGroupAdmin, NotImplemented } from "../domain/errors.ts"
import type { MessageId } from "../domain/Ids.ts"
import { SessionId } from "../domain/Ids.ts"
import { type GroupJid, isGroupJid } from "../domain/Jid.ts"
import { isAdminRole } from "../domain/Member.ts"
import type { Principal } from "../domain/Principal.ts"
import { isMediaType, SendRequest } from "../domain/SendRequest.ts"
import { isStatusAdvance, type SendResult } from "../domain/SendResult.ts"
import { requireCapability } from "../access/capability.ts"
import { requireMembership } from "../access/group.ts"
import { type LiveSession, ownedSession, requireConnected } from "../access/session.ts"
import { decodeInput, invalid } from "../access/validate.ts"
import { recordEvent } from "../events/recordEvent.ts"
import { IdGenerator } from "../ports/IdGenerator.ts"
import { now } from "../ports/Now.ts"
import { GroupStore } from "../ports/store/GroupStore.ts"
import { IdempotencyStore } from "../ports/store/IdempotencyStore.ts"
import { MessageStore, type StoredMessage } from "../ports/store/MessageStore.ts"
import { WhatsAppPort } from "../ports/WhatsAppPort.ts"
import { fingerprint } from "./fingerprint.ts"
import { mintWaMessageId } from "./mintWaMessageId.ts"
import { IdempotencyKey, type SendOptions, type SendOutcome } from "./inputs.ts"
import { SendRateLimiter } from "./SendRateLimiter.ts"
import { toSendError } from "./toSendError.ts"
import { toSendResult } from "./toSendResult.ts"

const decodeRequest = decodeInput(SendRequest)
const decodeSession = decodeInput(Schema.Struct({ sessionId: SessionId }))
const decodeKey = decodeInput(IdempotencyKey)
const encodeRequest = Schema.encodeSync(SendRequest)

const mediaType = (input: unknown): string | undefined =>
  typeof input === "object" && input !== null && "type" in input && isMediaType(input.type) ? input.type : undefined

/**
 * Sends one message. Checks, in order: input → capability → session → what v1 does not build (media types,
 * `async`) → idempotency key (a replay returns the original outcome and sends nothing) → connection → membership
 * of a group the session left, and admin for announcement groups → per-session rate → WhatsApp → store → event. A media body is validated only as far as
 * its type: it is answered "not implemented" whatever else it holds.
 */
export const sendMessage = Effect.fn("messages.send")(function*(
  principal: Principal,
  sessionId: string,
  input: unknown,
  options: SendOptions = {}
) {
  const media = mediaType(input)
  const ref = yield* decodeSession({ sessionId })
  const request = media === undefined ? yield* decodeRequest(input) : undefined
  const key = options.idempotencyKey === undefined ? undefined : yield* decodeKey(options.idempotencyKey).pipe(
    Effect.mapError(() => invalid("Idempotency-Key", "must be 1 to 255 printable characters"))
  )
  yield* requireCapability(principal, "send")
  const session = yield* ownedSession(principal, ref.sessionId)
  if (request === undefined) {
    return yield* new NotImplemented({ message: `sending ${media} messages is not implemented yet` })
  }
  if (options.async === true) {
    return yield* new NotImplemented({ message: "asynchronous sending (?async=true) is not implemented yet" })
  }

  const send = (completion: { readonly key: string } | undefined) =>
    Effect.gen(function*() {
      const live = yield* requireConnected(session)
      return yield* dispatch(live, request, completion?.key)
    })
  if (key === undefined) {
    const result = yield* send(undefined)
    return { result, async: false, replayed: false } satisfies SendOutcome<SendResult>
  }

  const idempotency = yield* IdempotencyStore
  const print = yield* fingerprint({ sessionId: session.id, request: encodeRequest(request), async: false })
  const reservation = yield* idempotency.reserve(principal.orgId, key, print, yield* now)
  switch (reservation._tag) {
    case "Completed":
      if (reservation.fingerprint !== print) return yield* reused(key)
      return { result: reservation.outcome.result, async: reservation.outcome.async, replayed: true } satisfies SendOutcome<SendResult>
    case "InProgress":
      if (reservation.fingerprint !== print) return yield* reused(key)
      return yield* new Conflict({
        reason: "idempotency_key_in_progress",
        message: `a request with Idempotency-Key ${key} is still in progress; retry shortly`
      })
    case "Reserved": {
      // The key is completed together with the message's `sent` record (`dispatch`), in one store transaction.
      const result = yield* send({ key }).pipe(Effect.onError(() => Effect.ignore(idempotency.release(principal.orgId, key))))
      return { result, async: false, replayed: false } satisfies SendOutcome<SendResult>
    }
  }
})

const reused = (key: string) =>
  new Conflict({
    reason: "idempotency_key_reused",
    message: `Idempotency-Key ${key} was already used with a different request`
  })

/**
 * From a connected session to WhatsApp and back into the store; with an idempotency key, the key is completed in
 * the same store transaction that records the message as sent.
 */
const dispatch = Effect.fn("messages.dispatch")(function*(live: LiveSession, request: SendRequest, idempotencyKey?: string) {
  if (isGroupJid(request.to)) {
    yield* requireMayPost(live, request.to)
  }
  const limiter = yield* SendRateLimiter
  yield* limiter.take(live.session.id)

  const messages = yield* MessageStore
  const whatsapp = yield* WhatsAppPort
  const at = yield* now
  const waMessageId = yield* mintWaMessageId
  const message: StoredMessage = {
    id: (yield* (yield* IdGenerator).next) as MessageId,
    orgId: live.owner.orgId,
    sessionId: live.session.id,
    to: request.to,
    type: request.type,
    request,
    status: "queued",
    waMessageId,
    error: null,
    attempts: 1,
    createdAt: at,
    updatedAt: at
  }
  // Stored (queued) under its WhatsApp id before the send: a receipt racing the `sent` write finds it.
  yield* messages.insert(message)
  const sent = yield* whatsapp.send(live.session.id, { ...request, waMessageId }).pipe(
    Effect.tapError((error) =>
      Effect.ignore(messages.update(message.id, { status: "failed", error: toSendError(error), at }))
    )
  )
  const sentAt = yield* now
  // A receipt may already have moved it past `sent`: statuses never go back.
  const current = yield* messages.get(live.owner.orgId, live.session.id, message.id)
  const status = Option.match(current, {
    onNone: () => "sent" as const,
    onSome: (m) => (isStatusAdvance(m.status, "sent") ? "sent" as const : m.status)
  })
  const update = { status, waMessageId: sent.waMessageId, at: sentAt }
  const expected: StoredMessage = { ...message, status, waMessageId: sent.waMessageId, updatedAt: sentAt }
  const updated = idempotencyKey === undefined
    ? yield* messages.update(message.id, update)
    : yield* messages.updateAndComplete(message.id, update, {
      orgId: live.owner.orgId,
      key: idempotencyKey,
      outcome: { result: toSendResult(expected), async: false }
    })
  const stored = Option.getOrElse(updated, () => expected)
  yield* recordEvent(live.owner.orgId, {
    type: "message.status",
    sessionId: live.session.id,
    data: toSendResult(stored)
  })
  return toSendResult(stored)
})

/**
 * Whether the session may post to a stored group, known before the call: a group it left is `NotGroupMember`
 * (whatever its settings); in an announcement group only members who are admins may post (`NotGroupMember`,
 * `NotGroupAdmin`, from the stored member list). A group not stored, or a member list that has not caught up,
 * is left to WhatsApp.
 */
const requireMayPost = Effect.fn("messages.requireMayPost")(function*(live: LiveSession, groupJid: GroupJid) {
  const groups = yield* GroupStore
  const group = yield* groups.get(live.owner, groupJid)
  if (Option.isNone(group) || (!group.value.left && !group.value.isAnnounce)) return
  const me = yield* requireMembership(live, group.value)
  if (!isAdminRole(me.role)) {
    return yield* new NotGroupAdmin({ groupJid })
  }
})

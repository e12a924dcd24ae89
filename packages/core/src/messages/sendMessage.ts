import { Deferred, Effect, Option, Schema } from "effect"
import { Conflict, NotFound, NotGroupAdmin, NotImplemented, RateLimited } from "../domain/errors.ts"
import type { MessageId } from "../domain/Ids.ts"
import { SessionId } from "../domain/Ids.ts"
import { type GroupJid, isGroupJid } from "../domain/Jid.ts"
import { isAdminRole } from "../domain/Member.ts"
import type { Principal } from "../domain/Principal.ts"
import { isMediaType, SendRequest } from "../domain/SendRequest.ts"
import type { SendResult } from "../domain/SendResult.ts"
import type { Session } from "../domain/Session.ts"
import { requireCapability } from "../access/capability.ts"
import { requireMembership } from "../access/group.ts"
import { type LiveSession, ownedSession, ownerOf } from "../access/session.ts"
import { decodeInput, invalid } from "../access/validate.ts"
import { IdGenerator } from "../ports/IdGenerator.ts"
import { now } from "../ports/Now.ts"
import { GroupStore } from "../ports/store/GroupStore.ts"
import { type IdempotencyRecord, IdempotencyStore } from "../ports/store/IdempotencyStore.ts"
import { MessageStore, type StoredMessage } from "../ports/store/MessageStore.ts"
import { Outbox } from "../ports/store/Outbox.ts"
import { WhatsAppPort } from "../ports/WhatsAppPort.ts"
import { checkReferences } from "./checkReferences.ts"
import { fingerprint } from "./fingerprint.ts"
import { IdempotencyKey, type SendOptions, type SendOutcome } from "./inputs.ts"
import { mintWaMessageId } from "./mintWaMessageId.ts"
import { OutboxSignals } from "./OutboxSignals.ts"
import { SendRateLimiter } from "./SendRateLimiter.ts"
import { SendSettings } from "./SendSettings.ts"
import { toSendResult } from "./toSendResult.ts"

const decodeRequest = decodeInput(SendRequest)
const decodeSession = decodeInput(Schema.Struct({ sessionId: SessionId }))
const decodeKey = decodeInput(IdempotencyKey)
const encodeRequest = Schema.encodeSync(SendRequest)

const mediaType = (input: unknown): string | undefined =>
  typeof input === "object" && input !== null && "type" in input && isMediaType(input.type) ? input.type : undefined

/** A request's idempotency key with the fingerprint of the request. */
interface Keyed {
  readonly key: string
  readonly fingerprint: string
}

/**
 * The status code rule (ADR 0032): "accepted" (202) for an asynchronous request, and for a synchronous one whose
 * message is still queued; "done" (200) for a synchronous one whose message reached an outcome. A replay answers
 * by the same rule with the message as it is now, i.e. what the original caller would see if it asked now.
 */
const outcome = (result: SendResult, async: boolean, replayed: boolean): SendOutcome<SendResult> => ({
  result,
  async,
  accepted: async || result.status === "queued",
  replayed
})

/**
 * Accepts one message into its session's outbox (ADR 0032). Checks, in order: input → capability → session →
 * what v1 does not build (media types) → the stored group rules (a group the session left, an announcement group
 * where it is not an admin) → idempotency key (a replay answers the message's current result and stores nothing)
 * → for a synchronous send, the session's rate (over it: `RateLimited`, nothing stored). Then the message
 * (`queued`, with the WhatsApp id chosen now), its key and its `message.status` event commit together
 * (`Outbox.accept`; an asynchronous request finds a used key there, and answers as a replay),
 * and the session's drain is woken. An asynchronous send answers at once; a synchronous one waits for the
 * message's outcome up to `SendSettings.timeout`, then answers with it still queued. The session need not be
 * connected: a queued message waits for it.
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
  const async = options.async === true
  if (isGroupJid(request.to)) {
    yield* requireMayPost(session, request.to)
  }
  yield* checkReferences(session, request, accountOf(session))

  const keyed: Keyed | undefined = key === undefined
    ? undefined
    : { key, fingerprint: yield* fingerprint({ sessionId: session.id, request: encodeRequest(request), async }) }
  if (!async) {
    // A replay is answered before the rate is looked at. (An asynchronous send finds a used key when it claims it.)
    if (keyed !== undefined) {
      const found = yield* (yield* IdempotencyStore).find(principal.orgId, keyed.key)
      if (Option.isSome(found)) return yield* replay(session, keyed, found.value)
    }
    // Only looked at: the drain spends the token when it sends. Exact in the process that drains the session.
    const wait = yield* (yield* SendRateLimiter).delayMillis(session.id)
    if (wait > 0) return yield* new RateLimited({ retryAfterSeconds: Math.max(1, Math.ceil(wait / 1000)) })
  }

  const outbox = yield* Outbox
  const signals = yield* OutboxSignals
  const at = yield* now
  const message: StoredMessage = {
    id: (yield* (yield* IdGenerator).next) as MessageId,
    orgId: session.orgId,
    sessionId: session.id,
    to: request.to,
    type: request.type,
    request,
    status: "queued",
    waMessageId: yield* mintWaMessageId,
    error: null,
    attempts: 0,
    nextAttemptAt: at,
    createdAt: at,
    updatedAt: at
  }
  return yield* Effect.scoped(Effect.gen(function*() {
    // Registered before the commit, so an outcome the drain reaches at once is not missed.
    const settled = async ? undefined : yield* signals.outcome(message.id)
    const taken = yield* outbox.accept({
      message,
      key: keyed === undefined ? undefined : { key: keyed.key, claim: { fingerprint: keyed.fingerprint, messageId: message.id, async, at } },
      event: { orgId: session.orgId, payload: { type: "message.status", sessionId: session.id, data: toSendResult(message) }, at }
    })
    if (keyed !== undefined && Option.isSome(taken)) return yield* replay(session, keyed, taken.value)
    yield* signals.queued(ownerOf(session))
    if (settled === undefined) return outcome(toSendResult(message), true, false)
    return outcome(yield* awaitOutcome(message, settled), false, false)
  }))
})

/**
 * The message's outcome once the drain reports it, or (a drain in another process, a lost signal) once the store
 * shows it; after `SendSettings.timeout`, the message as it is then (still queued, usually).
 */
const awaitOutcome = Effect.fn("messages.awaitOutcome")(function*(message: StoredMessage, settled: Deferred.Deferred<SendResult>) {
  const settings = yield* SendSettings
  const messages = yield* MessageStore
  const read = Effect.map(messages.get(message.orgId, message.sessionId, message.id), (found) =>
    Option.match(found, { onNone: () => toSendResult(message), onSome: toSendResult }))
  const polled = Effect.gen(function*() {
    while (true) {
      yield* Effect.sleep(settings.connectionPoll)
      // A failed read (the store briefly away) is only a missed look: the next one, or the drain's signal, answers.
      const current = yield* Effect.option(read)
      if (current._tag === "Some" && current.value.status !== "queued") return current.value
    }
  })
  const done = yield* Effect.raceFirst(Deferred.await(settled), polled).pipe(Effect.timeoutOption(settings.timeout))
  return Option.isSome(done) ? done.value : yield* read
})

const reused = (key: string) =>
  new Conflict({
    reason: "idempotency_key_reused",
    message: `Idempotency-Key ${key} was already used with a different request`
  })

/** A known key: another request with it is a conflict; the same request answers the message as it is now. */
const replay = Effect.fn("messages.replay")(function*(session: Session, keyed: Keyed, record: IdempotencyRecord) {
  if (record.fingerprint !== keyed.fingerprint) return yield* reused(keyed.key)
  if (record._tag === "Outcome") return outcome(record.outcome.result, record.outcome.async, true)
  // The fingerprint names the session, so the message is this session's.
  const found = yield* (yield* MessageStore).get(session.orgId, session.id, record.messageId)
  if (Option.isNone(found)) return yield* new NotFound({ resource: "message", id: record.messageId })
  return outcome(toSendResult(found.value), record.async, true)
})

/**
 * The session's account as the stored group rules need it: from the connection when it is open, else the
 * session's stored identity; `undefined` when the session was never linked (nothing to check against).
 */
const accountOf = Effect.fn("messages.accountOf")(function*(session: Session) {
  const connection = yield* (yield* WhatsAppPort).connection(session.id)
  const phoneJid = connection.phoneJid ?? session.phoneJid
  if (phoneJid === null) return undefined
  const lid = connection.lid ?? (session.phoneJid === phoneJid ? session.lid : null)
  const account: LiveSession = { session, owner: ownerOf(session), phoneJid, lid }
  return account
})

/**
 * Whether the session may post to a stored group, known before the message is accepted: a group it left is
 * `NotGroupMember` (whatever its settings); in an announcement group only members who are admins may post
 * (`NotGroupMember`, `NotGroupAdmin`, from the stored member list). A group not stored, or a member list that has
 * not caught up, is left to WhatsApp (the message then fails with the matching code).
 */
const requireMayPost = Effect.fn("messages.requireMayPost")(function*(session: Session, groupJid: GroupJid) {
  const groups = yield* GroupStore
  const group = yield* groups.get(ownerOf(session), groupJid)
  if (Option.isNone(group) || (!group.value.left && !group.value.isAnnounce)) return
  const account = yield* accountOf(session)
  if (account === undefined) return
  const me = yield* requireMembership(account, group.value)
  if (!isAdminRole(me.role)) {
    return yield* new NotGroupAdmin({ groupJid })
  }
})

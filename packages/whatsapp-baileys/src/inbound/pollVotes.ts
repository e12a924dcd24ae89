import { type AuthJson, AuthStateStore, InboundChange, type SessionId, Timestamp, WaMessageId } from "@wagate/core"
import { decryptPollVote, jidNormalizedUser, type WAMessage } from "@whiskeysockets/baileys"
import { Effect, Schema } from "effect"
import { createHash } from "node:crypto"
import type { PhoneOf } from "../groups/toGroupInfo.ts"
import { type OwnAccount, senderRefOf } from "./incomingMessages.ts"

/**
 * Where the adapter keeps what it needs to read votes on the session's polls: the poll's secret (WhatsApp's
 * `messageSecret`, the key votes are encrypted with) and its options, under the poll's WhatsApp id, beside the
 * Signal keys (they go with them on logout).
 */
const POLL_KEYS = "wagate-poll"

const RememberedPoll = Schema.Struct({ secret: Schema.String, options: Schema.Array(Schema.String) })
const decodePoll = Schema.decodeUnknownOption(RememberedPoll)

/** Keeps a poll the session sent (its secret and options), so votes on it can be read later. */
export const rememberPoll = Effect.fn("Baileys.rememberPoll")(function*(
  sessionId: SessionId,
  message: WAMessage,
  options: ReadonlyArray<string>
) {
  const secret = message.message?.messageContextInfo?.messageSecret
  const id = message.key.id
  if (secret == null || id == null) return
  const poll = { secret: Buffer.from(secret).toString("base64"), options: [...options] }
  yield* (yield* AuthStateStore).setKeys(sessionId, { [POLL_KEYS]: { [id]: poll } }).pipe(
    Effect.catch((error) => Effect.logWarning("could not keep a poll's secret; votes on it will not be read", { sessionId, error: error.message }))
  )
})

const sha256 = (text: string): string => createHash("sha256").update(text).digest("hex")

/** The JIDs a party of a vote may be named by in its encryption: the chat's addressing decides which. */
const candidates = (...jids: ReadonlyArray<string | null | undefined>): ReadonlyArray<string> =>
  [...new Set(jids.filter((jid): jid is string => typeof jid === "string" && jid !== "").map((jid) => jidNormalizedUser(jid)))]

/**
 * A vote on one of the session's polls, decrypted with the poll's remembered secret (Baileys' `decryptPollVote`,
 * AES-GCM keyed by the poll's id, creator and voter): the options the voter chose now, by name. WhatsApp
 * encrypts with the JIDs the chat addresses them by (phone JIDs, or LIDs in a LID-addressed group), so each
 * known form is tried until the tag verifies. A vote on a poll the adapter does not know, or that does not
 * open, is logged and dropped.
 */
export const voteChange = Effect.fn("Baileys.voteChange")(function*(
  sessionId: SessionId,
  message: WAMessage,
  own: OwnAccount,
  phoneOf: PhoneOf
) {
  const update = message.message?.pollUpdateMessage
  const pollId = update?.pollCreationMessageKey?.id
  const vote = update?.vote
  if (update == null || pollId == null || pollId === "" || vote == null) return undefined
  const stored = yield* (yield* AuthStateStore).getKeys(sessionId, POLL_KEYS, [pollId]).pipe(
    Effect.orElseSucceed((): Readonly<Record<string, AuthJson>> => ({}))
  )
  const poll = decodePoll(stored[pollId])
  if (poll._tag === "None") {
    yield* Effect.logDebug("vote on a poll this session did not send (or sent before it kept poll secrets)", { sessionId, pollId })
    return undefined
  }
  const key = message.key
  const creators = candidates(own.id, own.lid)
  const voters = candidates(key.participantAlt, key.participant, key.remoteJidAlt, key.remoteJid)
  const secret = Buffer.from(poll.value.secret, "base64")
  for (const pollCreatorJid of creators) {
    for (const voterJid of voters) {
      try {
        const opened = decryptPollVote(vote, { pollCreatorJid, pollMsgId: pollId, pollEncKey: secret, voterJid })
        const hashes = new Set(opened.selectedOptions.map((option) => Buffer.from(option).toString("hex")))
        const selected = poll.value.options.filter((option) => hashes.has(sha256(option)))
        const voter = senderRefOf(key, own, phoneOf)
        if (voter === undefined) return undefined
        const sentMs = update.senderTimestampMs == null ? Number(message.messageTimestamp ?? 0) * 1000 : Number(update.senderTimestampMs)
        return InboundChange.PollVoted({
          sessionId,
          pollWaMessageId: WaMessageId.make(pollId),
          voter,
          selected,
          timestamp: Timestamp.make(new Date(sentMs).toISOString())
        })
      } catch {
        // Not these JIDs: the tag does not verify. Try the next pair.
      }
    }
  }
  yield* Effect.logWarning("a vote on the session's poll did not open", { sessionId, pollId })
  return undefined
})

import { createCipheriv, createHash, hkdfSync, randomBytes } from "node:crypto"
import { proto } from "../protocol/baileys.ts"

/** The parties of a poll vote, named as the chat names them (the same JIDs the recipient sees on the messages). */
export interface VoteParties {
  readonly pollId: string
  readonly creatorJid: string
  readonly voterJid: string
}

/**
 * Encrypts a poll vote as WhatsApp clients do (whatsmeow `msgsecret.go` `EncryptPollVote`/`encryptMsgSecret`;
 * Baileys `Utils/process-message.js` `decryptPollVote` is the inverse): the `PollVoteMessage` (SHA-256 of each
 * chosen option's name) under AES-256-GCM with a 12-byte IV, the key HKDF-SHA256(poll's message secret, no salt,
 * info = poll id ‖ creator ‖ voter ‖ "Poll Vote"), the additional data `poll id \0 voter`. Node's own crypto,
 * not the client's code, so the client's decryption checks it.
 */
export const encryptPollVote = (
  secret: Uint8Array,
  parties: VoteParties,
  selected: ReadonlyArray<string>
): { readonly encPayload: Uint8Array; readonly encIv: Uint8Array } => {
  const { creatorJid, pollId, voterJid } = parties
  const vote = proto.Message.PollVoteMessage.encode({
    selectedOptions: selected.map((option) => createHash("sha256").update(option).digest())
  }).finish()
  const key = Buffer.from(hkdfSync("sha256", secret, Buffer.alloc(0), `${pollId}${creatorJid}${voterJid}Poll Vote`, 32))
  const iv = randomBytes(12)
  const cipher = createCipheriv("aes-256-gcm", key, iv)
  cipher.setAAD(Buffer.from(`${pollId}\u0000${voterJid}`))
  const encPayload = Buffer.concat([cipher.update(vote), cipher.final(), cipher.getAuthTag()])
  return { encPayload, encIv: iv }
}

import { Schema } from "effect"
import { OrgId, SessionId, Timestamp } from "./Ids.ts"
import { LidJid, PhoneJid } from "./Jid.ts"

export const SessionStatus = Schema.Literals(["pairing", "connecting", "connected", "disconnected", "logged_out"]).annotate({
  description: [
    "`pairing`: waiting for a phone to link it (QR code or pairing code); `connecting`: linked, (re)connecting;",
    "`connected`: live actions work; `disconnected`: the gateway is not trying (stopped, or the network refuses);",
    "`logged_out`: the phone unlinked the device, or `:logout` was called; it must pair again."
  ].join(" ")
})
export type SessionStatus = typeof SessionStatus.Type

/** One attached WhatsApp number, owned by the organisation that created it. */
export const Session = Schema.Struct({
  id: SessionId.annotate({ description: "The session's id: 1 to 64 of `A-Z a-z 0-9 _ -`, chosen by its creator or a ULID." }),
  orgId: OrgId,
  name: Schema.NullOr(Schema.String).annotate({ description: "A display name for people; `null` when none was given." }),
  status: SessionStatus,
  phoneJid: Schema.NullOr(PhoneJid).annotate({ description: "The linked account's phone JID; `null` until a phone has linked the session." }),
  lid: Schema.NullOr(LidJid).annotate({ description: "The linked account's LID (WhatsApp's privacy identity); `null` until WhatsApp has told it." }),
  createdAt: Timestamp.annotate({ description: "When the session was created." }),
  updatedAt: Timestamp.annotate({ description: "When the session last changed (its status, usually)." })
})
export type Session = typeof Session.Type

/** The live connection state of a session, as the WhatsApp adapter knows it. */
export interface Connection {
  readonly status: SessionStatus
  readonly phoneJid: PhoneJid | null
  /** The linked account's LID, once WhatsApp has told it. */
  readonly lid: LidJid | null
  /** Why it is not connected, when the transport knows more than the status; said in `SessionNotConnected`. */
  readonly reason?: string | undefined
}

/** A QR code to link a device; `qr` is the string the picture encodes. */
export interface QrCode {
  readonly qr: string
  readonly expiresAt: string
}

/** Who owns a session: every tenant-data query is scoped by both. */
export interface SessionOwner {
  readonly orgId: OrgId
  readonly sessionId: SessionId
}

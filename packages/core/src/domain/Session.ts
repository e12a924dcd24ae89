import { Schema } from "effect"
import { OrgId, SessionId, Timestamp } from "./Ids.ts"
import { UserJid } from "./Jid.ts"

export const SessionStatus = Schema.Literals(["pairing", "connecting", "connected", "disconnected", "logged_out"])
export type SessionStatus = typeof SessionStatus.Type

/** One attached WhatsApp number, owned by the organisation that created it. */
export const Session = Schema.Struct({
  id: SessionId,
  orgId: OrgId,
  name: Schema.NullOr(Schema.String),
  status: SessionStatus,
  phoneJid: Schema.NullOr(UserJid),
  createdAt: Timestamp,
  updatedAt: Timestamp
})
export type Session = typeof Session.Type

/** The live connection state of a session, as the WhatsApp adapter knows it. */
export interface Connection {
  readonly status: SessionStatus
  readonly phoneJid: UserJid | null
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

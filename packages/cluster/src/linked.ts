import type { Session } from "@wagate/core"

/**
 * Whether a session's device is linked, so that its socket should be open wherever the session is owned: it has
 * a phone, or its QR was scanned and it is connecting or connected (a session let go of just after the scan, before
 * its phone is stored, is linked at WhatsApp already); never once logged out.
 */
export const isLinked = (session: Session): boolean =>
  session.status !== "logged_out" && (session.phoneJid !== null || session.status === "connecting" || session.status === "connected")

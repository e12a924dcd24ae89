import type { EventPayload } from "../domain/Event.ts"
import type { Session } from "../domain/Session.ts"

/** The `session.status` event that reports a session's stored status. */
export const sessionStatusEvent = (session: Session): EventPayload => ({
  type: "session.status",
  sessionId: session.id,
  data: { status: session.status, phoneJid: session.phoneJid, lid: session.lid }
})

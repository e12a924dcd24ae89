import { DisconnectReason } from "@whiskeysockets/baileys"

/** What a session does after its socket closed with a given status code. */
export type CloseAction =
  /** The phone unlinked the device (401): wipe the credentials, `logged_out`, never reconnect. */
  | "logged_out"
  /** Another socket took the device (440 `connectionReplaced`): stop, `disconnected`, never fight back. */
  | "replaced"
  /** Pairing finished (515 `restartRequired`): reconnect at once with the new credentials. */
  | "restart"
  /** Anything else (lost, timed out, closed, unavailable, bad session): reconnect with backoff and jitter. */
  | "reconnect"

/** The close code's action (docs/baileys.md has the table). */
export const closeAction = (statusCode: number | undefined): CloseAction => {
  switch (statusCode) {
    case DisconnectReason.loggedOut:
    case DisconnectReason.multideviceMismatch:
      return "logged_out"
    case DisconnectReason.connectionReplaced:
      return "replaced"
    case DisconnectReason.restartRequired:
      return "restart"
    default:
      return "reconnect"
  }
}

/**
 * The delay before reconnection attempt `attempt` (0-based): exponential from `initialMs`, capped at `maxMs`,
 * with "equal jitter" (half fixed, half random) so many sessions dropped together do not return together.
 */
export const backoffDelay = (attempt: number, initialMs: number, maxMs: number, random: number): number => {
  const ceiling = Math.min(maxMs, initialMs * 2 ** Math.min(attempt, 30))
  return Math.round(ceiling / 2 + (ceiling / 2) * random)
}

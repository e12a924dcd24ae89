import {
  type GroupJid,
  InviteInvalid,
  NotFound,
  NotGroupAdmin,
  NotGroupMember,
  type ParticipantAction,
  type ParticipantStatus,
  WhatsAppFailure
} from "@wagate/core"

/**
 * The WhatsApp code of a Baileys failure: an IQ's `<error code>` (Baileys puts it in the Boom's `data`, its
 * `statusCode` staying 500), else the Boom's `output.statusCode` (a close's reason), or `undefined`.
 */
export const statusCodeOf = (error: unknown): number | undefined => {
  if (typeof error !== "object" || error === null) return undefined
  const data = "data" in error ? error.data : undefined
  if (typeof data === "number" && Number.isInteger(data)) return data
  const output = "output" in error ? error.output : undefined
  if (typeof output === "object" && output !== null && "statusCode" in output && typeof output.statusCode === "number") {
    return output.statusCode
  }
  return undefined
}

const messageOf = (error: unknown): string => (error instanceof Error ? error.message : String(error))

/** A query that got no answer in time (Baileys rc14 resolves `undefined`, or rejects with 408 "Timed Out"). */
export const timedOut = (what: string) =>
  new WhatsAppFailure({ message: `WhatsApp did not answer ${what} in time; retry`, retryable: true })

/**
 * A failure about the session or something new: retryable ones (429 `rate-overlimit`, 408, timeouts, a close
 * mid-call, an encryption that failed before anything was sent) say so.
 */
export const toFailure = (what: string, error: unknown): WhatsAppFailure => {
  const code = statusCodeOf(error)
  if (code === 429 || /rate-overlimit/i.test(messageOf(error))) {
    return new WhatsAppFailure({ message: `WhatsApp is rate-limiting ${what} (rate-overlimit); retry later`, retryable: true })
  }
  if (code === 408 || /timed out/i.test(messageOf(error))) return timedOut(what)
  if (code === 428) return new WhatsAppFailure({ message: `the connection closed during ${what}; retry`, retryable: true })
  // Baileys could not encrypt for a single device of the recipients (no Signal session yet, its fetch of their
  // pre-keys raced or failed): nothing left the socket, so sending again, under the same id, is safe.
  if (/All encryptions failed/.test(messageOf(error))) {
    return new WhatsAppFailure({ message: `${what} could not be encrypted for the recipients' devices yet; retry`, retryable: true })
  }
  return new WhatsAppFailure({ message: `WhatsApp refused ${what}: ${messageOf(error)}${code === undefined ? "" : ` (${code})`}` })
}

/**
 * A refusal about one group (docs/baileys.md has the table): 401 `not-authorized` → `NotGroupAdmin` (in the
 * group, without the right); 403 `forbidden` → `NotGroupMember`; 404 `item-not-found` → `NotFound` (group);
 * the rest as `toFailure`.
 */
export const toGroupError = (
  what: string,
  groupJid: GroupJid,
  error: unknown
): WhatsAppFailure | NotFound | NotGroupAdmin | NotGroupMember => {
  switch (statusCodeOf(error)) {
    case 401:
      return new NotGroupAdmin({ groupJid })
    case 403:
      return new NotGroupMember({ groupJid })
    case 404:
      return new NotFound({ resource: "group", id: groupJid })
    default:
      return toFailure(what, error)
  }
}

/** A refusal about an invite code: 404, 406 (`not-acceptable`: invalid) and 410 (`gone`: revoked) → `InviteInvalid`. */
export const toInviteError = (what: string, code: string, error: unknown): WhatsAppFailure | InviteInvalid => {
  const status = statusCodeOf(error)
  return status === 404 || status === 406 || status === 410 ? new InviteInvalid({ code }) : toFailure(what, error)
}

/** The outcome WhatsApp reports per participant of a bulk action (`"200"` or an error code) as the API's status. */
export const participantStatus = (action: ParticipantAction, code: string): ParticipantStatus => {
  if (code === "200") {
    switch (action) {
      case "add":
        return "added"
      case "remove":
        return "removed"
      case "promote":
        return "promoted"
      case "demote":
        return "demoted"
    }
  }
  switch (code) {
    case "403":
      return action === "add" ? "invite_sent" : "failed"
    case "409":
      return action === "add" ? "already_member" : "failed"
    case "404":
      return action === "add" ? "not_on_whatsapp" : "not_member"
    case "408":
      return "recently_left"
    default:
      return "failed"
  }
}

/** A join request's outcome (`"200"` or an error code, 404 for a user with no request) as the API's status. */
export const joinRequestStatus = (action: "approve" | "reject", code: string): ParticipantStatus =>
  code === "200" ? (action === "approve" ? "approved" : "rejected") : "failed"

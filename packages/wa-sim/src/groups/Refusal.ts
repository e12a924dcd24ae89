/**
 * A group IQ WhatsApp refuses as a whole: answered `<error code text/>` (Baileys `assertNodeErrorFree` → a Boom
 * with `data` = code; whatsmeow `parseIQError`). The texts are those of whatsmeow's table (errors.go); 409
 * `conflict` is XMPP's, which WhatsApp uses for a stale description `prev`.
 */
export class Refusal extends Error {
  override readonly name = "Refusal"
  readonly code: number
  readonly text: string
  constructor(code: number, text: string, why: string) {
    super(why)
    this.code = code
    this.text = text
  }
}

/** Malformed request. */
export const badRequest = (why: string) => new Refusal(400, "bad-request", why)
/** A member without the right (not an admin where admins are needed): whatsmeow `ErrGroupInviteLinkUnauthorized` et al. */
export const notAuthorized = (why: string) => new Refusal(401, "not-authorized", why)
/** Not a member of the group: whatsmeow `ErrNotInGroup`. */
export const forbidden = (why: string) => new Refusal(403, "forbidden", why)
/** No such group: whatsmeow `ErrGroupNotFound`. */
export const notFound = (why: string) => new Refusal(404, "item-not-found", why)
/** A value WhatsApp does not take (too long, an invalid invite code: whatsmeow `ErrInviteLinkInvalid`). */
export const notAcceptable = (why: string) => new Refusal(406, "not-acceptable", why)
export const conflict = (why: string) => new Refusal(409, "conflict", why)
/** A revoked invite code: whatsmeow `ErrInviteLinkRevoked`. */
export const gone = (why: string) => new Refusal(410, "gone", why)

import { errors } from "./examples.ts"
import type { ErrorDoc } from "./Reference.ts"

/** The error meanings many operations share, worded once; `details` as each error's wire form types it. */

export const sessionNotFound: ErrorDoc = {
  when: "no session with this id belongs to your organisation (another organisation's session is just as absent); `details`: `{resource: \"session\", id}`.",
  examples: { sessionNotFound: errors.sessionNotFound }
}

export const sessionOrGroupNotFound: ErrorDoc = {
  when: "no session with this id belongs to your organisation, or no group with this JID is stored for it (`details.resource`: `session` or `group`).",
  examples: { sessionNotFound: errors.sessionNotFound, groupNotFound: errors.groupNotFound }
}

export const missing = (capability: "read" | "send" | "manage"): ErrorDoc => ({
  when: `the caller lacks the \`${capability}\` capability (\`details.capability\`).`,
  examples: {
    missingCapability: capability === "read" ? errors.missingRead : capability === "send" ? errors.missingSend : errors.missingManage
  }
})

export const missingOrNotAdmin: ErrorDoc = {
  when:
    "the caller lacks the `send` capability (`details.capability`), or the session's account is not an admin of the group (`details.reason`: `not_admin`) or no longer in it (`not_member`).",
  examples: { missingCapability: errors.missingSend, notAdmin: errors.notAdmin, notMember: errors.notMember }
}

/** A live call about one group that needs no admin: WhatsApp may still say the account is not in it, or lacks a right. */
export const missingOrNotInGroup: ErrorDoc = {
  when:
    "the caller lacks the `send` capability (`details.capability`), or WhatsApp answers that the session's account is not in the group (`details.reason`: `not_member`) or lacks a right there (`not_admin`).",
  examples: { missingCapability: errors.missingSend, notMember: errors.notMember }
}

export const notConnected: ErrorDoc = {
  when:
    "the session is not connected (`details.reason`: `session_not_connected`; `details.sessionStatus` says where it stands); nothing was sent to WhatsApp.",
  examples: { notConnected: errors.notConnected }
}

export const whatsappFailed: ErrorDoc = {
  when: "WhatsApp refused or failed the action for a reason other than the request's input; nothing was stored. Retrying may help.",
  examples: { whatsappFailed: errors.whatsappFailed }
}

/** A malformed path segment, query or body: `details` maps each offending field to what is wrong with it. */
export const invalid = (what: string, examples: ErrorDoc["examples"] = { invalidSessionId: errors.invalidSessionId }): ErrorDoc => ({
  when: `${what}; \`details\` maps each offending field to what is wrong with it.`,
  examples
})

/** A list's paging parameters out of range or not ours. */
export const invalidPage: ErrorDoc = invalid("`limit` outside 1..1000, or a `cursor` this API did not return", {
  invalidLimit: errors.invalidLimit,
  invalidCursor: errors.invalidCursor
})

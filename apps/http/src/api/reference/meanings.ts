import { errors } from "./examples.ts"
import type { ErrorDoc } from "./Reference.ts"

/** The error meanings many operations share, worded once. */

export const sessionNotFound: ErrorDoc = {
  when: "no session with this id belongs to your organisation (another organisation's session is just as absent).",
  examples: { sessionNotFound: errors.sessionNotFound }
}

export const sessionOrGroupNotFound: ErrorDoc = {
  when: "no session with this id belongs to your organisation, or no group with this JID is stored for it.",
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
    "the caller lacks the `send` capability (`details.capability`), or the session's account is not an admin of the group or has left it (`details.reason`: `not_admin`, `not_member`).",
  examples: { missingCapability: errors.missingSend, notAdmin: errors.notAdmin }
}

export const notConnected: ErrorDoc = {
  when: "the session is not connected (`details.sessionStatus` says where it stands); nothing was sent to WhatsApp.",
  examples: { notConnected: errors.notConnected }
}

export const whatsappFailed: ErrorDoc = {
  when: "WhatsApp refused or failed the action for a reason other than the request's input; nothing was stored. Retrying may help.",
  examples: { whatsappRefused: errors.whatsappRefused }
}

/** A malformed path segment, query or body: `details` maps each offending field to what is wrong with it. */
export const invalid = (what: string, examples: ErrorDoc["examples"] = {}): ErrorDoc => ({
  when: `${what}; \`details\` maps each offending field to what is wrong with it.`,
  examples
})

import type { ParticipantResult } from "@wagate/core"

/** RFC 7240: `Prefer: return=representation` asks for the results instead of an empty 204. */
export const wantsRepresentation = (prefer: string | undefined): boolean =>
  prefer !== undefined && prefer.split(/[,;]/).some((part) => part.trim().toLowerCase() === "return=representation")

/** The body of a bulk participant action: nothing (204), or the results when the caller prefers them. */
export const participantResponse = (prefer: string | undefined) => (results: ReadonlyArray<ParticipantResult>) =>
  wantsRepresentation(prefer) ? { items: results } : undefined

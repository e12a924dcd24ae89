import type { ParticipantResult } from "@wagate/core"
import { HttpServerResponse } from "effect/http"

/** RFC 7240: `Prefer: return=representation` asks for the results instead of an empty 204. */
export const wantsRepresentation = (prefer: string | undefined): boolean =>
  prefer !== undefined && prefer.split(/[,;]/).some((part) => part.trim().toLowerCase() === "return=representation")

/** The body of a bulk participant action: nothing (204), or the results when the caller prefers them. */
export const participantResponse = (prefer: string | undefined) => (results: ReadonlyArray<ParticipantResult>) =>
  wantsRepresentation(prefer) ? { items: results } : undefined

/**
 * A 200 with JSON text a use-case wrote already (ADR 0033): sent as it is, as the framework sends an encoded
 * success (same status, same content type), without parsing it back into values to encode them again.
 */
export const jsonText = (json: string) => HttpServerResponse.text(json, { contentType: "application/json" })

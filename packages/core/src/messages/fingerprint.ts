import type { Effect } from "effect"
import type * as Digest from "effect/crypto/Digest"
import { sha256Hex } from "../access/sha256.ts"

/** Serialises JSON-like data with object keys sorted, so equal requests give equal text whatever the key order. */
export const canonicalJson = (value: unknown): string => {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`
  if (value !== null && typeof value === "object") {
    const entries = Object.entries(value)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(",")}}`
  }
  return JSON.stringify(value) ?? "null"
}

/** The SHA-256 (hex) of a request's canonical JSON. */
export const fingerprint = (value: unknown): Effect.Effect<string, never, Digest.Digest> => sha256Hex(canonicalJson(value))

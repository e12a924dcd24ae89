import { Effect } from "effect"
import * as Base64Url from "effect/encoding/Base64Url"
import { sha256Hex } from "../access/sha256.ts"

/** Every api key starts with this, so a leaked key is recognisable (secret scanners) and tried before JWTs. */
export const API_KEY_PREFIX = "wgk_"

/** A new api key: the prefix and 32 bytes from the platform's cryptographic random source, base64url. */
export const newApiKey: Effect.Effect<string> = Effect.sync(() => {
  const bytes = new Uint8Array(32)
  globalThis.crypto.getRandomValues(bytes)
  return `${API_KEY_PREFIX}${Base64Url.encode(bytes)}`
})

/** What the store keeps of a key: its SHA-256, never the key. */
export const hashApiKey = (key: string): Effect.Effect<string> => sha256Hex(key)

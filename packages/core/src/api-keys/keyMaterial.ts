import { Effect } from "effect"
import * as Digest from "effect/crypto/Digest"
import * as SecureRandom from "effect/crypto/SecureRandom"
import * as Base64Url from "effect/encoding/Base64Url"
import { sha256Hex } from "../access/sha256.ts"

/** Every api key starts with this, so a leaked key is recognisable (secret scanners) and tried before JWTs. */
export const API_KEY_PREFIX = "wgk_"

/** A new api key: the prefix and 32 bytes from Effect's `SecureRandom` (a cryptographic source), base64url. */
export const newApiKey: Effect.Effect<string, never, SecureRandom.SecureRandom> = SecureRandom.SecureRandom.use((random) =>
  Effect.map(random.randomBytes(32), (bytes) => `${API_KEY_PREFIX}${Base64Url.encode(bytes)}`)
)

/** What the store keeps of a key: its SHA-256 (through Effect's `Digest`), never the key. */
export const hashApiKey = (key: string): Effect.Effect<string, never, Digest.Digest> => sha256Hex(key)

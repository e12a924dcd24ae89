import { Effect } from "effect"
import * as Digest from "effect/crypto/Digest"

const encoder = new TextEncoder()

/** SHA-256 of a text (UTF-8) as lower-case hex, through Effect's `Digest` service. */
export const sha256Hex = (text: string): Effect.Effect<string, never, Digest.Digest> =>
  Digest.Digest.use((digest) => digest.digestHex(Digest.sha256, encoder.encode(text)))

import { assert, describe, it } from "@effect/vitest"
import { API_KEY_PREFIX, fingerprint, hashApiKey, newApiKey } from "@wagate/core"
import { Effect, Layer } from "effect"
import * as Digest from "effect/crypto/Digest"
import * as SecureRandom from "effect/crypto/SecureRandom"
import * as Base64Url from "effect/encoding/Base64Url"

describe("api key material and hashes go through Effect's crypto services", () => {
  it.effect("a new key is the prefix and 32 bytes of the SecureRandom in context, base64url", () =>
    Effect.gen(function*() {
      const key = yield* newApiKey
      assert.strictEqual(key, `${API_KEY_PREFIX}${Base64Url.encode(new Uint8Array(32).fill(7))}`)
    }).pipe(Effect.provide(Layer.succeed(SecureRandom.SecureRandom, SecureRandom.make((size) => new Uint8Array(size).fill(7))))))

  it.effect("on Web Crypto, keys are 43 base64url characters after the prefix, and differ", () =>
    Effect.gen(function*() {
      const a = yield* newApiKey
      const b = yield* newApiKey
      assert.match(a, /^wgk_[A-Za-z0-9_-]{43}$/)
      assert.notStrictEqual(a, b)
    }).pipe(Effect.provide(SecureRandom.layerWebCrypto)))

  it.effect("hashes are SHA-256 hex from the Digest in context", () =>
    Effect.gen(function*() {
      // The FIPS 180-2 test vector.
      assert.strictEqual(yield* hashApiKey("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
      assert.strictEqual((yield* fingerprint({ b: 1, a: [true] })).length, 64)
      assert.strictEqual(yield* fingerprint({ b: 1, a: [true] }), yield* fingerprint({ a: [true], b: 1 }), "key order does not matter")
    }).pipe(Effect.provide(Digest.layerWebCrypto)))

  it.effect("a Digest in context is the one used", () =>
    Effect.gen(function*() {
      assert.strictEqual(yield* hashApiKey("anything"), "SHA-256:8")
    }).pipe(Effect.provide(Layer.succeed(Digest.Digest, Digest.Digest.of({
      digest: (_, data) => Effect.succeed(data),
      digestHex: (algorithm, data) => Effect.succeed(`${algorithm.name}:${data.length}`)
    })))))
})

import { assert, describe, it } from "@effect/vitest"
import { signWebhook, verifyWebhookSignature } from "@wagate/core"
import { Effect, Redacted } from "effect"
import { TestClock } from "effect/testing"
import { createHmac } from "node:crypto"

const secret = "whsec_test-secret-of-enough-length"
const body = JSON.stringify({ id: "00000000000000010000000000000001", type: "session.status", data: { status: "connected" } })

describe("webhook signatures", () => {
  it.effect("sign gives t=<unix s>,v1=<hex HMAC-SHA256(secret, \"t.body\")>, the same as node:crypto computes it", () =>
    Effect.gen(function*() {
      const header = yield* signWebhook(Redacted.make(secret), body, 1_764_000_000)
      const expected = createHmac("sha256", secret).update(`1764000000.${body}`).digest("hex")
      assert.strictEqual(header, `t=1764000000,v1=${expected}`)
    }))

  it.effect("verify accepts the signed body within the tolerance and refuses a tampered one, an old one and a wrong secret", () =>
    Effect.gen(function*() {
      const t = 1_764_000_000
      const header = yield* signWebhook(secret, body, t)
      const at = (seconds: number) => ({ toleranceSeconds: 300, now: seconds * 1000 })
      assert.isTrue(yield* verifyWebhookSignature(secret, header, body, at(t)))
      assert.isTrue(yield* verifyWebhookSignature(Redacted.make(secret), header, new TextEncoder().encode(body), at(t + 299)))
      assert.isFalse(yield* verifyWebhookSignature(secret, header, body.replace("connected", "logged_out"), at(t)), "tampered body")
      assert.isFalse(yield* verifyWebhookSignature(secret, header, `${body} `, at(t)), "one byte more")
      assert.isFalse(yield* verifyWebhookSignature(secret, header, body, at(t + 301)), "too old")
      assert.isFalse(yield* verifyWebhookSignature(secret, header, body, at(t - 301)), "too far ahead")
      assert.isFalse(yield* verifyWebhookSignature(`${secret}x`, header, body, at(t)), "another secret")
      const replayed = header.replace(`t=${t}`, `t=${t + 100}`)
      assert.isFalse(yield* verifyWebhookSignature(secret, replayed, body, at(t + 100)), "a new timestamp on an old signature")
      for (const garbage of ["", "t=abc,v1=00", `v1=${header.split("v1=")[1]}`, `t=${t}`, `t=${t},v1=zz`, "nonsense"]) {
        assert.isFalse(yield* verifyWebhookSignature(secret, garbage, body, at(t)), garbage)
      }
      // While rotating, a header may carry several signatures: one valid one is enough.
      const other = yield* signWebhook("another-secret-of-some-length", body, t)
      assert.isTrue(yield* verifyWebhookSignature(secret, `${other},v1=${header.split("v1=")[1]}`, body, at(t)))
    }))

  it.effect("without `now`, the effect's clock judges the timestamp", () =>
    Effect.gen(function*() {
      yield* TestClock.setTime(1_764_000_000_000)
      const header = yield* signWebhook(secret, body, 1_764_000_000)
      assert.isTrue(yield* verifyWebhookSignature(secret, header, body, { toleranceSeconds: 60 }))
      yield* TestClock.adjust("61 seconds")
      assert.isFalse(yield* verifyWebhookSignature(secret, header, body, { toleranceSeconds: 60 }))
    }))
})

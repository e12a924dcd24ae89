import { assert, describe, it } from "@effect/vitest"
import { checkWebhookUrl, refusedRange, WebhookSettings } from "@wagate/core"
import { Effect, Layer } from "effect"
import { FakeResolver } from "../support/webhooks.ts"

describe("webhook URL rules", () => {
  it("classifies addresses: loopback, private, link-local, metadata, unspecified; public ones pass", () => {
    const table: ReadonlyArray<readonly [string, string | undefined]> = [
      ["127.0.0.1", "loopback"],
      ["127.255.0.9", "loopback"],
      ["10.1.2.3", "private"],
      ["172.16.0.1", "private"],
      ["172.31.255.255", "private"],
      ["172.32.0.1", undefined],
      ["192.168.1.1", "private"],
      ["100.64.0.1", "private"],
      ["169.254.10.20", "link-local"],
      ["169.254.169.254", "metadata"],
      ["0.0.0.0", "unspecified"],
      ["224.0.0.1", "multicast"],
      ["255.255.255.255", "reserved"],
      ["93.184.216.34", undefined],
      ["8.8.8.8", undefined],
      ["::1", "loopback"],
      ["[::1]", "loopback"],
      ["::", "unspecified"],
      ["fc00::1", "private"],
      ["fdff:ffff::1", "private"],
      ["fe80::1", "link-local"],
      ["fe80::1%eth0", "link-local"],
      ["febf::1", "link-local"],
      ["fd00:ec2::254", "metadata"],
      ["::ffff:127.0.0.1", "loopback"],
      ["::ffff:7f00:1", "loopback"],
      ["::ffff:10.0.0.1", "private"],
      ["::ffff:169.254.169.254", "metadata"],
      ["64:ff9b::192.168.0.1", "private"],
      ["ff02::1", "multicast"],
      ["2606:4700:4700::1111", undefined],
      ["2001:db8::1", undefined]
    ]
    for (const [address, range] of table) assert.strictEqual(refusedRange(address), range, address)
  })

  const refused = (url: string) => Effect.flip(checkWebhookUrl(url)).pipe(Effect.map((error) => error.details["url"] ?? ""))

  it.effect("refuses non-http(s) URLs and hosts in refused ranges, by address, by name or by resolution", () =>
    Effect.gen(function*() {
      for (const url of ["ftp://example.com/x", "file:///etc/passwd", "javascript:alert(1)", "not a url", "https://"]) {
        assert.match(yield* refused(url), /http or https URL/, url)
      }
      const cases: ReadonlyArray<readonly [string, RegExp]> = [
        ["http://127.0.0.1:8080/hook", /loopback address \(127\.0\.0\.1\)/],
        ["http://2130706433/hook", /loopback/], // the URL parser reads a bare number as 127.0.0.1
        ["http://0x7f.1/hook", /loopback/],
        ["http://[::1]/hook", /loopback/],
        ["http://[::ffff:127.0.0.1]/hook", /loopback/],
        ["http://localhost:3000/hook", /loopback address \(localhost\)/],
        ["http://api.localhost/hook", /loopback/],
        ["http://10.0.0.1/hook", /private/],
        ["http://192.168.0.10/hook", /private/],
        ["http://[fd00::1]/hook", /private/],
        ["http://169.254.1.1/hook", /link-local/],
        ["http://[fe80::1]/hook", /link-local/],
        ["http://169.254.169.254/latest/meta-data", /metadata/],
        ["http://[fd00:ec2::254]/", /metadata/],
        ["http://metadata.google.internal/computeMetadata/v1", /metadata/],
        ["http://0.0.0.0/hook", /unspecified/],
        ["http://[::]/hook", /unspecified/],
        ["https://intranet.example/hook", /private address \(intranet\.example is 10\.0\.0\.5\)/],
        ["https://mixed.example/hook", /loopback address \(mixed\.example is 127\.0\.0\.1\)/],
        ["https://ula.example/hook", /private/],
        ["https://metadata-alias.example/hook", /metadata/],
        ["https://nowhere.example/hook", /does not resolve/]
      ]
      for (const [url, message] of cases) {
        const why = yield* refused(url)
        assert.match(why, message, url)
        if (!/does not resolve/.test(why)) assert.include(why, "WAGATE_WEBHOOK_ALLOW_PRIVATE=true", url)
      }
      assert.strictEqual(yield* checkWebhookUrl("https://example.com/hooks?x=1"), "https://example.com/hooks?x=1")
      assert.strictEqual(yield* checkWebhookUrl("http://93.184.216.34:8080/h"), "http://93.184.216.34:8080/h")
    }).pipe(Effect.provide(FakeResolver)))

  it.effect("WAGATE_WEBHOOK_ALLOW_PRIVATE lets private and loopback hosts through, but never other schemes", () =>
    Effect.gen(function*() {
      for (const url of ["http://127.0.0.1:8080/hook", "http://localhost/hook", "https://intranet.example/", "http://[fd00::1]/"]) {
        assert.strictEqual(yield* checkWebhookUrl(url), new URL(url).href)
      }
      assert.strictEqual((yield* Effect.flip(checkWebhookUrl("ftp://127.0.0.1/"))).details["url"], "must be an http or https URL")
    }).pipe(
      Effect.provide(Layer.mergeAll(FakeResolver, Layer.succeed(WebhookSettings, { ...WebhookSettings.defaultValue(), allowPrivate: true })))
    ))
})

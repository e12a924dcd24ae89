import { assert, describe, it } from "@effect/vitest"
import { controlUrlOf } from "../../src/sandbox/SandboxServer.ts"

describe("the sandbox finds a simulator's control API beside its socket", () => {
  it("same host and port, path /control; wss means https", () => {
    assert.strictEqual(controlUrlOf("ws://127.0.0.1:4100/ws/chat"), "http://127.0.0.1:4100/control")
    assert.strictEqual(controlUrlOf("wss://sim.example.com/ws/chat?x=1#y"), "https://sim.example.com/control")
    assert.strictEqual(controlUrlOf("ws://[::1]:4100/ws/chat"), "http://[::1]:4100/control")
  })
})

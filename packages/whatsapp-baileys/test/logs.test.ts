import baileysDefaultLogger from "@whiskeysockets/baileys/lib/Utils/logger.js"
import { assert, describe, it } from "@effect/vitest"
import { muteLibsignal } from "../src/sessions/muteLibsignal.ts"

describe("what Baileys would log on its own", () => {
  it("its module-level logger (group nodes with members' numbers, at info) is silenced with libsignal's dumps", () => {
    muteLibsignal()
    assert.strictEqual(baileysDefaultLogger.level, "silent")
    assert.isFalse(baileysDefaultLogger.isLevelEnabled("info"))
    assert.isFalse(baileysDefaultLogger.isLevelEnabled("error"))
  })
})

import { assert, describe, it } from "@effect/vitest"
import { initAuthCreds } from "@whiskeysockets/baileys"
import { ownDeviceHoldsSenderKey } from "../src/auth/ownSenderKey.ts"

const group = "120363000000000001@g.us"

describe("the sender-key memory Baileys reads before a group send", () => {
  it("says the sending device, in both its forms, already holds the key; what was stored stays", () => {
    const creds = { ...initAuthCreds(), me: { id: "6281100000001:3@s.whatsapp.net", lid: "111111111111111:3@lid" } }
    const other = "120363000000000002@g.us"
    assert.deepStrictEqual(ownDeviceHoldsSenderKey(creds, [group, other], { [group]: { "222222222222222@lid": true } }), {
      [group]: { "222222222222222@lid": true, "6281100000001:3@s.whatsapp.net": true, "111111111111111:3@lid": true },
      [other]: { "6281100000001:3@s.whatsapp.net": true, "111111111111111:3@lid": true }
    })
  })

  it("before pairing (no `me`): as stored", () => {
    assert.deepStrictEqual(ownDeviceHoldsSenderKey(initAuthCreds(), [group], {}), {})
  })
})

import { assert, describe, it } from "@effect/vitest"
import { simulatedLidNumber } from "@wagate/core"
import { parseAddress } from "../src/accounts/addresses.ts"
import { NotOnWhatsApp, World } from "../src/accounts/World.ts"
import { verifyCurveSignature } from "../src/protocol/signatures.ts"

describe("the simulated world", () => {
  it("makes any well-formed number exist on demand, with real Signal keys on its phone", () => {
    const world = new World()
    const account = world.account("15550001111")
    assert.strictEqual(world.account("15550001111"), account, "one account per number")
    assert.strictEqual(account.jid, "15550001111@s.whatsapp.net")
    assert.strictEqual(account.lid, `${simulatedLidNumber("15550001111")}@lid`)
    const { identity, preKeys, signedPreKey } = account.phoneKeys
    const signedPublic = Buffer.concat([Uint8Array.of(5), signedPreKey.keyPair.public])
    assert.isTrue(verifyCurveSignature(identity.public, signedPublic, signedPreKey.signature), "the signed pre-key verifies")
    assert.isAbove(preKeys.size, 5)
    const phone = account.devices.get(0)!
    assert.deepStrictEqual(phone.keys.identityKey, identity.public)
    assert.strictEqual(phone.keys.preKeys.size, preKeys.size)
    assert.deepStrictEqual(account.companions, [])
    assert.strictEqual(world.find({ user: account.lidUser, server: "lid", device: undefined }), account)
  })

  it("follows the sandbox rules: 000 is not on WhatsApp, 999 refuses direct adds", () => {
    const world = new World()
    assert.throws(() => world.account("000555123456"), NotOnWhatsApp)
    const privateUser = world.account("999555123456")
    assert.isTrue(privateUser.refusesDirectAdds)
    assert.strictEqual(privateUser.privacy.get("groupadd"), "contacts")
    assert.isFalse(world.account("15550001111").refusesDirectAdds)
  })

  it("reads the ways a user is named", () => {
    assert.deepStrictEqual(parseAddress("+1 (555) 000-1111"), { user: "15550001111", server: "s.whatsapp.net", device: undefined })
    assert.deepStrictEqual(parseAddress("15550001111:3@s.whatsapp.net"), { user: "15550001111", server: "s.whatsapp.net", device: 3 })
    assert.deepStrictEqual(parseAddress("123456789012345@lid"), { user: "123456789012345", server: "lid", device: undefined })
    assert.isUndefined(parseAddress("123"))
    assert.isUndefined(parseAddress("someone@g.us"))
  })
})

import { assert, describe, it } from "@effect/vitest"
import { isPrivateNumber, isUnknownNumber, simulatedLidNumber, simulatedPhoneNumber } from "@wagate/core"

describe("simulated world numbering", () => {
  it("derives a stable 15-digit phone number per session id, never a special one", () => {
    assert.strictEqual(simulatedPhoneNumber("alice"), simulatedPhoneNumber("alice"))
    assert.notStrictEqual(simulatedPhoneNumber("alice"), simulatedPhoneNumber("bob"))
    for (let i = 0; i < 500; i++) {
      const phone = simulatedPhoneNumber(`s-${i}`)
      assert.match(phone, /^[1-8][0-9]{14}$/)
      assert.isFalse(isPrivateNumber(phone) || isUnknownNumber(phone))
    }
  })

  it("derives a LID per phone number that differs from the number", () => {
    const phone = simulatedPhoneNumber("alice")
    assert.match(simulatedLidNumber(phone), /^[1-8][0-9]{14}$/)
    assert.strictEqual(simulatedLidNumber(phone), simulatedLidNumber(phone))
    assert.notStrictEqual(simulatedLidNumber(phone), phone)
    assert.notStrictEqual(simulatedLidNumber(phone), simulatedLidNumber(simulatedPhoneNumber("bob")))
  })

  it("knows the special numbers by their prefix, as numbers or JIDs", () => {
    assert.isTrue(isPrivateNumber("999123456789"))
    assert.isTrue(isUnknownNumber("000123456789@s.whatsapp.net"))
    assert.isFalse(isPrivateNumber("123999"))
  })
})

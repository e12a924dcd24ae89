import { assert, describe, it } from "@effect/vitest"
import { GroupJidInput, isLidJid, isPhoneJid, PhoneJidInput, RecipientInput, UserJidInput } from "@wagate/core"
import { Schema } from "effect"

const decodeUser = Schema.decodeUnknownExit(UserJidInput)
const decodeGroup = Schema.decodeUnknownExit(GroupJidInput)
const decodeRecipient = Schema.decodeUnknownExit(RecipientInput)
const decodePhone = Schema.decodeUnknownExit(PhoneJidInput)

const ok = <A>(exit: { _tag: string; value?: A }) => (exit._tag === "Success" ? exit.value : undefined)

describe("JIDs", () => {
  it("accepts user JIDs of 7 to 15 digits", () => {
    assert.strictEqual(ok(decodeUser("6281234567890@s.whatsapp.net")), "6281234567890@s.whatsapp.net")
    assert.strictEqual(ok(decodeUser("1234567@s.whatsapp.net")), "1234567@s.whatsapp.net")
    assert.isUndefined(ok(decodeUser("123456@s.whatsapp.net")))
    assert.isUndefined(ok(decodeUser("1234567890123456@s.whatsapp.net")))
    assert.isUndefined(ok(decodeUser("62812abc@s.whatsapp.net")))
    assert.isUndefined(ok(decodeUser("6281234567@g.us")))
    assert.isUndefined(ok(decodeUser(42)))
  })

  it("normalises phone numbers with +, spaces and dashes to user JIDs", () => {
    assert.strictEqual(ok(decodeUser("+62 812-3456-7890")), "6281234567890@s.whatsapp.net")
    assert.strictEqual(ok(decodeUser("62 812 345 678")), "62812345678@s.whatsapp.net")
    assert.strictEqual(ok(decodeUser(" +1 (555) 010-9999 ")), "15550109999@s.whatsapp.net")
    assert.isUndefined(ok(decodeUser("+62 812")), "too few digits stays invalid")
    assert.isUndefined(ok(decodeUser("call me")))
  })

  it("accepts group JIDs with and without the creator part", () => {
    assert.strictEqual(ok(decodeGroup("120363041234567890@g.us")), "120363041234567890@g.us")
    assert.strictEqual(ok(decodeGroup("6281234567890-1640000000@g.us")), "6281234567890-1640000000@g.us")
    assert.strictEqual(ok(decodeGroup("123@g.us")), "123@g.us", "any digits, as the contract says")
    assert.strictEqual(ok(decodeGroup("1234-5678@g.us")), "1234-5678@g.us")
    assert.isUndefined(ok(decodeGroup("-5678@g.us")))
    assert.isUndefined(ok(decodeGroup("120363041234567890@s.whatsapp.net")))
    assert.isUndefined(ok(decodeGroup("abc@g.us")))
    assert.isUndefined(ok(decodeGroup("")))
  })

  it("recipients are groups or users, phone numbers included", () => {
    assert.strictEqual(ok(decodeRecipient("120363041234567890@g.us")), "120363041234567890@g.us")
    assert.strictEqual(ok(decodeRecipient("+44 7700 900123")), "447700900123@s.whatsapp.net")
    assert.isUndefined(ok(decodeRecipient("nobody")))
  })

  it("accepts LIDs of 1 to 20 digits wherever a user is expected; a phone-only input refuses them", () => {
    assert.strictEqual(ok(decodeUser("152228126245402@lid")), "152228126245402@lid")
    assert.strictEqual(ok(decodeUser(" 1@lid ")), "1@lid")
    assert.strictEqual(ok(decodeUser(`${"9".repeat(20)}@lid`)), `${"9".repeat(20)}@lid`)
    assert.isUndefined(ok(decodeUser(`${"9".repeat(21)}@lid`)))
    assert.isUndefined(ok(decodeUser("@lid")))
    assert.isUndefined(ok(decodeUser("12a@lid")))
    assert.isUndefined(ok(decodeUser("152228126245402:3@lid")), "a device JID is not a user")
    assert.strictEqual(ok(decodeRecipient("152228126245402@lid")), "152228126245402@lid")
    assert.isUndefined(ok(decodePhone("152228126245402@lid")))
    assert.strictEqual(ok(decodePhone("+62 812-3456-7890")), "6281234567890@s.whatsapp.net")
    assert.isTrue(isLidJid("1@lid") && !isLidJid("6281234567@s.whatsapp.net"))
    assert.isTrue(isPhoneJid("6281234567@s.whatsapp.net") && !isPhoneJid("1@lid"))
  })
})

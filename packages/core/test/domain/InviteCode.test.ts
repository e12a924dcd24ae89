import { assert, describe, it } from "@effect/vitest"
import { InviteCodeInput, inviteLink, makeInvite } from "@wagate/core"
import { Schema } from "effect"

const decode = Schema.decodeUnknownExit(InviteCodeInput)
const code = (input: string) => {
  const exit = decode(input)
  return exit._tag === "Success" ? exit.value : undefined
}

describe("invite codes", () => {
  it("reads a bare code and every shape of link to the same code", () => {
    const expected = "AbCdEfGhIjK1234567890z"
    for (const input of [
      expected,
      ` ${expected} `,
      `https://chat.whatsapp.com/${expected}`,
      `https://chat.whatsapp.com/${expected}/`,
      `https://chat.whatsapp.com/${expected}?utm_source=share`,
      `https://chat.whatsapp.com/${expected}/?x=1#frag`,
      `http://chat.whatsapp.com/${expected}`,
      `chat.whatsapp.com/${expected}`,
      `https://chat.whatsapp.com/invite/${expected}`
    ]) {
      assert.strictEqual(code(input), expected, input)
    }
  })

  it("refuses what is not a code", () => {
    for (const input of ["", "abc", "https://example.com/AbCdEfGhIjK", "https://chat.whatsapp.com/", "has space in it"]) {
      assert.isUndefined(code(input), input)
    }
  })

  it("links back to chat.whatsapp.com", () => {
    const parsed = code("AbCdEfGhIjK")
    assert.isDefined(parsed)
    if (parsed !== undefined) {
      assert.strictEqual(inviteLink(parsed), "https://chat.whatsapp.com/AbCdEfGhIjK")
      assert.deepStrictEqual(makeInvite(parsed), { code: "AbCdEfGhIjK", link: "https://chat.whatsapp.com/AbCdEfGhIjK" })
    }
  })
})

import { assert, describe, it } from "@effect/vitest"
import { decodeInput, SendPayload, SendRequest } from "@wagate/core"
import { Effect, Exit } from "effect"

const decode = decodeInput(SendRequest)
const to = "6281234567890@s.whatsapp.net"

/** The validation details of a failing decode, or undefined when it decodes. */
const details = (input: unknown) =>
  Effect.gen(function*() {
    const exit = yield* Effect.exit(decode(input))
    return Exit.isFailure(exit) ? Exit.findErrorOption(exit) : undefined
  }).pipe(Effect.map((error) => (error === undefined || error._tag === "None" ? undefined : error.value.details)))

describe("SendRequest", () => {
  it.effect("decodes each v1 type", () =>
    Effect.gen(function*() {
      const text = yield* decode({ type: "text", to: "+62 812 3456 7890", text: "hi", mentions: ["628111111111"] })
      assert.strictEqual(text.to, to)
      assert.deepStrictEqual(text.type === "text" ? text.mentions?.map(String) : undefined, ["628111111111@s.whatsapp.net"])
      const poll = yield* decode({ type: "poll", to: "120363041234567890@g.us", name: "Lunch?", options: ["Yes", "No"] })
      assert.strictEqual(poll.type, "poll")
      const location = yield* decode({ type: "location", to, latitude: -6.2, longitude: 106.8, name: "Monas" })
      assert.strictEqual(location.type, "location")
      const contact = yield* decode({ type: "contact", to, contacts: [{ name: "Ana", phone: "+62 812 0000 1111" }] })
      assert.strictEqual(contact.type, "contact")
    }))

  it.effect("a poll needs 2 to 12 distinct options", () =>
    Effect.gen(function*() {
      const poll = (options: Array<string>, extra: object = {}) => ({ type: "poll", to, name: "Q", options, ...extra })
      assert.property(yield* details(poll(["only"])), "options")
      assert.property(yield* details(poll(Array.from({ length: 13 }, (_, i) => `o${i}`))), "options")
      assert.property(yield* details(poll(["same", "same"])), "options")
      assert.isUndefined(yield* details(poll(Array.from({ length: 12 }, (_, i) => `o${i}`))))
      assert.property(yield* details(poll(["a", "b"], { selectableCount: 3 })), "selectableCount")
      assert.isUndefined(yield* details(poll(["a", "b"], { selectableCount: 2 })))
    }))

  it.effect("names the offending fields", () =>
    Effect.gen(function*() {
      const text = yield* details({ type: "text", to: "not-a-jid", text: "" })
      assert.hasAllKeys(text ?? {}, ["to", "text"])
      const location = yield* details({ type: "location", to, latitude: 91, longitude: -181 })
      assert.hasAllKeys(location ?? {}, ["latitude", "longitude"])
      const contacts = yield* details({ type: "contact", to, contacts: [] })
      assert.property(contacts, "contacts")
      const tooMany = yield* details({ type: "contact", to, contacts: Array.from({ length: 11 }, () => ({ name: "A", phone: "+6281234567" })) })
      assert.property(tooMany, "contacts")
      assert.deepStrictEqual(yield* details({ type: "carrier-pigeon", to }), { type: "must be one of text, poll, location, contact, reaction, edit, delete" })
      assert.isDefined(yield* details("text"))
    }))

  it.effect("text is 1 to 65,536 characters", () =>
    Effect.gen(function*() {
      assert.isUndefined(yield* details({ type: "text", to, text: "x".repeat(65_536) }))
      assert.property(yield* details({ type: "text", to, text: "x".repeat(65_537) }), "text")
    }))

  it.effect("the HTTP payload schema names only the fields of the type sent", () =>
    Effect.gen(function*() {
      const exit = yield* Effect.exit(decodeInput(SendPayload)({ type: "poll", to, name: "Q", options: ["only"] }))
      const error = Exit.isFailure(exit) ? Exit.findErrorOption(exit) : undefined
      assert.deepStrictEqual(error?._tag === "Some" ? Object.keys(error.value.details) : [], ["options"])
      const media = yield* decodeInput(SendPayload)({ type: "sticker", to, url: "x" })
      assert.strictEqual(media.type, "sticker")
    }))
})

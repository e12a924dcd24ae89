import { assert, describe, it } from "@effect/vitest"
import {
  addMembers,
  createApiKey,
  createCommunity,
  createGroup,
  createSession,
  joinGroup,
  linkCommunityGroup,
  notAField,
  sendMessage,
  updateGroup,
  ValidationError
} from "@wagate/core"
import { Effect } from "effect"
import { acme, calls, newSession, resetCalls, user, World } from "../support/world.ts"

/** The failure is a ValidationError naming exactly `fields` (dotted paths) as not fields of the operation. */
const refusesUnknown = <A, E, R>(attempt: Effect.Effect<A, E, R>, fields: ReadonlyArray<string>) =>
  Effect.gen(function*() {
    const error = yield* Effect.flip(attempt)
    if (!(error instanceof ValidationError)) return assert.fail(`expected a ValidationError, got ${String(error)}`)
    const details = error.details
    for (const field of fields) assert.strictEqual(details[field], notAField, `${field}: ${JSON.stringify(details)}`)
    assert.deepStrictEqual(
      Object.entries(details).filter(([, message]) => message === notAField).map(([field]) => field).sort(),
      [...fields].sort()
    )
  })

describe("input fields an operation does not define are refused, naming each by its dotted path", () => {
  it.effect("sessions, api keys, groups (nested settings too), members, joins and communities", () =>
    Effect.gen(function*() {
      yield* refusesUnknown(createSession(acme, { id: "s-unknown", colour: "red" }), ["colour"])
      yield* refusesUnknown(createApiKey(acme, { capabilities: ["read"], scopes: ["all"] }), ["scopes"])
      const session = yield* newSession()
      yield* resetCalls
      yield* refusesUnknown(
        createGroup(acme, session.id, { name: "G", participants: [user()], topic: "x", settings: { isLocked: true, pinned: true } }),
        ["topic", "settings.pinned"]
      )
      const { group } = yield* createGroup(acme, session.id, { name: "G", participants: [user()] })
      yield* refusesUnknown(updateGroup(acme, session.id, group.groupJid, { subject: "S", icon: "x" }), ["icon"])
      yield* refusesUnknown(addMembers(acme, session.id, group.groupJid, { participants: [user()], notify: true }), ["notify"])
      yield* refusesUnknown(joinGroup(acme, session.id, { invite: "AAAAAAAAAAAAAAAAAAAAAA", via: "link" }), ["via"])
      yield* refusesUnknown(createCommunity(acme, session.id, { name: "C", icon: "x" }), ["icon"])
      yield* refusesUnknown(
        linkCommunityGroup(acme, session.id, group.groupJid, { groupJid: group.groupJid, force: true }),
        ["force"]
      )
      assert.deepStrictEqual(
        (yield* calls).filter((call) => call !== "createGroup"),
        [],
        "nothing refused reached WhatsApp"
      )
    }).pipe(Effect.provide(World)))

  it.effect("every message type, and the contact cards inside a contact message", () =>
    Effect.gen(function*() {
      const session = yield* newSession()
      const to = user()
      yield* resetCalls
      yield* refusesUnknown(sendMessage(acme, session.id, { type: "text", to, text: "hi", bold: true }), ["bold"])
      yield* refusesUnknown(sendMessage(acme, session.id, { type: "poll", to, name: "P", options: ["a", "b"], anonymous: true }), ["anonymous"])
      yield* refusesUnknown(
        sendMessage(acme, session.id, { type: "location", to, latitude: 1, longitude: 2, altitude: 3 }),
        ["altitude"]
      )
      yield* refusesUnknown(
        sendMessage(acme, session.id, { type: "contact", to, contacts: [{ name: "A", phone: "+62 812 3456 7890", email: "a@b.c" }] }),
        ["contacts.0.email"]
      )
      assert.deepStrictEqual(yield* calls, [], "nothing refused reached WhatsApp")
    }).pipe(Effect.provide(World)))

  it.effect("path parameters merged into a body are never unknown; a body that is not an object is refused whole", () =>
    Effect.gen(function*() {
      const session = yield* newSession()
      const created = yield* createGroup(acme, session.id, { name: "G", participants: [user()] })
      assert.strictEqual(created.group.subject, "G")
      const error = yield* Effect.flip(createGroup(acme, session.id, ["not", "an", "object"]))
      assert.strictEqual(error._tag, "ValidationError")
      assert.deepStrictEqual(Object.keys(error._tag === "ValidationError" ? error.details : {}), ["body"])
    }).pipe(Effect.provide(World)))
})

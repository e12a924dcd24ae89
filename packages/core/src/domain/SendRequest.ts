import { Schema } from "effect"
import { Recipient, RecipientInput, UserJidInput } from "./Jid.ts"

const to = RecipientInput

export const TextMessage = Schema.Struct({
  type: Schema.Literal("text"),
  to,
  text: Schema.String.pipe(Schema.check(Schema.isBetweenLength(1, 65_536))),
  mentions: Schema.optionalKey(Schema.Array(UserJidInput).pipe(Schema.check(Schema.isMaxLength(1024))))
})

const PollOption = Schema.String.pipe(Schema.check(Schema.isBetweenLength(1, 100)))

export const PollMessage = Schema.Struct({
  type: Schema.Literal("poll"),
  to,
  name: Schema.String.pipe(Schema.check(Schema.isBetweenLength(1, 255))),
  options: Schema.Array(PollOption).pipe(
    Schema.check(
      Schema.isBetweenLength(2, 12, { message: "a poll needs 2 to 12 options" }),
      Schema.isUnique({ message: "poll options must be distinct" })
    )
  ),
  selectableCount: Schema.optionalKey(Schema.Int.pipe(Schema.check(Schema.isBetween({ minimum: 1, maximum: 12 }))))
}).pipe(
  Schema.check(
    Schema.makeFilter((poll) =>
      poll.selectableCount === undefined || poll.selectableCount <= poll.options.length
        ? undefined
        : { path: ["selectableCount"], issue: "selectableCount cannot exceed the number of options" }
    )
  )
)

export const LocationMessage = Schema.Struct({
  type: Schema.Literal("location"),
  to,
  latitude: Schema.Finite.pipe(Schema.check(Schema.isBetween({ minimum: -90, maximum: 90 }))),
  longitude: Schema.Finite.pipe(Schema.check(Schema.isBetween({ minimum: -180, maximum: 180 }))),
  name: Schema.optionalKey(Schema.String.pipe(Schema.check(Schema.isMaxLength(1000)))),
  address: Schema.optionalKey(Schema.String.pipe(Schema.check(Schema.isMaxLength(1000))))
})

export const ContactCard = Schema.Struct({
  name: Schema.String.pipe(Schema.check(Schema.isBetweenLength(1, 255))),
  phone: Schema.String.pipe(
    Schema.check(Schema.isPattern(/^\+?[0-9][0-9 ().-]{4,30}$/, { message: "must be a phone number such as +62 812 3456 7890" }))
  )
})
export type ContactCard = typeof ContactCard.Type

export const ContactMessage = Schema.Struct({
  type: Schema.Literal("contact"),
  to,
  contacts: Schema.Array(ContactCard).pipe(Schema.check(Schema.isBetweenLength(1, 10, { message: "1 to 10 contacts" })))
})

/** The message types wagate sends in v1. */
export const SendRequest = Schema.Union([TextMessage, PollMessage, LocationMessage, ContactMessage])
export type SendRequest = typeof SendRequest.Type
export type SendRequestEncoded = typeof SendRequest.Encoded

/** Message types the contract names but v1 does not build: they answer not implemented before any WhatsApp call. */
export const MEDIA_TYPES = ["image", "video", "audio", "document", "sticker"] as const
export type MediaType = (typeof MEDIA_TYPES)[number]

export const MessageType = Schema.Literals(["text", "poll", "location", "contact", ...MEDIA_TYPES])
export type MessageType = typeof MessageType.Type

export const isMediaType = (type: unknown): type is MediaType =>
  typeof type === "string" && (MEDIA_TYPES as ReadonlyArray<string>).includes(type)

/** What the WhatsApp port sends: a validated request without the transport details. */
export type OutboundMessage = SendRequest & { readonly to: Recipient }

/**
 * A media message as callers send it (one struct per type, so a union picks its member by `type`); v1 answers not
 * implemented whatever else it holds, so its other fields are open rather than unknown.
 */
const mediaMessage = <T extends MediaType>(type: T) =>
  Schema.StructWithRest(Schema.Struct({ type: Schema.Literal(type), to: Schema.String }), [
    Schema.Record(Schema.String, Schema.Unknown)
  ])

/** Everything `POST /messages` accepts: the v1 types, and the media types it names but does not build. */
export const SendPayload = Schema.Union([
  TextMessage,
  PollMessage,
  LocationMessage,
  ContactMessage,
  mediaMessage("image"),
  mediaMessage("video"),
  mediaMessage("audio"),
  mediaMessage("document"),
  mediaMessage("sticker")
])

import { Schema } from "effect"
import { WaMessageId } from "./Ids.ts"
import { RecipientInput, UserJidInput } from "./Jid.ts"

const to = RecipientInput

/** A message of the same chat to quote: the reply shows it above the new message. */
const replyTo = Schema.optionalKey(
  WaMessageId.annotate({ description: "The WhatsApp id of a stored message of the same chat to quote (a reply)." })
)

// The message types are named (`identifier`) here, where they are built: they are the members of the send body,
// which the API names, and the reference tells them apart by those names.

export const TextMessage = Schema.Struct({
  type: Schema.Literal("text").annotate({ description: "The kind of message." }),
  to,
  text: Schema.String.annotate({ description: "The text, 1 to 65,536 characters; WhatsApp's formatting (`*bold*`, `_italic_`) applies." }).pipe(
    Schema.check(Schema.isBetweenLength(1, 65_536))
  ),
  mentions: Schema.optionalKey(
    Schema.Array(Schema.Union([Schema.Literal("all"), UserJidInput])).annotate({
      description:
        "Users to mention (notify), up to 1024; the text usually names them as `@<digits>`. `\"all\"` in a group mentions every member the store knows, expanded when the message is sent (no WhatsApp call)."
    }).pipe(Schema.check(Schema.isMaxLength(1024)))
  ),
  replyTo
}).annotate({ identifier: "TextMessage", description: "A text message." })

const PollOption = Schema.String.annotate({ description: "One answer, 1 to 100 characters." }).pipe(Schema.check(Schema.isBetweenLength(1, 100)))

export const PollMessage = Schema.Struct({
  type: Schema.Literal("poll").annotate({ description: "The kind of message." }),
  to,
  name: Schema.String.annotate({ description: "The poll's question, 1 to 255 characters." }).pipe(Schema.check(Schema.isBetweenLength(1, 255))),
  options: Schema.Array(PollOption).annotate({ description: "The answers: 2 to 12, all different." }).pipe(
    Schema.check(
      Schema.isBetweenLength(2, 12, { message: "a poll needs 2 to 12 options" }),
      Schema.isUnique({ message: "poll options must be distinct" })
    )
  ),
  selectableCount: Schema.optionalKey(
    Schema.Int.annotate({ description: "How many answers a voter may pick, 1 up to the number of options; 1 when omitted." }).pipe(
      Schema.check(Schema.isBetween({ minimum: 1, maximum: 12 }))
    )
  ),
  replyTo
}).annotate({ identifier: "PollMessage", description: "A poll: a question with 2 to 12 answers." }).pipe(
  Schema.check(
    Schema.makeFilter((poll) =>
      poll.selectableCount === undefined || poll.selectableCount <= poll.options.length
        ? undefined
        : { path: ["selectableCount"], issue: "selectableCount cannot exceed the number of options" }
    )
  ),
  // Named on the struct (its encoded form, a request body, has no checks) and after the check (an identifier is
  // read from a schema's last check).
  Schema.annotate({ identifier: "PollMessage" })
)

export const LocationMessage = Schema.Struct({
  type: Schema.Literal("location").annotate({ description: "The kind of message." }),
  to,
  latitude: Schema.Finite.annotate({ description: "Degrees north (negative: south), -90 to 90." }).pipe(
    Schema.check(Schema.isBetween({ minimum: -90, maximum: 90 }))
  ),
  longitude: Schema.Finite.annotate({ description: "Degrees east (negative: west), -180 to 180." }).pipe(
    Schema.check(Schema.isBetween({ minimum: -180, maximum: 180 }))
  ),
  name: Schema.optionalKey(Schema.String.annotate({ description: "The place's name, up to 1000 characters." }).pipe(Schema.check(Schema.isMaxLength(1000)))),
  address: Schema.optionalKey(Schema.String.annotate({ description: "Its address, up to 1000 characters." }).pipe(Schema.check(Schema.isMaxLength(1000)))),
  replyTo
}).annotate({ identifier: "LocationMessage", description: "A location pin." })

export const ContactCard = Schema.Struct({
  name: Schema.String.annotate({ description: "The contact's name, 1 to 255 characters." }).pipe(Schema.check(Schema.isBetweenLength(1, 255))),
  phone: Schema.String.annotate({ description: "The contact's phone number, in international form.", examples: ["+62 812 3456 7890"] }).pipe(
    Schema.check(Schema.isPattern(/^\+?[0-9][0-9 ().-]{4,30}$/u, { message: "must be a phone number such as +62 812 3456 7890" }))
  )
}).annotate({ identifier: "ContactCard", description: "A contact to share; sent as a vCard." })
export type ContactCard = typeof ContactCard.Type

export const ContactMessage = Schema.Struct({
  type: Schema.Literal("contact").annotate({ description: "The kind of message." }),
  to,
  contacts: Schema.Array(ContactCard).annotate({ description: "1 to 10 contacts." }).pipe(
    Schema.check(Schema.isBetweenLength(1, 10, { message: "1 to 10 contacts" }))
  ),
  replyTo
}).annotate({ identifier: "ContactMessage", description: "One or more contact cards." })

const target = WaMessageId.annotate({ description: "The WhatsApp id of the stored message of this chat acted on." })

export const ReactionMessage = Schema.Struct({
  type: Schema.Literal("reaction").annotate({ description: "The kind of message." }),
  to,
  targetWaMessageId: target,
  emoji: Schema.String.annotate({ description: "The emoji (one grapheme, up to 32 characters); `\"\"` removes the session's reaction." }).pipe(
    Schema.check(Schema.isMaxLength(32))
  )
}).annotate({ identifier: "ReactionMessage", description: "A reaction to a message of the chat (one per user: a new one replaces it)." })

/** How long after sending a message WhatsApp lets its sender edit it. */
export const EDIT_WINDOW_MINUTES = 15

export const EditMessage = Schema.Struct({
  type: Schema.Literal("edit").annotate({ description: "The kind of message." }),
  to,
  targetWaMessageId: target,
  text: Schema.String.annotate({ description: "The new text, 1 to 65,536 characters." }).pipe(Schema.check(Schema.isBetweenLength(1, 65_536)))
}).annotate({
  identifier: "EditMessage",
  description: `An edit of a text the session's account sent, within WhatsApp's ${EDIT_WINDOW_MINUTES}-minute window.`
})

export const DeleteMessage = Schema.Struct({
  type: Schema.Literal("delete").annotate({ description: "The kind of message." }),
  to,
  targetWaMessageId: target
}).annotate({
  identifier: "DeleteMessage",
  description: "A deletion for everyone: of a message the session's account sent, or of someone else's in a group the account administers."
})

/** The message types wagate sends in v1. */
export const SendRequest = Schema.Union([TextMessage, PollMessage, LocationMessage, ContactMessage, ReactionMessage, EditMessage, DeleteMessage])
export type SendRequest = typeof SendRequest.Type
export type SendRequestEncoded = typeof SendRequest.Encoded

/** Message types the contract names but v1 does not build: they answer not implemented before any WhatsApp call. */
export const MEDIA_TYPES = ["image", "video", "audio", "document", "sticker"] as const
export type MediaType = (typeof MEDIA_TYPES)[number]

export const MessageType = Schema.Literals(["text", "poll", "location", "contact", "reaction", "edit", "delete", ...MEDIA_TYPES]).annotate({
  description:
    "The kind of message: `text`, `poll`, `location`, `contact`, or an act on an earlier message: `reaction`, `edit`, `delete` (the media types are named but not built in v1)."
})
export type MessageType = typeof MessageType.Type

export const isMediaType = (type: unknown): type is MediaType =>
  typeof type === "string" && (MEDIA_TYPES as ReadonlyArray<string>).includes(type)

/**
 * A media message as callers send it (one struct per type, so a union picks its member by `type`); v1 answers not
 * implemented whatever else it holds, so its other fields are open rather than unknown.
 */
const mediaMessage = <T extends MediaType>(type: T) =>
  Schema.StructWithRest(
    Schema.Struct({
      type: Schema.Literal(type).annotate({ description: "The kind of message." }),
      to: Schema.String.annotate({ description: "The recipient." })
    }),
    [Schema.Record(Schema.String, Schema.Unknown)]
  ).annotate({
    identifier: `${type[0]?.toUpperCase()}${type.slice(1)}Message`,
    description: `A${type === "image" || type === "audio" ? "n" : ""} ${type} message: not built in v1, so it is answered 501 \`not_implemented\` before any WhatsApp call, whatever else it holds.`
  })

/** Everything `POST /messages` accepts: the v1 types, and the media types it names but does not build. */
export const SendPayload = Schema.Union([
  TextMessage,
  PollMessage,
  LocationMessage,
  ContactMessage,
  ReactionMessage,
  EditMessage,
  DeleteMessage,
  mediaMessage("image"),
  mediaMessage("video"),
  mediaMessage("audio"),
  mediaMessage("document"),
  mediaMessage("sticker")
]).annotate({
  description: "One message to send; `type` says which kind, and which other fields apply."
})

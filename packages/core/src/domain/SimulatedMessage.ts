import { Schema } from "effect"
import { WaMessageId } from "./Ids.ts"
import { UserJidInput } from "./Jid.ts"
import { ContactMessage, LocationMessage, PollMessage, TextMessage } from "./SendRequest.ts"

/*
 * What a virtual user of a simulated world sends a session (`POST /_simulator/sessions/{session}:receive`): a send
 * body without `to`, or an act on an earlier message (a reaction, an edit or a deletion of their own).
 */

const { mentions: _mentions, replyTo: _replyTo, to: _textTo, ...textFields } = TextMessage.fields
const { replyTo: _pollReply, to: _pollTo, ...pollFields } = PollMessage.fields
const { replyTo: _locationReply, to: _locationTo, ...locationFields } = LocationMessage.fields
const { replyTo: _contactReply, to: _contactTo, ...contactFields } = ContactMessage.fields

const target = WaMessageId.annotate({ description: "The WhatsApp id of the message acted on, in the same chat." })

export const SimulatedMessage = Schema.Union([
  Schema.Struct({
    ...textFields,
    mentions: Schema.optionalKey(Schema.Array(UserJidInput).annotate({ description: "Users the text mentions." })),
    replyTo: Schema.optionalKey(WaMessageId.annotate({ description: "The WhatsApp id of a message in the chat to quote." }))
  }).annotate({ identifier: "SimulatedText" }),
  Schema.Struct(pollFields).annotate({ identifier: "SimulatedPoll" }),
  Schema.Struct(locationFields).annotate({ identifier: "SimulatedLocation" }),
  Schema.Struct(contactFields).annotate({ identifier: "SimulatedContact" }),
  Schema.Struct({
    type: Schema.Literal("reaction"),
    targetWaMessageId: target,
    emoji: Schema.String.annotate({ description: "The emoji; `\"\"` removes the user's reaction." })
  }).annotate({ identifier: "SimulatedReaction" }),
  Schema.Struct({
    type: Schema.Literal("edit"),
    targetWaMessageId: target,
    text: Schema.String.pipe(Schema.check(Schema.isBetweenLength(1, 65_536)))
  }).annotate({ identifier: "SimulatedEdit", description: "The user edits a text they sent." }),
  Schema.Struct({ type: Schema.Literal("delete"), targetWaMessageId: target }).annotate({
    identifier: "SimulatedDelete",
    description: "The user deletes a message they sent, for everyone."
  }),
  Schema.Struct({
    type: Schema.Literal("vote"),
    pollWaMessageId: WaMessageId.annotate({ description: "The WhatsApp id of a poll the session sent in this chat." }),
    selected: Schema.Array(Schema.String).annotate({ description: "The options the user chooses; none takes the vote back." })
  }).annotate({ identifier: "SimulatedVote", description: "The user votes on the session's poll." })
]).annotate({ description: "What the virtual user sends: a message, or an act on an earlier one." })
export type SimulatedMessage = typeof SimulatedMessage.Type

import { parseAddress } from "../accounts/addresses.ts"
import { WaSimError } from "../errors.ts"
import type { OutgoingContent } from "./compose.ts"

const MAX_TEXT = 65_536

const invalid = (field: string, problem: string): WaSimError =>
  new WaSimError("validation_error", `invalid ${field}`, { [field]: problem })

const isRecord = (value: unknown): value is Readonly<Record<string, unknown>> =>
  typeof value === "object" && value !== null && !Array.isArray(value)

const onlyFields = (value: Readonly<Record<string, unknown>>, field: string, allowed: ReadonlyArray<string>): void => {
  for (const key of Object.keys(value)) {
    if (!allowed.includes(key)) throw invalid(`${field}.${key}`, "is not a field of this content")
  }
}

const text = (value: unknown, field: string, options: { readonly optional?: boolean } = {}): string | undefined => {
  if (value === undefined && options.optional === true) return undefined
  if (typeof value !== "string" || value.length === 0) throw invalid(field, "must be a non-empty string")
  if (value.length > MAX_TEXT) throw invalid(field, `must be at most ${MAX_TEXT} characters`)
  return value
}

const number = (value: unknown, field: string, min: number, max: number): number => {
  if (typeof value !== "number" || !Number.isFinite(value) || value < min || value > max) {
    throw invalid(field, `must be a number from ${min} to ${max}`)
  }
  return value
}

/** A user named by phone number, JID or LID, as the user JID a message carries. */
export const userJid = (value: unknown, field: string): string => {
  const address = typeof value === "string" ? parseAddress(value) : undefined
  if (address === undefined || address.device !== undefined) throw invalid(field, "must be a phone number, a user JID or a LID")
  return `${address.user}@${address.server}`
}

const KINDS = ["text", "poll", "location", "contact", "reaction", "edit", "delete", "vote"]
/** The kinds that may reply to an earlier message (`replyTo`). */
const REPLYING = ["text", "poll", "location", "contact"]

/**
 * Reads the `content` of a control `send`: exactly one of text, poll, location, contact (each with an optional
 * `replyTo`: the id of the message it quotes), reaction, edit, delete, vote.
 */
export const parseOutgoing = (value: unknown): OutgoingContent => {
  if (!isRecord(value)) throw invalid("content", `must be an object with one of ${KINDS.join(", ")}`)
  const kinds = KINDS.filter((kind) => value[kind] !== undefined)
  if (kinds.length !== 1) throw invalid("content", `must hold exactly one of ${KINDS.join(", ")}`)
  const kind = kinds[0]!
  const replyTo = REPLYING.includes(kind) ? text(value["replyTo"], "content.replyTo", { optional: true }) : undefined
  const reply = replyTo === undefined ? {} : { replyTo }
  if (kind === "text") {
    onlyFields(value, "content", ["text", "mentions", "replyTo"])
    const mentions = value["mentions"]
    if (mentions !== undefined && !Array.isArray(mentions)) throw invalid("content.mentions", "must be a list of users")
    return {
      text: text(value["text"], "content.text")!,
      mentions: (mentions ?? []).map((mention: unknown, i: number) => userJid(mention, `content.mentions[${i}]`)),
      ...reply
    }
  }
  onlyFields(value, "content", REPLYING.includes(kind) ? [kind, "replyTo"] : [kind])
  const inner = value[kind]
  if (!isRecord(inner)) throw invalid(`content.${kind}`, "must be an object")
  return { ...parseKind(kind, inner), ...reply }
}

const parseKind = (kind: string, inner: Readonly<Record<string, unknown>>): OutgoingContent => {
  switch (kind) {
    case "poll": {
      onlyFields(inner, "content.poll", ["name", "options", "selectableCount"])
      const options = inner["options"]
      if (!Array.isArray(options) || options.length < 2 || options.length > 12) {
        throw invalid("content.poll.options", "must be a list of 2 to 12 options")
      }
      const names = options.map((option: unknown, i: number) => text(option, `content.poll.options[${i}]`)!)
      if (new Set(names).size !== names.length) throw invalid("content.poll.options", "must be distinct")
      const selectable = inner["selectableCount"]
      return {
        poll: {
          name: text(inner["name"], "content.poll.name")!,
          options: names,
          selectableCount: selectable === undefined ? 0 : number(selectable, "content.poll.selectableCount", 0, names.length)
        }
      }
    }
    case "location":
      onlyFields(inner, "content.location", ["latitude", "longitude", "name", "address"])
      return {
        location: {
          latitude: number(inner["latitude"], "content.location.latitude", -90, 90),
          longitude: number(inner["longitude"], "content.location.longitude", -180, 180),
          name: text(inner["name"], "content.location.name", { optional: true }),
          address: text(inner["address"], "content.location.address", { optional: true })
        }
      }
    case "contact":
      onlyFields(inner, "content.contact", ["displayName", "vcard"])
      return {
        contact: { displayName: text(inner["displayName"], "content.contact.displayName")!, vcard: text(inner["vcard"], "content.contact.vcard")! }
      }
    case "edit":
      onlyFields(inner, "content.edit", ["messageId", "text"])
      return { edit: { messageId: text(inner["messageId"], "content.edit.messageId")!, text: text(inner["text"], "content.edit.text")! } }
    case "delete":
      onlyFields(inner, "content.delete", ["messageId"])
      return { delete: { messageId: text(inner["messageId"], "content.delete.messageId")! } }
    case "vote": {
      onlyFields(inner, "content.vote", ["pollMessageId", "selected"])
      const selected = inner["selected"]
      if (!Array.isArray(selected)) throw invalid("content.vote.selected", "must be a list of option names")
      const names = selected.map((option: unknown, i: number) => text(option, `content.vote.selected[${i}]`)!)
      if (new Set(names).size !== names.length) throw invalid("content.vote.selected", "must be distinct")
      return { vote: { pollMessageId: text(inner["pollMessageId"], "content.vote.pollMessageId")!, selected: names } }
    }
    default:
      onlyFields(inner, "content.reaction", ["messageId", "text"])
      return {
        reaction: {
          messageId: text(inner["messageId"], "content.reaction.messageId")!,
          // An empty text takes a reaction back.
          text: typeof inner["text"] === "string" ? inner["text"] : text(inner["text"], "content.reaction.text")!
        }
      }
  }
}

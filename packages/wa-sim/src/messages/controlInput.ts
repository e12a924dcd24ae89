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

/** Reads the `content` of a control `send`: exactly one of text, poll, location, contact, reaction. */
export const parseOutgoing = (value: unknown): OutgoingContent => {
  if (!isRecord(value)) throw invalid("content", "must be an object with text, poll, location, contact or reaction")
  const kinds = ["text", "poll", "location", "contact", "reaction"].filter((kind) => value[kind] !== undefined)
  if (kinds.length !== 1) throw invalid("content", "must hold exactly one of text, poll, location, contact, reaction")
  const kind = kinds[0]
  if (kind === "text") {
    onlyFields(value, "content", ["text", "mentions"])
    const mentions = value["mentions"]
    if (mentions !== undefined && !Array.isArray(mentions)) throw invalid("content.mentions", "must be a list of users")
    return {
      text: text(value["text"], "content.text")!,
      mentions: (mentions ?? []).map((mention: unknown, i: number) => userJid(mention, `content.mentions[${i}]`))
    }
  }
  onlyFields(value, "content", [kind!])
  const inner = value[kind!]
  if (!isRecord(inner)) throw invalid(`content.${kind}`, "must be an object")
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

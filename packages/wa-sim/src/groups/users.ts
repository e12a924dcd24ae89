import type { Account } from "../accounts/Account.ts"
import { parseAddress } from "../accounts/addresses.ts"
import { NotOnWhatsApp, type World } from "../accounts/World.ts"
import type { BinaryNode } from "../protocol/baileys.ts"
import { children, node } from "../protocol/nodes.ts"
import type { Group } from "./Group.ts"
import { badRequest } from "./Refusal.ts"

/** A user a group IQ names: the account, or a number that is not on WhatsApp. */
export interface NamedUser {
  /** The JID as the client wrote it: per-participant answers echo it. */
  readonly jid: string
  readonly account: Account | undefined
}

/**
 * Reads a user JID from a group IQ: `<phone>@s.whatsapp.net` (any number exists on demand, except `000…`) or
 * `<lid>@lid` (only LIDs of accounts the world knows). A device suffix (`:1`) is ignored, as clients pass
 * their own device JID. Anything else is a 400.
 */
export const namedUser = (world: World, jid: string | undefined): NamedUser => {
  const address = jid === undefined || !jid.includes("@") ? undefined : parseAddress(jid)
  if (address === undefined || jid === undefined) throw badRequest(`${jid ?? "nothing"} is not a user JID`)
  if (address.server === "lid") return { jid, account: world.find(address) }
  try {
    return { jid, account: world.account(address.user) }
  } catch (error) {
    if (error instanceof NotOnWhatsApp) return { jid, account: undefined }
    throw error
  }
}

/** The `<participant jid/>` children of a node, read as users; 400 when there are none. */
export const namedParticipants = (world: World, parent: BinaryNode | undefined): ReadonlyArray<NamedUser> => {
  const users = children(parent).filter((c) => c.tag === "participant").map((c) => namedUser(world, c.attrs["jid"]))
  if (users.length === 0) throw badRequest("no participant")
  return users
}

/**
 * A per-participant answer: the JID as asked, its other address when known (`phone_number` for a LID, `lid` for
 * a phone JID: Baileys `groupParticipantsUpdate` returns `jid`, whatsmeow `parseParticipant` reads both), and
 * `error` unless it is a success.
 */
export const answerParticipant = (
  user: NamedUser,
  error?: number,
  content?: ReadonlyArray<BinaryNode>
): BinaryNode => {
  const twin = user.account === undefined
    ? {}
    : user.jid.endsWith("@lid")
    ? { phone_number: user.account.jid }
    : { lid: user.account.lid }
  return node("participant", { jid: user.jid, ...twin, error: error === undefined ? undefined : String(error) },
    content === undefined ? undefined : [...content])
}

/** The privacy setting `groupadd` lets anyone add the account directly (`all`, or all but a blacklist). */
export const acceptsDirectAdds = (account: Account): boolean => {
  const setting = account.privacy.get("groupadd") ?? "all"
  return setting === "all" || setting === "contact_blacklist"
}

/** Every account in a group, for notifications. */
export const membersOf = (group: Group): ReadonlyArray<Account> => [...group.members.keys()]

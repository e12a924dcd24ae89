import { isLidJid, isPhoneJid, type ParticipantRef } from "@wagate/core"
import { type BinaryNode, jidNormalizedUser } from "@whiskeysockets/baileys"

/** How a group names its members: by LID (`addressing_mode="lid"`, today's default) or by phone JID (`"pn"`). */
export type Addressing = "lid" | "pn"

const normalized = (jid: string | undefined): string | undefined => (jid === undefined ? undefined : jidNormalizedUser(jid))

/**
 * The participant of a per-participant answer (`<participant jid=… phone_number=…|lid=…/>`: the JID as asked and,
 * for an account WhatsApp knows, its other form) as the group addresses it, with both twins where given. With
 * the addressing unknown, the participant keeps the address it was asked by.
 */
export const answeredMember = (node: BinaryNode | undefined, addressing: Addressing | undefined): ParticipantRef | undefined => {
  const jid = normalized(node?.attrs["jid"])
  if (jid === undefined || !(isPhoneJid(jid) || isLidJid(jid))) return undefined
  const pn = normalized(node?.attrs["phone_number"])
  const lidAttr = normalized(node?.attrs["lid"])
  const phoneJid = isPhoneJid(jid) ? jid : pn !== undefined && isPhoneJid(pn) ? pn : null
  const lid = isLidJid(jid) ? jid : lidAttr !== undefined && isLidJid(lidAttr) ? lidAttr : null
  const address = addressing === "lid" ? lid ?? jid : addressing === "pn" ? phoneJid ?? jid : jid
  return { jid: address, phoneJid, lid }
}

/** Whether an answer needs the group's addressing to be named: it gave both forms, so either could be the address. */
export const needsAddressing = (node: BinaryNode | undefined): boolean =>
  node?.attrs["phone_number"] !== undefined || node?.attrs["lid"] !== undefined

import type { Account } from "../accounts/Account.ts"
import type { World } from "../accounts/World.ts"
import type { BinaryNode } from "../protocol/baileys.ts"
import type { Group } from "./Group.ts"
import type { Groups } from "./Groups.ts"
import type { Notifier } from "./Notifier.ts"
import { badRequest, forbidden, notAuthorized, notFound } from "./Refusal.ts"

/** Someone acting on the group model: who, when, the world it changes, and how the others are told. */
export interface GroupAct {
  readonly actor: Account
  readonly world: World
  readonly groups: Groups
  readonly now: number
  readonly notify: Notifier
}

/** One `w:g2` IQ being answered: a device's act, and the IQ it came in. */
export interface GroupCall extends GroupAct {
  readonly iq: BinaryNode
}

/** The group a JID names; 400 when it is no group JID, 404 when there is no such group. */
export const existingGroup = (call: GroupCall, jid: string | undefined): Group => {
  if (jid === undefined || !jid.endsWith("@g.us")) throw badRequest(`${jid ?? "nothing"} is not a group JID`)
  const group = call.groups.find(jid)
  if (group === undefined) throw notFound(`no group ${jid}`)
  return group
}

/** The group the IQ is addressed to, for a member (403 otherwise: whatsmeow `ErrNotInGroup`). */
export const memberGroup = (call: GroupCall): Group => {
  const group = existingGroup(call, call.iq.attrs["to"])
  if (!group.isMember(call.actor)) throw forbidden(`${call.actor.jid} is not in ${group.jid}`)
  return group
}

/** The group the IQ is addressed to, for an admin (401 for a member who is not one). */
export const adminGroup = (call: GroupCall): Group => {
  const group = memberGroup(call)
  if (!group.isAdmin(call.actor)) throw notAuthorized(`${call.actor.jid} is not an admin of ${group.jid}`)
  return group
}

/** The group, for whoever may edit its info: admins when it is locked, every member otherwise. */
export const editableGroup = (call: GroupCall): Group => {
  const group = memberGroup(call)
  if (group.locked && !group.isAdmin(call.actor)) throw notAuthorized(`only admins edit the info of ${group.jid}`)
  return group
}

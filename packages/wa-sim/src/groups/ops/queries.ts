import type { BinaryNode } from "../../protocol/baileys.ts"
import { child, node } from "../../protocol/nodes.ts"
import { iqResult } from "../../protocol/stanzas.ts"
import { type GroupCall, memberGroup } from "../GroupCall.ts"
import { groupNode } from "../nodes.ts"
import { addRequestInfo } from "./addRequests.ts"

/**
 * `<query request="interactive"/>` get to the group (Baileys `groupMetadata`, whatsmeow `GetGroupInfo`): the
 * whole `<group>` for a member; 403 for anyone else (whatsmeow `ErrNotInGroup`), 404 when there is no such group
 * (`ErrGroupNotFound`). With `<add_request>` inside, an invited user's preview (whatsmeow `GetGroupInfoFromInvite`).
 */
export const metadata = (call: GroupCall): ReadonlyArray<BinaryNode> => {
  const query = child(call.iq, "query")!
  if (child(query, "add_request") !== undefined) return addRequestInfo(call, query)
  return [iqResult(call.iq, [groupNode(memberGroup(call))])]
}

/**
 * `<participating><participants/><description/></participating>` get to `@g.us` (Baileys
 * `groupFetchAllParticipating`, whatsmeow `GetJoinedGroups`, which requires `<groups>`): every group the
 * account is in, communities and their announcement groups included, as `<groups><group/>…</groups>`.
 */
export const participating = (call: GroupCall): ReadonlyArray<BinaryNode> =>
  [iqResult(call.iq, [node("groups", {}, call.groups.of(call.actor).map((group) => groupNode(group)))])]

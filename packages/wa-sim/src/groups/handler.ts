import type { IqHandler } from "../iq/IqHandler.ts"
import type { BinaryNode } from "../protocol/baileys.ts"
import { children } from "../protocol/nodes.ts"
import { iqError } from "../protocol/stanzas.ts"
import type { DeviceContext } from "../stanzas/DeviceContext.ts"
import type { GroupCall } from "./GroupCall.ts"
import { Notifier } from "./Notifier.ts"
import { acceptAddRequest, revokeAddRequests } from "./ops/addRequests.ts"
import { link, linkedGroupsParticipants, subGroups, unlink } from "./ops/communities.ts"
import { create } from "./ops/create.ts"
import { setDescription, setEphemeral, setSubject } from "./ops/info.ts"
import { acceptInvite, inviteCode, inviteInfo, revokeInvite } from "./ops/invites.ts"
import { leave } from "./ops/leave.ts"
import { updateParticipants } from "./ops/participants.ts"
import { metadata, participating } from "./ops/queries.ts"
import { actOnRequests, listRequests } from "./ops/requests.ts"
import { setFlag, setJoinApproval, setMemberAddMode } from "./ops/settings.ts"
import { Refusal } from "./Refusal.ts"

type Operation = (call: GroupCall) => ReadonlyArray<BinaryNode>

/** IQs to `@g.us` (the group server), by type and the tag of their child. */
const toServer: Readonly<Record<string, Operation>> = {
  "set create": create,
  "get participating": participating,
  "get invite": inviteInfo,
  "set invite": acceptInvite,
  "set leave": leave
}

/** IQs to one group (`<id>@g.us`), by type and the tag of their child. */
const toGroup: Readonly<Record<string, Operation>> = {
  "get query": metadata,
  "set add": (call) => updateParticipants(call, "add"),
  "set remove": (call) => updateParticipants(call, "remove"),
  "set promote": (call) => updateParticipants(call, "promote"),
  "set demote": (call) => updateParticipants(call, "demote"),
  "set subject": setSubject,
  "set description": setDescription,
  "set announcement": (call) => setFlag(call, "announcement"),
  "set not_announcement": (call) => setFlag(call, "not_announcement"),
  "set locked": (call) => setFlag(call, "locked"),
  "set unlocked": (call) => setFlag(call, "unlocked"),
  "set ephemeral": (call) => setEphemeral(call, true),
  "set not_ephemeral": (call) => setEphemeral(call, false),
  "set member_add_mode": setMemberAddMode,
  "set membership_approval_mode": setJoinApproval,
  "get invite": inviteCode,
  "set invite": revokeInvite,
  "set accept": acceptAddRequest,
  "set revoke": revokeAddRequests,
  "get membership_approval_requests": listRequests,
  "set membership_requests_action": actOnRequests,
  "set links": link,
  "set unlink": unlink,
  "get sub_groups": subGroups,
  "get linked_groups_participants": linkedGroupsParticipants
}

/**
 * `w:g2`: the group IQs, against the one group model every account shares (`world.groups`). Each operation
 * answers as WhatsApp does and tells the other members' devices through `w:gp2` notifications; refusals are
 * IQ errors. How each answer was derived is in docs/wa-sim.md.
 */
export const groupsIq: IqHandler = (iq, context: DeviceContext) => {
  const [first] = children(iq)
  const to = iq.attrs["to"] ?? ""
  const table = to === "@g.us" || to === "g.us" ? toServer : toGroup
  const key = `${iq.attrs["type"] ?? ""} ${first?.tag ?? ""}`
  const operation = Object.hasOwn(table, key) ? table[key] : undefined
  if (operation === undefined) return iqError(iq, 501, "feature-not-implemented")
  const now = context.nowSeconds()
  const call: GroupCall = {
    iq,
    actor: context.account,
    world: context.world,
    groups: context.world.groups,
    now,
    notify: new Notifier(context.outbox, now, context.device)
  }
  try {
    return operation(call)
  } catch (error) {
    if (error instanceof Refusal) return iqError(iq, error.code, error.text)
    throw error
  }
}

import { randomBytes } from "node:crypto"
import type { BinaryNode } from "../../protocol/baileys.ts"
import { child, node } from "../../protocol/nodes.ts"
import { iqResult } from "../../protocol/stanzas.ts"
import { editableGroup, type GroupCall } from "../GroupCall.ts"
import { authorAttrs, text, textOf } from "../nodes.ts"
import { badRequest, conflict, notAcceptable } from "../Refusal.ts"
import { membersOf } from "../users.ts"

/** WhatsApp's limits on a subject and a description, in characters. */
export const SUBJECT_LIMIT = 100
export const DESCRIPTION_LIMIT = 2048

/** A description id when the client sends none (whatsmeow `SetGroupDescription` sends none). */
export const newDescriptionId = (): string => randomBytes(8).toString("hex").toUpperCase()

/**
 * `<subject>text</subject>` (Baileys `groupUpdateSubject`, whatsmeow `SetGroupName`): any member, or admins
 * only when the group is locked (401 otherwise); 1 to 100 characters (406). The members are told
 * `<subject subject s_t s_o [s_o_pn]/>` (Baileys: `GROUP_CHANGE_SUBJECT` → `groups.update {subject}`;
 * whatsmeow `parseGroupChange` requires `subject` and `s_t`).
 */
export const setSubject = (call: GroupCall): ReadonlyArray<BinaryNode> => {
  const group = editableGroup(call)
  const subject = textOf(child(call.iq, "subject")) ?? ""
  const length = [...subject].length
  if (length === 0 || length > SUBJECT_LIMIT) throw notAcceptable(`a subject is 1 to ${SUBJECT_LIMIT} characters`)
  group.subject = subject
  group.subjectOwner = call.actor
  group.subjectTime = call.now
  call.notify.send(group, membersOf(group), call.actor, node("subject", {
    subject,
    s_t: String(call.now),
    ...authorAttrs(group, call.actor, "s_o")
  }))
  return [iqResult(call.iq)]
}

/**
 * `<description id [prev]><body>text</body></description>`, or `delete="true"` without a body (Baileys
 * `groupUpdateDescription` reads the current id first and sends it as `prev`; whatsmeow `SetGroupTopic`
 * likewise, `SetGroupDescription` sends neither id nor prev). A `prev` that is not the current description's
 * id is stale: 409 conflict. Who may: as for the subject. The members are told `<description id><body/>` or
 * `<description id><delete/></description>` (whatsmeow `parseGroupChange`; Baileys reads the body).
 */
export const setDescription = (call: GroupCall): ReadonlyArray<BinaryNode> => {
  const group = editableGroup(call)
  const request = child(call.iq, "description")!
  const prev = request.attrs["prev"]
  if (prev !== undefined && prev !== group.description?.id) {
    throw conflict(`the description changed since ${prev} (now ${group.description?.id ?? "none"})`)
  }
  const id = request.attrs["id"] ?? newDescriptionId()
  const body = textOf(child(request, "body")) ?? ""
  if (request.attrs["delete"] === "true" || body === "") {
    group.description = undefined
    call.notify.send(group, membersOf(group), call.actor, node("description", { id }, [node("delete")]))
    return [iqResult(call.iq)]
  }
  if ([...body].length > DESCRIPTION_LIMIT) throw notAcceptable(`a description is at most ${DESCRIPTION_LIMIT} characters`)
  group.description = { id, body, author: call.actor, time: call.now }
  call.notify.send(group, membersOf(group), call.actor, node("description", { id }, [node("body", {}, text(body))]))
  return [iqResult(call.iq)]
}

/**
 * `<ephemeral expiration/>` / `<not_ephemeral/>` (Baileys `groupToggleEphemeral`): who may, as for the subject;
 * the members are told the same node (Baileys: an `EPHEMERAL_SETTING` protocol message).
 */
export const setEphemeral = (call: GroupCall, on: boolean): ReadonlyArray<BinaryNode> => {
  const group = editableGroup(call)
  const expiration = on ? Number(child(call.iq, "ephemeral")?.attrs["expiration"]) : 0
  if (!Number.isSafeInteger(expiration) || expiration < 0) throw badRequest("ephemeral expiration")
  group.ephemeral = expiration
  call.notify.send(group, membersOf(group), call.actor,
    on ? node("ephemeral", { expiration: String(expiration) }) : node("not_ephemeral"))
  return [iqResult(call.iq)]
}

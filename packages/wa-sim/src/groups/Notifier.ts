import { randomInt } from "node:crypto"
import type { Account, Device } from "../accounts/Account.ts"
import type { Outbox } from "../delivery/Outbox.ts"
import type { BinaryNode } from "../protocol/baileys.ts"
import { node } from "../protocol/nodes.ts"
import type { Group } from "./Group.ts"
import { authorAttrs } from "./nodes.ts"

let nextId = randomInt(1_000_000_000, 2_000_000_000)

/**
 * Tells members about a change: `<notification type="w:gp2" from=<group> id t participant [participant_pn]
 * addressing_mode>` with the change as its child, to every linked companion of the recipients except the
 * device that made the change, through the outbox (live now, else at the next login; kept until acked).
 * Baileys reads it in `handleGroupNotification` (Socket/messages-recv.js), whatsmeow in
 * `parseGroupNotification` (group.go), which requires `from` and `t`.
 */
export class Notifier {
  private readonly outbox: Outbox
  private readonly now: number
  private readonly actingDevice: Device | undefined

  constructor(outbox: Outbox, now: number, actingDevice: Device | undefined) {
    this.outbox = outbox
    this.now = now
    this.actingDevice = actingDevice
  }

  /**
   * With `toActingDevice`, the device that made the change is told too: a user who joined by link gets the group
   * itself this way (the join answers only its JID; whatsmeow `JoinedGroup.Reason` "invite").
   */
  send(group: Group, recipients: Iterable<Account>, author: Account | undefined, change: BinaryNode, toActingDevice = false): void {
    const stanza = node("notification", {
      from: group.jid,
      type: "w:gp2",
      id: String(nextId++),
      t: String(this.now),
      ...authorAttrs(group, author),
      addressing_mode: group.addressingMode
    }, [change])
    for (const account of new Set(recipients)) {
      for (const device of account.companions) {
        if (toActingDevice || device !== this.actingDevice) this.outbox.deliver(device, stanza)
      }
    }
  }
}

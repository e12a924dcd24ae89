import type { Account, Device } from "../accounts/Account.ts"
import type { World } from "../accounts/World.ts"
import type { BinaryNode } from "../protocol/baileys.ts"
import type { Connection } from "../transport/Connection.ts"

/** What an IQ handler may know and do: the logged-in device, its socket and the world. */
export interface IqContext {
  readonly account: Account
  readonly device: Device
  readonly connection: Connection
  readonly world: World
  readonly nowSeconds: () => number
  /** Removes this device from its account (a logout by the client) and closes its sockets. */
  readonly removeDevice: () => void
}

/** The reply first, then any stanzas that must follow it on the same socket. */
export type IqAnswer = BinaryNode | ReadonlyArray<BinaryNode>

/** Answers the IQs of one `xmlns`. */
export type IqHandler = (iq: BinaryNode, context: IqContext) => IqAnswer | Promise<IqAnswer>

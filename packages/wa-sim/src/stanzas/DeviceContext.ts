import type { Account, Device } from "../accounts/Account.ts"
import type { World } from "../accounts/World.ts"
import type { Outbox } from "../delivery/Outbox.ts"
import type { Messaging } from "../messages/Messaging.ts"
import type { Connection } from "../transport/Connection.ts"

/** What a handler of a logged-in device's stanzas may know and do: the device, its socket and the world. */
export interface DeviceContext {
  readonly account: Account
  readonly device: Device
  readonly connection: Connection
  readonly world: World
  /** Stanzas pushed to devices (this one or others), kept until acked. */
  readonly outbox: Outbox
  readonly nowSeconds: () => number
  readonly messaging: Messaging
  /** Removes this device from its account (a logout by the client) and closes its sockets. */
  readonly removeDevice: () => void
}

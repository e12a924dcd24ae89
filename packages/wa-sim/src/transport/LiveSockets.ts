import type { Connection } from "./Connection.ts"

/** The sockets logged in as each device, and how many times a device's socket was replaced by another. */
export class LiveSockets {
  private readonly byDevice = new Map<string, Set<Connection>>()
  private readonly deviceOf = new Map<Connection, string>()
  private readonly conflicts = new Map<string, number>()

  attach(deviceJid: string, connection: Connection): void {
    const set = this.byDevice.get(deviceJid) ?? new Set<Connection>()
    set.add(connection)
    this.byDevice.set(deviceJid, set)
    this.deviceOf.set(connection, deviceJid)
  }

  detach(connection: Connection): void {
    const deviceJid = this.deviceOf.get(connection)
    if (deviceJid === undefined) return
    this.deviceOf.delete(connection)
    const set = this.byDevice.get(deviceJid)
    set?.delete(connection)
    if (set?.size === 0) this.byDevice.delete(deviceJid)
  }

  of(deviceJid: string): ReadonlyArray<Connection> {
    return [...(this.byDevice.get(deviceJid) ?? [])]
  }

  all(): ReadonlyArray<Connection> {
    return [...this.deviceOf.keys()]
  }

  countConflict(deviceJid: string): void {
    this.conflicts.set(deviceJid, (this.conflicts.get(deviceJid) ?? 0) + 1)
  }

  conflictsOf(deviceJid: string): number {
    return this.conflicts.get(deviceJid) ?? 0
  }
}

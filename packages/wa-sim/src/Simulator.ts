import { timingSafeEqual } from "node:crypto"
import type { WebSocket } from "ws"
import type { Account, Device } from "./accounts/Account.ts"
import { World } from "./accounts/World.ts"
import { Clock } from "./Clock.ts"
import { Outbox } from "./delivery/Outbox.ts"
import { applyFault } from "./faults/apply.ts"
import { Faults } from "./faults/Faults.ts"
import { type Log, silentLog } from "./Log.ts"
import type { GroupDirectory } from "./messages/GroupDirectory.ts"
import { Messaging } from "./messages/Messaging.ts"
import { issueCertificateChain } from "./noise/certificates.ts"
import type { CompletedHandshake, ServerIdentity } from "./noise/serverHandshake.ts"
import { CodePairings } from "./pairing/CodePairings.ts"
import { Pairings } from "./pairing/Pairings.ts"
import { registrationOf } from "./pairing/registration.ts"
import { type BinaryNode, Curve, type KeyPair } from "./protocol/baileys.ts"
import { describeNode, node } from "./protocol/nodes.ts"
import { deviceRemoved, failure, replaced } from "./protocol/stanzas.ts"
import type { DeviceContext } from "./stanzas/DeviceContext.ts"
import { stanzaHandlers } from "./stanzas/handlers.ts"
import { Connection, type ConnectionHandler } from "./transport/Connection.ts"
import { LiveSockets } from "./transport/LiveSockets.ts"
import { ServerRequests } from "./transport/ServerRequests.ts"

export interface SimulatorOptions {
  /** The root key pair that signs the certificate chain; a new one when omitted. */
  readonly rootKey?: KeyPair | undefined
  readonly log?: Log | undefined
  /** Who is in which group, for group sends: the simulator's group model (`world.groups`) unless a test gives its own. */
  readonly groups?: GroupDirectory | undefined
}

interface LoggedIn {
  readonly account: Account
  readonly device: Device
}

const sameBytes = (a: Uint8Array, b: Uint8Array): boolean => a.length === b.length && timingSafeEqual(a, b)

/**
 * The simulated WhatsApp server: accepts sockets, pairs fresh clients, logs linked devices in (kicking an older
 * socket of the same device with a conflict), answers their IQs, and removes devices. One instance is one
 * world; the control API and the HTTP edge are built on it.
 */
export class Simulator implements ConnectionHandler {
  readonly world = new World()
  readonly live = new LiveSockets()
  readonly outbox = new Outbox(this.live)
  /** Fault tools in force (control `addFault`): every stanza a logged-in device sends is shown to them. */
  readonly faults = new Faults()
  /** The server's time (control `advanceClock` moves it forward). */
  readonly clock = new Clock()
  /** Delayed work of faults, cancelled when the simulator closes. */
  private readonly timers = new Set<ReturnType<typeof setTimeout>>()
  readonly rootKey: KeyPair
  readonly log: Log
  private readonly requests = new ServerRequests()
  readonly pairings: Pairings
  /** Linking by pairing code: clients that asked for a code, and the phone entering it. */
  readonly codePairings: CodePairings
  readonly messaging: Messaging
  private readonly identity: ServerIdentity
  private readonly connections = new Set<Connection>()
  private readonly loggedIn = new Map<Connection, LoggedIn>()
  private readonly createdSeconds: number

  constructor(options: SimulatorOptions = {}) {
    this.log = options.log ?? silentLog
    this.rootKey = options.rootKey ?? Curve.generateKeyPair()
    this.createdSeconds = this.nowSeconds()
    const staticKey = Curve.generateKeyPair()
    this.identity = { staticKey, certificateChain: issueCertificateChain(this.rootKey, staticKey, this.createdSeconds) }
    this.pairings = new Pairings(this.world, this.requests, this.log, () => this.nowSeconds())
    this.codePairings = new CodePairings(this.pairings, () => this.requests.nextId(), this.log, () => this.nowSeconds())
    const groups = options.groups ?? this.world.groups
    this.messaging = new Messaging({ world: this.world, outbox: this.outbox, log: this.log, nowSeconds: () => this.nowSeconds(), groups })
  }

  nowSeconds(): number {
    return this.clock.nowSeconds()
  }

  /** Takes a WebSocket opened at `/ws/chat`. */
  accept(socket: WebSocket): void {
    this.connections.add(new Connection(socket, this.identity, this, this.log))
  }

  readonly authenticated = (connection: Connection, handshake: CompletedHandshake): void => {
    const registration = registrationOf(handshake.payload, handshake.clientStaticKey)
    if (registration) {
      this.log("info", "fresh client waiting to be linked", { connection: connection.id, platform: registration.platform })
      this.pairings.begin(connection, registration)
      return
    }
    this.login(connection, handshake)
  }

  readonly received = async (connection: Connection, stanza: BinaryNode): Promise<void> => {
    const type = stanza.attrs["type"]
    if (stanza.tag === "iq" && (type === "result" || type === "error") && this.requests.settle(connection, stanza)) return
    const session = this.loggedIn.get(connection)
    if (session === undefined) {
      // A fresh client may ask to be linked by code; whatever else it sends is read and ignored.
      for (const answer of this.codePairings.received(connection, stanza)) connection.send(answer)
      return
    }
    const handler = Object.hasOwn(stanzaHandlers, stanza.tag) ? stanzaHandlers[stanza.tag] : undefined
    const handle = async (): Promise<ReadonlyArray<BinaryNode>> => {
      if (handler !== undefined) return handler(stanza, this.deviceContext(connection, session))
      this.log("debug", "stanza not handled yet", { device: session.device.jid, node: describeNode(stanza) })
      return []
    }
    const fault = this.faults.strike(session.account, stanza)
    if (fault === undefined) {
      for (const answer of await handle()) connection.send(answer)
      return
    }
    this.log("info", "a fault strikes", { device: session.device.jid, fault: fault.id, effect: fault.effect, node: describeNode(stanza) })
    await applyFault({ fault, stanza, connection, handle, later: (ms, task) => this.later(ms, task), nowSeconds: () => this.nowSeconds() })
  }

  readonly closed = (connection: Connection): void => {
    this.connections.delete(connection)
    this.live.detach(connection)
    this.loggedIn.delete(connection)
    this.pairings.end(connection)
    this.codePairings.end(connection)
    this.requests.abandon(connection)
  }

  /**
   * Removes a companion from its account. A live socket of it gets `<stream:error code="401"><conflict
   * type="device_removed"/>` (Baileys: 401 → `loggedOut`; whatsmeow `handleStreamError` → `LoggedOut`);
   * a later login gets `<failure reason="401"/>`.
   */
  removeDevice(account: Account, device: Device): void {
    account.unlink(device.id)
    this.log("info", "device removed", { device: device.jid })
    for (const socket of this.live.of(device.jid)) {
      this.live.detach(socket)
      this.loggedIn.delete(socket)
      // After the reply that may be on its way (a logout IQ is answered first).
      setImmediate(() => socket.end(deviceRemoved()))
    }
  }

  /** Cuts every live socket of a device without a word, as a network failure would; how many. */
  dropSockets(device: Device): number {
    const sockets = this.live.of(device.jid)
    for (const socket of sockets) socket.terminate()
    return sockets.length
  }

  /** Terminates every socket and cancels delayed work (the simulator is shutting down). */
  closeAll(): void {
    for (const timer of this.timers) clearTimeout(timer)
    this.timers.clear()
    for (const connection of this.connections) connection.terminate()
  }

  private later(ms: number, task: () => Promise<void>): void {
    const timer = setTimeout(() => {
      this.timers.delete(timer)
      task().catch((error: unknown) => this.log("warn", "delayed work failed", { error: error instanceof Error ? error.message : String(error) }))
    }, ms)
    this.timers.add(timer)
  }

  private login(connection: Connection, { clientStaticKey, payload }: CompletedHandshake): void {
    const user = payload.username === null || payload.username === undefined ? "" : String(payload.username)
    const deviceId = payload.device ?? 0
    const account = user === "" ? undefined : this.world.find({ user, server: "s.whatsapp.net", device: undefined })
    if (account?.refused) {
      this.log("info", "network refuses the account", { account: account.jid })
      connection.terminate()
      return
    }
    const device = deviceId === 0 ? undefined : account?.devices.get(deviceId)
    if (account === undefined || device?.noiseKey === undefined || !sameBytes(device.noiseKey, clientStaticKey)) {
      this.log("info", "login refused: device not linked", { user, device: deviceId })
      connection.end(failure(401))
      return
    }
    for (const older of this.live.of(device.jid)) {
      this.live.detach(older)
      this.loggedIn.delete(older)
      this.live.countConflict(device.jid)
      this.log("info", "socket replaced by a newer login", { device: device.jid })
      older.end(replaced())
    }
    this.live.attach(device.jid, connection)
    this.outbox.requeue(device)
    this.loggedIn.set(connection, { account, device })
    this.log("info", "device logged in", { device: device.jid, connection: connection.id })
    // `<success>`: Baileys `CB:success` reads `t` and `lid`; whatsmeow `handleConnectSuccess` reads the same.
    connection.send(
      node("success", {
        t: String(this.nowSeconds()),
        lid: device.lid,
        location: "sim",
        creation: String(this.createdSeconds)
      })
    )
  }

  private deviceContext(connection: Connection, { account, device }: LoggedIn): DeviceContext {
    return {
      account,
      device,
      connection,
      world: this.world,
      outbox: this.outbox,
      nowSeconds: () => this.nowSeconds(),
      messaging: this.messaging,
      removeDevice: () => this.removeDevice(account, device)
    }
  }
}

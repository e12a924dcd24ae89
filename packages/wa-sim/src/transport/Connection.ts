import type { WebSocket } from "ws"
import type { Log } from "../Log.ts"
import {
  answerClientHello,
  type CompletedHandshake,
  type PendingHandshake,
  readClientFinish,
  type ServerIdentity
} from "../noise/serverHandshake.ts"
import type { TransportCipher } from "../noise/TransportCipher.ts"
import { type BinaryNode, decodeBinaryNode, encodeBinaryNode } from "../protocol/baileys.ts"
import { describeNode } from "../protocol/nodes.ts"
import { encodeFrame, FrameReader } from "./frames.ts"

/** What a connection reports to the simulator. */
export interface ConnectionHandler {
  /** The Noise handshake completed: the client's noise key and its login or registration payload. */
  readonly authenticated: (connection: Connection, handshake: CompletedHandshake) => void
  /** A binary node arrived (in order; the next waits for the returned promise). */
  readonly received: (connection: Connection, node: BinaryNode) => void | Promise<void>
  /** The socket closed, whoever closed it. */
  readonly closed: (connection: Connection) => void
}

type Phase =
  | { readonly name: "hello" }
  | { readonly name: "finish"; readonly pending: PendingHandshake }
  | { readonly name: "open"; readonly cipher: TransportCipher }
  | { readonly name: "closed" }

let nextConnectionId = 1

/**
 * One client socket: the WebSocket edge, the intro and framing, the server side of the Noise handshake, then
 * encrypted binary nodes both ways. Plain callbacks at this edge (ADR 0020); everything it learns goes to the
 * handler.
 */
export class Connection {
  readonly id = nextConnectionId++
  private phase: Phase = { name: "hello" }
  private readonly reader = new FrameReader()
  private queue: Promise<void> = Promise.resolve()

  private readonly socket: WebSocket
  private readonly server: ServerIdentity
  private readonly handler: ConnectionHandler
  private readonly log: Log

  constructor(socket: WebSocket, server: ServerIdentity, handler: ConnectionHandler, log: Log) {
    this.socket = socket
    this.server = server
    this.handler = handler
    this.log = log
    socket.binaryType = "nodebuffer"
    socket.on("message", (data: Buffer) => this.onBytes(new Uint8Array(data.buffer, data.byteOffset, data.byteLength)))
    socket.on("close", () => this.onClosed())
    socket.on("error", (error) => this.log("debug", "socket error", { connection: this.id, error: error.message }))
  }

  /** True while the socket is open (the handshake may still be running). */
  get isOpen(): boolean {
    return this.phase.name !== "closed" && this.socket.readyState === this.socket.OPEN
  }

  /** Sends a node; a no-op once the socket is closing. */
  send(node: BinaryNode): void {
    if (this.phase.name !== "open" || this.socket.readyState !== this.socket.OPEN) return
    this.log("debug", "send", { connection: this.id, node: describeNode(node) })
    this.socket.send(encodeFrame(this.phase.cipher.encrypt(encodeBinaryNode(node))))
  }

  /** Sends a last node (a stream error, a failure) and closes the socket cleanly. */
  end(last?: BinaryNode): void {
    if (last) this.send(last)
    if (this.socket.readyState === this.socket.OPEN || this.socket.readyState === this.socket.CONNECTING) this.socket.close()
  }

  /** Cuts the socket without a closing handshake, as a network failure would. */
  terminate(): void {
    this.socket.terminate()
  }

  private onBytes(data: Uint8Array): void {
    if (this.phase.name === "closed") return
    try {
      for (const frame of this.reader.push(data)) this.onFrame(frame)
    } catch (error) {
      this.fail(error)
    }
  }

  private onFrame(frame: Uint8Array): void {
    const phase = this.phase
    switch (phase.name) {
      case "hello": {
        const { pending, reply } = answerClientHello(this.reader.prologue ?? new Uint8Array(0), frame, this.server)
        this.phase = { name: "finish", pending }
        this.socket.send(encodeFrame(reply))
        return
      }
      case "finish": {
        const completed = readClientFinish(phase.pending, frame)
        this.phase = { name: "open", cipher: completed.cipher }
        this.handler.authenticated(this, completed)
        return
      }
      case "open": {
        const plaintext = phase.cipher.decrypt(frame)
        this.queue = this.queue
          .then(async () => {
            const node = await decodeBinaryNode(Buffer.from(plaintext))
            if (this.phase.name === "closed") return
            this.log("debug", "recv", { connection: this.id, node: describeNode(node) })
            await this.handler.received(this, node)
          })
          .catch((error: unknown) => this.fail(error))
        return
      }
      case "closed":
        return
    }
  }

  private fail(error: unknown): void {
    this.log("warn", "closing a connection that broke the protocol", {
      connection: this.id,
      error: error instanceof Error ? error.message : String(error)
    })
    this.terminate()
  }

  private onClosed(): void {
    if (this.phase.name === "closed") return
    this.phase = { name: "closed" }
    this.handler.closed(this)
  }
}

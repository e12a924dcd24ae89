import { randomBytes } from "node:crypto"
import type { BinaryNode } from "../protocol/baileys.ts"
import type { Connection } from "./Connection.ts"

interface Waiter {
  readonly connection: Connection
  readonly resolve: (node: BinaryNode) => void
  readonly reject: (error: Error) => void
  readonly timer: NodeJS.Timeout
}

/** The client did not answer a server IQ (it closed, or took too long). */
export class NoAnswer extends Error {
  override readonly name = "NoAnswer"
}

/** IQs the server sends to clients, and the answers (`iq type=result|error` with the same id) they wait for. */
export class ServerRequests {
  private readonly waiting = new Map<string, Waiter>()
  private readonly prefix = randomBytes(3).toString("hex")
  private counter = 0

  /** A fresh stanza id. */
  nextId(): string {
    return `${this.prefix}.${++this.counter}`
  }

  /** Sends an IQ (its id must come from `nextId`) and resolves with the client's answer. */
  request(connection: Connection, iq: BinaryNode, timeoutMs: number): Promise<BinaryNode> {
    const id = iq.attrs["id"]
    if (id === undefined) return Promise.reject(new Error("a server IQ needs an id"))
    return new Promise<BinaryNode>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiting.delete(id)
        reject(new NoAnswer(`the client did not answer ${iq.attrs["xmlns"] ?? "an"} IQ ${id} in ${timeoutMs} ms`))
      }, timeoutMs)
      this.waiting.set(id, { connection, resolve, reject, timer })
      connection.send(iq)
    })
  }

  /** Hands an incoming answer to its waiter; false when nothing waits for it. */
  settle(connection: Connection, answer: BinaryNode): boolean {
    const id = answer.attrs["id"]
    const waiter = id === undefined ? undefined : this.waiting.get(id)
    if (!waiter || waiter.connection !== connection || id === undefined) return false
    this.waiting.delete(id)
    clearTimeout(waiter.timer)
    waiter.resolve(answer)
    return true
  }

  /** Fails every request still waiting on a closed connection. */
  abandon(connection: Connection): void {
    for (const [id, waiter] of this.waiting) {
      if (waiter.connection !== connection) continue
      this.waiting.delete(id)
      clearTimeout(waiter.timer)
      waiter.reject(new NoAnswer("the client closed its socket before answering"))
    }
  }
}

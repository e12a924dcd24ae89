import type { Account } from "../accounts/Account.ts"
import type { BinaryNode } from "../protocol/baileys.ts"
import { children } from "../protocol/nodes.ts"
import { seededRandom } from "./random.ts"

/** Which stanzas of a logged-in device a fault watches: its IQs (get/set), its messages, or every stanza. */
export type FaultScope = "iq" | "message" | "any"

/**
 * What a fault does to a stanza it strikes. `delay`: an IQ's reply (or any other stanza's handling) comes
 * `delayMs` later; `drop`: an IQ is carried out but its reply never sent, any other stanza is lost; `rate-
 * overlimit`: an IQ is answered `<error code="429" text="rate-overlimit"/>`, a message acked with `error="429"`
 * and not delivered; `close`: the socket is cut (no closing frame) instead of handling the stanza.
 */
export type FaultEffect = "delay" | "drop" | "rate-overlimit" | "close"

export interface NewFault {
  /** The account whose devices it watches; every account when undefined. */
  readonly account: Account | undefined
  readonly on: FaultScope
  /** For IQs: only this namespace (`xmlns`). */
  readonly xmlns: string | undefined
  /** For IQs: only those whose first child has this tag (`query`, `participating`, `count`…). */
  readonly tag: string | undefined
  readonly effect: FaultEffect
  readonly delayMs: number | undefined
  /** It strikes this many times, then is spent (listed, striking no more); until cleared when undefined. */
  readonly times: number | undefined
  /** The chance it strikes a stanza it watches, drawn from a sequence seeded with `seed`. */
  readonly probability: number
  readonly seed: number
}

export interface Fault extends NewFault {
  readonly id: string
  /** Strikes left (undefined: no limit). */
  remaining: number | undefined
  /** Stanzas it watched and struck. */
  watched: number
  struck: number
}

const watches = (fault: Fault, account: Account, stanza: BinaryNode): boolean => {
  if (fault.remaining === 0 || (fault.account !== undefined && fault.account !== account)) return false
  switch (fault.on) {
    case "any":
      return true
    case "message":
      return stanza.tag === "message"
    case "iq": {
      const type = stanza.attrs["type"]
      if (stanza.tag !== "iq" || (type !== "get" && type !== "set")) return false
      if (fault.xmlns !== undefined && stanza.attrs["xmlns"] !== fault.xmlns) return false
      return fault.tag === undefined || children(stanza)[0]?.tag === fault.tag
    }
  }
}

/**
 * The faults in force (control `addFault`), in the order they were added. Each stanza a logged-in device sends
 * is shown to them in turn; the first that watches it and draws a strike applies, and only that one. A fault
 * with `times` is spent after that many strikes; it stays listed (with its counts) until cleared.
 */
export class Faults {
  private readonly active: Array<Fault> = []
  private readonly draws = new WeakMap<Fault, () => number>()
  private nextId = 1

  add(input: NewFault): Fault {
    const fault: Fault = { ...input, id: String(this.nextId++), remaining: input.times, watched: 0, struck: 0 }
    this.active.push(fault)
    this.draws.set(fault, seededRandom(input.seed))
    return fault
  }

  get all(): ReadonlyArray<Fault> {
    return [...this.active]
  }

  /** Removes one fault (by id) or every fault; how many were removed. */
  clear(id?: string): number {
    const removed = id === undefined ? this.active.length : this.active.filter((fault) => fault.id === id).length
    this.active.splice(0, this.active.length, ...(id === undefined ? [] : this.active.filter((fault) => fault.id !== id)))
    return removed
  }

  /** The fault that strikes this stanza from the account's device, if any (counting the strike). */
  strike(account: Account, stanza: BinaryNode): Fault | undefined {
    for (const fault of this.active) {
      if (!watches(fault, account, stanza)) continue
      fault.watched++
      const draw = this.draws.get(fault)
      if (fault.probability < 1 && draw !== undefined && draw() >= fault.probability) continue
      fault.struck++
      if (fault.remaining !== undefined) fault.remaining--
      return fault
    }
    return undefined
  }
}

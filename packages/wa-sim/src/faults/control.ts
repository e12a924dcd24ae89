import type { Account } from "../accounts/Account.ts"
import type { Target } from "../control/Target.ts"
import { WaSimError } from "../errors.ts"
import type { Fault, FaultEffect, Faults, FaultScope } from "./Faults.ts"

export interface FaultInput extends Target {
  /** `iq`, `message` or `any` (every stanza a logged-in device sends). */
  readonly on: string
  /** `delay`, `drop`, `rate-overlimit` (not with `any`) or `close`. */
  readonly effect: string
  /** For `iq`: only this namespace (`w:g2`, `usync`, `encrypt`…). */
  readonly xmlns?: string | undefined
  /** For `iq`: only IQs whose first child has this tag (`query`, `participating`…). */
  readonly tag?: string | undefined
  /** For `delay`: how long, 1 to 600000 ms. */
  readonly delayMs?: number | undefined
  /** It strikes this many times (1 or more), then is spent; until cleared when omitted. */
  readonly times?: number | undefined
  /** The chance it strikes each stanza it watches, above 0 and at most 1 (the default). */
  readonly probability?: number | undefined
  /** Seeds the draws (an integer, 0 by default): the same seed strikes the same stanzas of the same run. */
  readonly seed?: number | undefined
}

/** A fault in force, as the control API shows it. */
export interface FaultView {
  readonly id: string
  /** The account's phone JID, or null for every account. */
  readonly jid: string | null
  readonly on: FaultScope
  readonly effect: FaultEffect
  readonly xmlns: string | null
  readonly tag: string | null
  readonly delayMs: number | null
  /** Strikes left (0: spent), or null for no limit. */
  readonly remaining: number | null
  readonly probability: number
  readonly seed: number
  /** Stanzas it watched, and those it struck. */
  readonly watched: number
  readonly struck: number
}

/** The fault tools of the control API, for reliability tests. */
export interface FaultControl {
  /** Puts a fault in force; the first fault that watches a stanza and strikes applies. */
  readonly addFault: (input: FaultInput) => FaultView
  /** The faults in force, in the order they were added. */
  readonly faults: () => ReadonlyArray<FaultView>
  /** Removes one fault by id (404 when there is none), or every fault; how many. */
  readonly clearFaults: (input?: { readonly id?: string | undefined }) => { readonly cleared: number }
}

const SCOPES: ReadonlyArray<FaultScope> = ["iq", "message", "any"]
const EFFECTS: ReadonlyArray<FaultEffect> = ["delay", "drop", "rate-overlimit", "close"]
const MAX_DELAY_MS = 600_000

const invalid = (field: string, problem: string): WaSimError =>
  new WaSimError("validation_error", `invalid ${field}`, { [field]: problem })

const integer = (value: unknown, field: string, min: number, max: number): number | undefined => {
  if (value === undefined) return undefined
  if (typeof value !== "number" || !Number.isInteger(value) || value < min || value > max) {
    throw invalid(field, `must be an integer from ${min} to ${max}`)
  }
  return value
}

const name = (value: unknown, field: string): string | undefined => {
  if (value === undefined) return undefined
  if (typeof value !== "string" || !/^[a-z0-9:_-]{1,64}$/i.test(value)) throw invalid(field, "must be a namespace or tag name")
  return value
}

export const faultView = (fault: Fault): FaultView => ({
  id: fault.id,
  jid: fault.account?.jid ?? null,
  on: fault.on,
  effect: fault.effect,
  xmlns: fault.xmlns ?? null,
  tag: fault.tag ?? null,
  delayMs: fault.delayMs ?? null,
  remaining: fault.remaining ?? null,
  probability: fault.probability,
  seed: fault.seed,
  watched: fault.watched,
  struck: fault.struck
})

/** The fault control over the simulator's faults; `accountOf` resolves a target as the rest of the control API does. */
export const makeFaultControl = (faults: Faults, accountOf: (target: Target) => Account): FaultControl => ({
  addFault: (input) => {
    const on = SCOPES.find((scope) => scope === input.on)
    if (on === undefined) throw invalid("on", "must be iq, message or any")
    const effect = EFFECTS.find((known) => known === input.effect)
    if (effect === undefined) throw invalid("effect", "must be delay, drop, rate-overlimit or close")
    if (effect === "rate-overlimit" && on === "any") throw invalid("effect", "rate-overlimit answers an iq or a message, not any stanza")
    const xmlns = name(input.xmlns, "xmlns")
    const tag = name(input.tag, "tag")
    if (on !== "iq" && (xmlns !== undefined || tag !== undefined)) throw invalid(xmlns !== undefined ? "xmlns" : "tag", "only narrows on iq")
    const delayMs = integer(input.delayMs, "delayMs", 1, MAX_DELAY_MS)
    if (effect === "delay" && delayMs === undefined) throw invalid("delayMs", "is required for delay")
    if (effect !== "delay" && delayMs !== undefined) throw invalid("delayMs", "is only for delay")
    const probability = input.probability ?? 1
    if (typeof probability !== "number" || !(probability > 0 && probability <= 1)) {
      throw invalid("probability", "must be a number above 0 and at most 1")
    }
    const everyone = input.jid === undefined && input.sessionId === undefined
    const fault = faults.add({
      account: everyone ? undefined : accountOf(input),
      on,
      effect,
      xmlns,
      tag,
      delayMs,
      times: integer(input.times, "times", 1, 1_000_000),
      probability,
      seed: integer(input.seed, "seed", 0, 4_294_967_295) ?? 0
    })
    return faultView(fault)
  },
  faults: () => faults.all.map(faultView),
  clearFaults: (input = {}) => {
    const id = input.id
    if (id !== undefined && (typeof id !== "string" || id.length === 0)) throw invalid("id", "must be a fault id")
    const cleared = faults.clear(id)
    if (id !== undefined && cleared === 0) throw new WaSimError("not_found", `no fault ${id}`)
    return { cleared }
  }
})

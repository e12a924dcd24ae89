import { AsyncLocalStorage } from "node:async_hooks"
import { createRequire } from "node:module"

/** A job libsignal queues for one remote address. */
type Job = () => Promise<unknown>

/** The part of libsignal's `SessionCipher` patched here: every encryption and decryption queues its work with it. */
interface CipherPrototype {
  queueJob: (this: unknown, awaitable: Job) => Promise<unknown>
}

/** The part of libsignal's `SessionBuilder` patched here: a session made from a pre-key bundle. */
interface BuilderPrototype {
  initOutgoing: (this: BuilderLike, device: unknown) => Promise<unknown>
}

interface BuilderLike {
  storage: object
}

interface Libsignal {
  readonly SessionCipher: { readonly prototype: CipherPrototype }
  readonly SessionBuilder: { readonly prototype: BuilderPrototype }
}

let installed = false

/** `storage` with every method bound to the async context of this call (its caller's). */
const boundToCaller = (storage: object): object => {
  const bound: Record<string, unknown> = {}
  for (const [name, value] of Object.entries(storage)) {
    bound[name] = typeof value === "function" ? AsyncLocalStorage.bind(value.bind(storage)) : value
  }
  return bound
}

/**
 * libsignal serialises the work on each remote address (`queue_job.js`): the first job queued for an address starts
 * an executor, and that executor runs every job queued for the address until the queue is empty, in its own async
 * context. The queues are process-wide. So when many sessions of one process talk to one address, the address's
 * queue never empties, and the jobs of a session run in the async context of whichever send started the executor,
 * possibly its own send of long ago.
 *
 * Baileys keeps each key transaction in an `AsyncLocalStorage` (`addTransactionCapability`). A job that runs in a
 * stale context reads and writes that ended transaction's cache: the Signal session advances in memory but is never
 * stored, and once the queue empties the next send starts again from the stored counter, which the recipient
 * refuses ("Key used already or never filled"): messages lost (ADR 0040).
 *
 * Process-wide (once): every job libsignal queues runs in the async context of the call that queued it, through its
 * two callers, `SessionCipher.queueJob` (encryption and decryption) and `SessionBuilder.initOutgoing` (a session
 * from a pre-key bundle), patched on libsignal's prototypes as Baileys loads it, whatever loaded it first.
 */
export const keepSignalJobContexts = (): void => {
  if (installed) return
  installed = true
  const fromBaileys = createRequire(import.meta.resolve("@whiskeysockets/baileys"))
  const libsignal: Libsignal = fromBaileys("libsignal")

  const cipher = libsignal.SessionCipher.prototype
  const queueJob = cipher.queueJob
  cipher.queueJob = function(this: unknown, awaitable: Job) {
    return queueJob.call(this, AsyncLocalStorage.bind(awaitable))
  }

  // `initOutgoing` queues a closure of its own that only reaches its caller's state through `this.storage`: the
  // closure runs with a copy of the builder whose storage answers in the caller's context.
  const builder = libsignal.SessionBuilder.prototype
  const initOutgoing = builder.initOutgoing
  builder.initOutgoing = function(this: BuilderLike, device: unknown) {
    const copy: BuilderLike = Object.assign(Object.create(Object.getPrototypeOf(this)), this, { storage: boundToCaller(this.storage) })
    return initOutgoing.call(copy, device)
  }
}

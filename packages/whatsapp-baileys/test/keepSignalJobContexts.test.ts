import { assert, describe, it } from "@effect/vitest"
import { addTransactionCapability, type SignalDataSet, type SignalKeyStore } from "@whiskeysockets/baileys"
import { AsyncLocalStorage } from "node:async_hooks"
import { createRequire } from "node:module"
import { keepSignalJobContexts } from "../src/sessions/keepSignalJobContexts.ts"
import { silentLogger } from "../src/sessions/silentLogger.ts"

/** libsignal as Baileys loads it: the prototypes the transport's sends go through. */
interface Address {
  toString(): string
}
interface Libsignal {
  readonly ProtocolAddress: new(name: string, deviceId: number) => Address
  readonly SessionCipher: new(storage: object, address: Address) => { queueJob: <A>(job: () => Promise<A>) => Promise<A> }
  readonly SessionBuilder: new(storage: object, address: Address) => { initOutgoing: (device: object) => Promise<unknown> }
}
const libsignal: Libsignal = createRequire(import.meta.resolve("@whiskeysockets/baileys"))("libsignal")

keepSignalJobContexts()

/** A promise and the function that settles it: a job that holds its address's queue until the test lets it go. */
const gate = () => {
  let open = () => {}
  const opened = new Promise<void>((resolve) => {
    open = resolve
  })
  return { open, opened }
}

/** A key store that keeps the recipient's session as the transaction commits it (what a restart would read). */
const committedSessions = () => {
  const committed: Array<string> = []
  const store: SignalKeyStore = {
    get: async () => ({}),
    set: async (changes: SignalDataSet) => {
      const session = changes.session?.["recipient.0"]
      if (session) committed.push(Buffer.from(session).toString())
    }
  }
  return { store, committed }
}

const sessionKey = (value: string) => ({ session: { "recipient.0": new Uint8Array(Buffer.from(value)) } })

describe("libsignal's jobs run in the async context of the call that queued them (its queues are process-wide)", () => {
  const context = new AsyncLocalStorage<string>()
  const address = new libsignal.ProtocolAddress("recipient", 0)

  it("a cipher's job queued behind another session's runs in its own caller's context", async () => {
    const held = gate()
    const first = context.run("session A", () =>
      new libsignal.SessionCipher({}, address).queueJob(async () => {
        await held.opened
        return context.getStore()
      }))
    const second = context.run("session B", () => new libsignal.SessionCipher({}, address).queueJob(async () => context.getStore()))
    held.open()
    assert.deepStrictEqual(await Promise.all([first, second]), ["session A", "session B"])
  })

  it("a session from a pre-key bundle reads its storage in its caller's context", async () => {
    const held = gate()
    const first = context.run("session A", () => new libsignal.SessionCipher({}, address).queueJob(() => held.opened))
    const seen: Array<string | undefined> = []
    // An untrusted identity ends `initOutgoing` at its first storage call, which is all the test needs to see.
    const storage = { isTrustedIdentity: async () => (seen.push(context.getStore()), false) }
    const second = context.run("session B", () => new libsignal.SessionBuilder(storage, address).initOutgoing({ identityKey: Buffer.alloc(33) }))
    held.open()
    await first
    const refused = await second.then(() => undefined, (error: unknown) => error)
    assert.instanceOf(refused, Error)
    assert.deepStrictEqual(seen, ["session B"])
  })

  it("with Baileys' key transactions: a send's session change is committed by its own transaction, even when another session kept the queue busy", async () => {
    const b = committedSessions()
    const keysB = addTransactionCapability(b.store, silentLogger, { maxCommitRetries: 1, delayBetweenTriesMs: 0 })
    const cipher = () => new libsignal.SessionCipher({}, address)
    // Session B's first send starts the address's executor; session A's job, queued meanwhile, keeps it running.
    const held = gate()
    let queuedA: Promise<void> = Promise.resolve()
    await keysB.transaction(() =>
      cipher().queueJob(async () => {
        queuedA = cipher().queueJob(() => held.opened)
        await keysB.set(sessionKey("first send"))
      }), "recipient")
    // B's second send queues behind A's job, in a transaction of its own.
    const second = keysB.transaction(() =>
      cipher().queueJob(async () => {
        await keysB.set(sessionKey("second send"))
      }), "recipient")
    held.open()
    await Promise.all([queuedA, second])
    assert.deepStrictEqual(b.committed, ["first send", "second send"])
  })
})

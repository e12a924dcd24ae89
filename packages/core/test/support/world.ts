import { assert } from "@effect/vitest"
import {
  CoreServices,
  createSession,
  InboundSync,
  type OrgId,
  type Principal,
  SendDrains,
  SendRateLimiter,
  SendSettings,
  type SendSettingsShape,
  type Session,
  TransportOwnership,
  type UserJid,
  getGroup,
  type GroupJid,
  type Group,
  WhatsAppPort
} from "@wagate/core"
import { MemoryStore, Simulator } from "@wagate/memory"
import { Context, Effect, Layer, Ref } from "effect"

/** Every WhatsApp action the use-cases asked for, by method name (the local `connection` read is not one). */
export class CallLog extends Context.Service<CallLog, Ref.Ref<ReadonlyArray<string>>>()("@wagate/core/test/CallLog") {}

type Send = WhatsAppPort["Service"]["send"]

/**
 * What WhatsApp answers to sends, for tests that need another answer than the simulator's: a function of the
 * simulator's own `send` (wrap it, or replace it). The drains capture the port when the world is built, so a
 * test changes sending here rather than by providing another port to one call.
 */
export class SendBehaviour extends Context.Service<SendBehaviour, Ref.Ref<(inner: Send) => Send>>()("@wagate/core/test/SendBehaviour") {}

/** Makes WhatsApp answer sends with `behaviour` (given the simulator's own `send`) until the next call. */
export const sendWith = (behaviour: (inner: Send) => Send) =>
  Effect.gen(function*() {
    yield* Ref.set(yield* SendBehaviour, behaviour)
  })

/** The simulator's port, wrapped so a test can assert that a use-case did not talk to WhatsApp. */
const SpiedSimulator = Layer.effectContext(
  Effect.gen(function*() {
    const inner = yield* WhatsAppPort
    const log = yield* Ref.make<ReadonlyArray<string>>([])
    const behaviour = yield* Ref.make<(inner: Send) => Send>((inner) => inner)
    const track = <Args extends ReadonlyArray<unknown>, A, E>(name: string, f: (...args: Args) => Effect.Effect<A, E>) =>
    (...args: Args): Effect.Effect<A, E> => Effect.andThen(Ref.update(log, (calls) => [...calls, name]), f(...args))
    const port = WhatsAppPort.of({
      ...inner,
      start: track("start", inner.start),
      requestQr: track("requestQr", inner.requestQr),
      requestPairingCode: track("requestPairingCode", inner.requestPairingCode),
      logout: track("logout", inner.logout),
      remove: track("remove", inner.remove),
      release: inner.release,
      createGroup: track("createGroup", inner.createGroup),
      groupMetadata: track("groupMetadata", inner.groupMetadata),
      participatingGroups: track("participatingGroups", inner.participatingGroups),
      updateSubject: track("updateSubject", inner.updateSubject),
      updateDescription: track("updateDescription", inner.updateDescription),
      updateSettings: track("updateSettings", inner.updateSettings),
      leaveGroup: track("leaveGroup", inner.leaveGroup),
      updateParticipants: track("updateParticipants", inner.updateParticipants),
      inviteCode: track("inviteCode", inner.inviteCode),
      revokeInvite: track("revokeInvite", inner.revokeInvite),
      acceptInvite: track("acceptInvite", inner.acceptInvite),
      inviteInfo: track("inviteInfo", inner.inviteInfo),
      joinRequests: track("joinRequests", inner.joinRequests),
      updateJoinRequests: track("updateJoinRequests", inner.updateJoinRequests),
      createCommunity: track("createCommunity", inner.createCommunity),
      linkGroup: track("linkGroup", inner.linkGroup),
      unlinkGroup: track("unlinkGroup", inner.unlinkGroup),
      send: track("send", (sessionId, message) => Effect.flatMap(Ref.get(behaviour), (f) => f(inner.send)(sessionId, message))),
      sendPresence: track("sendPresence", inner.sendPresence),
      markRead: track("markRead", inner.markRead)
    })
    return Context.make(WhatsAppPort, port).pipe(
      Context.add(CallLog, log),
      Context.add(SendBehaviour, behaviour),
      Context.add(Simulator, yield* Simulator)
    )
  })
).pipe(Layer.provide(Simulator.layer))

/**
 * The whole hexagon over in-memory adapters: store, simulator (spied), core services, send rate and settings, and
 * the background work of the process that owns the transport: the inbound sync and the outbox drains.
 */
export const makeWorld = (options: { readonly sendRatePerMinute?: number; readonly sending?: Partial<SendSettingsShape> } = {}) => {
  const ports = Layer.mergeAll(
    MemoryStore.layer,
    SpiedSimulator,
    CoreServices.layer,
    SendRateLimiter.make({ perMinute: options.sendRatePerMinute ?? 60 }),
    TransportOwnership.layerSole,
    Layer.succeed(SendSettings, { ...SendSettings.defaultValue(), ...options.sending })
  )
  return Layer.mergeAll(InboundSync, SendDrains.layer).pipe(Layer.provideMerge(ports))
}

export const World = makeWorld()

const principal = (org: string, capabilities: Principal["capabilities"]): Principal => ({
  orgId: org as OrgId,
  capabilities
})

/** Callers used across the tests: two organisations, and read-only and send-only callers of the first. */
export const acme = principal("acme", ["read", "send", "manage"])
export const acmeReader = principal("acme", ["read"])
export const acmeSender = principal("acme", ["read", "send"])
export const globex = principal("globex", ["read", "send", "manage"])

let sessionCounter = 0

/** A new connected session for the caller's organisation. */
export const newSession = (owner: Principal = acme) =>
  Effect.gen(function*() {
    sessionCounter += 1
    const session: Session = yield* createSession(owner, { id: `s${sessionCounter}-${owner.orgId}`, name: "test" })
    assert.strictEqual(session.status, "connected")
    assert.isNotNull(session.phoneJid)
    return session as Session & { readonly phoneJid: NonNullable<Session["phoneJid"]> }
  })

let userCounter = 0

/** A fresh phone number that exists on WhatsApp; `prefix` 999 refuses direct adds, 000 is not on WhatsApp. */
export const user = (prefix = "62"): UserJid => {
  userCounter += 1
  return `${prefix}${String(userCounter).padStart(10, "0")}@s.whatsapp.net` as UserJid
}

/** WhatsApp calls made since the last `resetCalls`. */
export const calls = Effect.gen(function*() {
  return yield* Ref.get(yield* CallLog)
})
export const resetCalls = Effect.gen(function*() {
  yield* Ref.set(yield* CallLog, [])
})

/** Lets forked fibers (the inbound sync) run until `check` holds, without real time passing. */
export const eventually = <A, E, R>(check: Effect.Effect<A, E, R>, until: (a: A) => boolean) =>
  Effect.gen(function*() {
    for (let i = 0; i < 200; i++) {
      const value = yield* check
      if (until(value)) return value
      yield* Effect.yieldNow
    }
    return yield* check
  })

/** Waits until the inbound sync has stored the group for a session that learned of it from WhatsApp. */
export const synced = (owner: Principal, sessionId: string, groupJid: GroupJid, until: (group: Group) => boolean = () => true) =>
  eventually(Effect.option(getGroup(owner, sessionId, groupJid)), (found) => found._tag === "Some" && until(found.value)).pipe(
    Effect.flatMap((found) => found._tag === "Some" ? Effect.succeed(found.value) : Effect.die(new Error(`group ${groupJid} never reached session ${sessionId}`)))
  )

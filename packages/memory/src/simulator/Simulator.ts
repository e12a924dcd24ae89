import {
  type GroupJid,
  type InboundChange,
  type NotFound,
  type NotGroupMember,
  type NotOnWhatsApp,
  type PhoneJid,
  type SessionNotConnected,
  type SimulatedMessage,
  type MessageStatus,
  type SessionId,
  type WaMessageId,
  WhatsAppPort
} from "@wagate/core"
import { Context, Effect, Layer, Queue, Stream, SynchronizedRef } from "effect"
import * as Communities from "./communities.ts"
import * as Groups from "./groups.ts"
import * as Invites from "./invites.ts"
import * as Messages from "./messages.ts"
import * as Participants from "./participants.ts"
import * as Sessions from "./sessions.ts"
import { type Addressing, emptyWorld, type SentPresence, type SentRead, type Step, step, type World, withSession } from "./World.ts"

/**
 * Builds one simulated WhatsApp world and both faces of it: the `WhatsAppPort` the core drives, and the
 * `Simulator` controls that play the other side (the network, the phone, the recipients).
 */
const make = Effect.gen(function*() {
  const world = yield* SynchronizedRef.make(emptyWorld)
  const changes = yield* Queue.unbounded<InboundChange>()

  /** Hands changes to connected sessions; WhatsApp holds the rest until the session connects again. */
  const deliver = Effect.fn("Simulator.deliver")(function*(state: World, pushed: ReadonlyArray<InboundChange>) {
    let next = state
    for (const change of pushed) {
      const session = next.sessions.get(change.sessionId)
      if (session === undefined) continue
      // The adapter itself sees its socket change, so status changes never wait.
      if (session.status === "connected" || change._tag === "SessionStatusChanged") {
        yield* Queue.offer(changes, change)
      } else if (session.phoneJid !== null) {
        next = withSession(next, { ...session, pending: [...session.pending, change] })
      }
    }
    return next
  })

  /** Runs one operation atomically: its checks, its state change and the delivery of what it pushes. */
  const run = <A, E>(operation: (state: World) => Effect.Effect<Step<A>, E>): Effect.Effect<A, E> =>
    SynchronizedRef.modifyEffect(world, (state) =>
      Effect.flatMap(operation(state), (done) =>
        Effect.map(deliver(done.world, done.changes), (next) => [done.result, next] as const)))

  const runPure = <A>(operation: (state: World) => Step<A>): Effect.Effect<A> =>
    run((state) => Effect.succeed(operation(state)))

  const port = WhatsAppPort.of({
    start: (sessionId) => runPure((w) => Sessions.link(w, sessionId)),
    connection: (sessionId) => runPure((w) => Sessions.connection(w, sessionId)),
    linked: (sessionId) => runPure((w) => Sessions.linked(w, sessionId)),
    requestQr: (sessionId) => run((w) => Sessions.requestQr(w, sessionId)),
    requestPairingCode: (sessionId, phone) => run((w) => Sessions.requestPairingCode(w, sessionId, phone)),
    logout: (sessionId) => runPure((w) => Sessions.logout(w, sessionId)),
    remove: (sessionId) => runPure((w) => Sessions.remove(w, sessionId)),
    // The in-process world has no socket to close, and is never handed over (it lives in one process).
    release: () => Effect.void,

    createGroup: (sessionId, group) => run((w) => Groups.createGroup(w, sessionId, group)),
    groupMetadata: (sessionId, groupJid) => run((w) => Groups.groupMetadata(w, sessionId, groupJid)),
    participatingGroups: (sessionId) => run((w) => Groups.participatingGroups(w, sessionId)),
    updateSubject: (sessionId, groupJid, subject) => run((w) => Groups.updateSubject(w, sessionId, groupJid, subject)),
    updateDescription: (sessionId, groupJid, description) =>
      run((w) => Groups.updateDescription(w, sessionId, groupJid, description)),
    updateSettings: (sessionId, groupJid, settings) => run((w) => Groups.updateSettings(w, sessionId, groupJid, settings)),
    leaveGroup: (sessionId, groupJid) => run((w) => Groups.leaveGroup(w, sessionId, groupJid)),
    updateParticipants: (sessionId, groupJid, action, participants) =>
      run((w) => Participants.updateParticipants(w, sessionId, groupJid, action, participants)),

    inviteCode: (sessionId, groupJid) => run((w) => Invites.inviteCode(w, sessionId, groupJid)),
    revokeInvite: (sessionId, groupJid) => run((w) => Invites.revokeInvite(w, sessionId, groupJid)),
    acceptInvite: (sessionId, code) => run((w) => Invites.acceptInvite(w, sessionId, code)),
    inviteInfo: (sessionId, code) => run((w) => Invites.inviteInfo(w, sessionId, code)),
    joinRequests: (sessionId, groupJid) => run((w) => Invites.joinRequests(w, sessionId, groupJid)),
    updateJoinRequests: (sessionId, groupJid, action, participants) =>
      run((w) => Invites.updateJoinRequests(w, sessionId, groupJid, action, participants)),

    createCommunity: (sessionId, community) => run((w) => Communities.createCommunity(w, sessionId, community)),
    linkGroup: (sessionId, communityJid, groupJid) => run((w) => Communities.linkGroup(w, sessionId, communityJid, groupJid)),
    unlinkGroup: (sessionId, communityJid, groupJid) =>
      run((w) => Communities.unlinkGroup(w, sessionId, communityJid, groupJid)),

    send: (sessionId, message) => run((w) => Messages.send(w, sessionId, message)),
    sendPresence: (sessionId, chat, state) => run((w) => Messages.sendPresence(w, sessionId, chat, state)),
    markRead: (sessionId, chat, messages) => run((w) => Messages.markRead(w, sessionId, chat, messages)),

    changes: Stream.fromQueue(changes)
  })

  const controls = Simulator.of({
    connect: (sessionId) => runPure((w) => Sessions.link(w, sessionId)),
    disconnect: (sessionId) => runPure((w) => Sessions.drop(w, sessionId)),
    receipt: (sessionId, waMessageId, status) => runPure((w) => Messages.receipt(w, sessionId, waMessageId, status)),
    receive: (sessionId, from, chatJid, message) => run((w) => Messages.receive(w, sessionId, from, chatJid, message)),
    setGroupAddressing: (addressing) => runPure((w) => step({ ...w, addressing }, undefined)),
    presences: (sessionId) => Effect.map(SynchronizedRef.get(world), (w) => w.presences.filter((p) => p.sessionId === sessionId)),
    reads: (sessionId) => Effect.map(SynchronizedRef.get(world), (w) => w.reads.filter((r) => r.sessionId === sessionId))
  })

  return Context.make(WhatsAppPort, port).pipe(Context.add(Simulator, controls))
})

/**
 * The in-process WhatsApp world (`WAGATE_TRANSPORT=simulator`): every session of the process lives in it.
 * Its controls play what the real network would do: connections dropping and coming back, and receipts.
 *
 * `WhatsAppPort.changes` reads one unbounded queue: nothing pushed before a consumer starts is lost, and each
 * change goes to exactly one reader, so a process runs ONE consumer (the core's inbound worker). Two readers
 * would split the changes between them.
 */
export class Simulator extends Context.Service<Simulator, {
  /** The phone comes back online (or scans the QR / enters the pairing code): the session connects. */
  readonly connect: (sessionId: SessionId) => Effect.Effect<void>
  /** The socket drops: live calls fail with `SessionNotConnected`, changes wait until `connect`. */
  readonly disconnect: (sessionId: SessionId) => Effect.Effect<void>
  /** A recipient's phone acknowledges a message the session sent. */
  readonly receipt: (sessionId: SessionId, waMessageId: WaMessageId, status: MessageStatus) => Effect.Effect<void>
  /**
   * A virtual user sends the session's account a message, directly or in a group both are in (`chatJid`); held
   * while the session is offline. Answers the message's WhatsApp id.
   */
  readonly receive: (
    sessionId: SessionId,
    from: PhoneJid,
    chatJid: GroupJid | null,
    message: SimulatedMessage
  ) => Effect.Effect<WaMessageId, SessionNotConnected | NotOnWhatsApp | NotFound | NotGroupMember>
  /**
   * How the groups created from now on name their members: by LID (the default, as on WhatsApp today and in
   * wa-sim; ADR 0023) or by phone JID (`"pn"`, older groups).
   */
  readonly setGroupAddressing: (addressing: Addressing) => Effect.Effect<void>
  /** The typing and recording states the session showed, oldest first: what its chats' other phones saw. */
  readonly presences: (sessionId: SessionId) => Effect.Effect<ReadonlyArray<SentPresence>>
  /** The read receipts the session sent, oldest first: what the senders' phones saw. */
  readonly reads: (sessionId: SessionId) => Effect.Effect<ReadonlyArray<SentRead>>
}>()("@wagate/memory/Simulator") {
  /** One shared world providing both the `WhatsAppPort` and its `Simulator` controls. */
  static readonly layer: Layer.Layer<WhatsAppPort | Simulator> = Layer.effectContext(make)
}

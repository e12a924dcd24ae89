import type { ChatPresence, LidJid, PhoneJid, SessionId, UserJid } from "@wagate/core"
import { Context, type Effect } from "effect"

/** A session the harness started: connected, linked to the account `phoneJid` whose LID is `lid`. */
export interface HarnessSession {
  readonly sessionId: SessionId
  readonly phoneJid: PhoneJid
  readonly lid: LidJid
}

/** A typing or recording state as WhatsApp received it: the chat as the session named it. */
export interface SeenPresence {
  readonly chat: string
  readonly state: ChatPresence
}

/**
 * What the WhatsApp contract suite needs besides the port: the other side of the wire. Each adapter's tests
 * provide one (the simulator drives its world; a Baileys adapter would drive its protocol simulator).
 */
export class WhatsAppHarness extends Context.Service<WhatsAppHarness, {
  /** A fresh session with a unique id, started and connected. */
  readonly newSession: Effect.Effect<HarnessSession>
  /** The session's phone comes online (or completes pairing). */
  readonly connect: (sessionId: SessionId) => Effect.Effect<void>
  /** The session's connection drops. */
  readonly disconnect: (sessionId: SessionId) => Effect.Effect<void>
  /** A fresh WhatsApp user that no session drives and that accepts direct adds. */
  readonly newUser: Effect.Effect<PhoneJid>
  /** A fresh user whose privacy settings refuse direct adds (an invite is sent instead). */
  readonly privateUser: Effect.Effect<UserJid>
  /** A fresh number that is not on WhatsApp. */
  readonly unknownUser: Effect.Effect<UserJid>
  /**
   * The typing and recording states the session showed, oldest first, once WhatsApp has received at least
   * `count` of them: a real socket writes a stanza before the server reads it, so the harness waits for it.
   */
  readonly presencesSeen: (sessionId: SessionId, count: number) => Effect.Effect<ReadonlyArray<SeenPresence>>
}>()("@wagate/testing/WhatsAppHarness") {}

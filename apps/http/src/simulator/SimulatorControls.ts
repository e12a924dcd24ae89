import type {
  Conflict,
  GroupJid,
  NotFound,
  NotGroupMember,
  NotImplemented,
  PhoneJid,
  SessionCallError,
  SessionId,
  SimulatedMessage,
  UserJid,
  WaMessageId,
  WhatsAppFailure
} from "@wagate/core"
import { Context, type Effect, Schema } from "effect"

/** The simulated world refused a control (a session it has never linked, say); `message` says why. */
export class SimulatorRefused extends Schema.TaggedError<SimulatorRefused>()("SimulatorRefused", {
  message: Schema.String
}) {}

/** What a control of the network or the phone can meet: the simulator refuses it, or does not answer. */
export type ControlError = SimulatorRefused | WhatsAppFailure

/**
 * The `_simulator` controls: what the phone and the network do to a session, in whichever simulated world the
 * gateway runs on — the in-process one (`WAGATE_TRANSPORT=simulator`) or the protocol simulator the sandbox
 * points Baileys at (driven over its control API). The routes call this one interface.
 */
export class SimulatorControls extends Context.Service<SimulatorControls, {
  /** The phone (`phone`, else the number derived from the session id) scans the session's current QR. */
  readonly link: (sessionId: SessionId, phone: UserJid | undefined) => Effect.Effect<void, ControlError | SessionCallError | Conflict>
  /** The network refuses the session's account until `connect`. */
  readonly disconnect: (sessionId: SessionId) => Effect.Effect<void, ControlError>
  /** The network accepts it again. */
  readonly connect: (sessionId: SessionId) => Effect.Effect<void, ControlError>
  /** The server closes the session's socket once; the session reconnects by itself. */
  readonly drop: (sessionId: SessionId) => Effect.Effect<void, ControlError>
  /** The phone unlinks the device: the session becomes `logged_out`. */
  readonly unlink: (sessionId: SessionId) => Effect.Effect<void, ControlError | NotImplemented>
  /**
   * The user `from` sends the session's account a message, directly or in a group both are in (`chatJid`); it is
   * held while the session is offline. Answers the message's WhatsApp id.
   */
  readonly receive: (
    sessionId: SessionId,
    from: PhoneJid,
    chatJid: GroupJid | null,
    message: SimulatedMessage
  ) => Effect.Effect<WaMessageId, ControlError | SessionCallError | NotFound | NotGroupMember | NotImplemented>
}>()("@wagate/http/SimulatorControls") {}

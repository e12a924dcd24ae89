import type { GroupJid, WhatsAppFailure } from "@wagate/core"
import { Effect } from "effect"
import { timedOut, toFailure, toGroupError, toInviteError } from "../errors/toDomainError.ts"

/** One Baileys call about the session or something new, its failure a `WhatsAppFailure`. */
export const call = <A>(what: string, run: () => Promise<A>) =>
  Effect.tryPromise({ try: run, catch: (error) => toFailure(what, error) })

/** One Baileys call about a group, its failure mapped by `toGroupError`. */
export const groupCall = <A>(what: string, groupJid: GroupJid, run: () => Promise<A>) =>
  Effect.tryPromise({ try: run, catch: (error) => toGroupError(what, groupJid, error) })

/** One Baileys call with an invite code, its failure mapped by `toInviteError`. */
export const inviteCall = <A>(what: string, code: string, run: () => Promise<A>) =>
  Effect.tryPromise({ try: run, catch: (error) => toInviteError(what, code, error) })

/** An answer of `undefined` means WhatsApp did not answer in time (Baileys rc14's `query` on timeout). */
export const defined = (what: string) => <A, E, R>(self: Effect.Effect<A | undefined, E, R>): Effect.Effect<A, E | WhatsAppFailure, R> =>
  Effect.flatMap(self, (value): Effect.Effect<A, WhatsAppFailure> => (value === undefined ? Effect.fail(timedOut(what)) : Effect.succeed(value)))

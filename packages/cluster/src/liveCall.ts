import type { SessionId, WhatsAppPort } from "@wagate/core"
import { type Effect, Schema } from "effect"
import { LiveError, type LiveMethod } from "./SessionEntity.ts"

type Port = WhatsAppPort["Service"]

/** How any live action can fail. */
export type LiveFailure = Schema.Schema.Type<typeof LiveError>

/** The arguments of a port method after the session id. */
export type LiveArgs<K extends LiveMethod> = Port[K] extends (sessionId: SessionId, ...args: infer A) => Effect.Effect<infer _S, infer _E> ? A
  : never

/** What a port method succeeds with. */
export type LiveSuccess<K extends LiveMethod> = Port[K] extends (...args: infer _A) => Effect.Effect<infer S, infer _E> ? S : never

/** How a port method fails. */
export type LiveFailureOf<K extends LiveMethod> = Port[K] extends (...args: infer _A) => Effect.Effect<infer _S, infer E> ? E : never

/** Whether a call's failure is the port's own (as opposed to the cluster's: the owner out of reach). */
export const isLiveFailure: (error: unknown) => error is LiveFailure = Schema.is(LiveError)

/**
 * A port value as it crosses the wire: plain JSON. Fields left `undefined` are dropped (as an absent optional field
 * reads the same), and a `void` result is `null`.
 */
export const plain = (value: unknown): unknown => (value === undefined ? null : JSON.parse(JSON.stringify(value)))

import { Context, Effect, Layer } from "effect"

/**
 * Who may open the WhatsApp connections of a store's sessions. Until sessions are distributed over processes,
 * one process owns every socket of a database: a second one opening them too would have WhatsApp replace each
 * socket by the other's, back and forth.
 */
export type Ownership =
  /** This process holds the connections of every session of the store, for as long as the layer lives. */
  | { readonly _tag: "Owner" }
  /** Another process holds them: this one serves stored data and opens no socket. `holder` says who, for people. */
  | { readonly _tag: "Observer"; readonly holder: string }

/** Decided once, when the layer is built, and held until its scope closes (the life of the process). */
export class TransportOwnership extends Context.Service<TransportOwnership, {
  readonly ownership: Ownership
}>()("@wagate/core/TransportOwnership") {
  /**
   * For a store no other process can open (in memory, or the embedded database, whose directory lock already
   * keeps a second process out): this process is the owner.
   */
  static readonly layerSole: Layer.Layer<TransportOwnership> = Layer.succeed(TransportOwnership, {
    ownership: { _tag: "Owner" }
  })
}

/**
 * Runs `start` only in the process that owns the transport (background work that must happen once per database,
 * ADR 0027); elsewhere logs that `what` is done by the owner, naming it.
 */
export const inOwnerProcess = <E, R>(what: string, start: Effect.Effect<void, E, R>) =>
  Effect.gen(function*() {
    const { ownership } = yield* TransportOwnership
    if (ownership._tag !== "Owner") {
      return yield* Effect.logInfo(`${what} by the process that owns the transport (${ownership.holder})`)
    }
    yield* start
  })

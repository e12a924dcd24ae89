import { SessionStore, WhatsAppPort } from "@wagate/core"
import { Effect, Layer } from "effect"

/**
 * At start-up, starts every session that was linked (it has a phone and was not logged out), `concurrency` at a
 * time, in the background of the layer's scope; the transport's own start-up permits bound the sockets opening.
 */
export const resumeLinkedSessions = (concurrency = 8): Layer.Layer<never, never, SessionStore | WhatsAppPort> =>
  Layer.effectDiscard(Effect.gen(function*() {
    const sessions = yield* SessionStore
    const whatsapp = yield* WhatsAppPort
    const resume = Effect.gen(function*() {
      const all = yield* sessions.all
      const linked = all.filter((s) => s.phoneJid !== null && s.status !== "logged_out")
      yield* Effect.logInfo("resuming linked sessions", { count: linked.length })
      yield* Effect.forEach(linked, (s) =>
        whatsapp.start(s.id).pipe(
          Effect.catch((error) => Effect.logWarning("a linked session did not resume", { sessionId: s.id, error: error.message }))
        ), { concurrency, discard: true })
    }).pipe(Effect.catch((error) => Effect.logError("linked sessions could not be listed", { error: error.message })))
    yield* Effect.forkScoped(resume)
  }))

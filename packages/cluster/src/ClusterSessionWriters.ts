import { SessionWriters } from "@wagate/core"
import { Duration, Effect, Layer } from "effect"
import { LocalSessionWriters } from "./LocalTransport.ts"
import { SessionEntity } from "./SessionEntity.ts"

/**
 * How long a use-case may hold a session's writer: its WhatsApp call (Baileys' 20 s query timeout, or the cluster
 * call's 45 s) and its store write. A caller that dies holding one holds the session's inbound changes this long.
 */
export const WRITER_LEASE = Duration.seconds(60)

/**
 * One writer per session across the cluster (ADR 0013, ADR 0038): a use-case's exclusive section holds the session's
 * writer at its owner (`Hold`), where the inbound sync applies the session's changes under the same writer; it lets
 * go when the section ends (`Release`), or when the lease runs out.
 */
export const ClusterSessionWriters = Layer.effect(
  SessionWriters,
  Effect.gen(function*() {
    const client = yield* SessionEntity.client
    const local = yield* LocalSessionWriters
    return SessionWriters.of({
      exclusive: (sessionId) => (effect) =>
        Effect.acquireUseRelease(
          client(sessionId).Hold({ leaseMillis: Duration.toMillis(WRITER_LEASE) }).pipe(Effect.orDie),
          () => effect,
          (lease) => Effect.ignore(client(sessionId).Release({ lease }))
        ),
      size: local.size
    })
  })
)

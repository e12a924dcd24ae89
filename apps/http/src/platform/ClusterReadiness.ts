import type { RunnerState } from "@wagate/cluster"
import { HttpServerResponse } from "effect/http"

/** `Retry-After` of a runner that is not ready: registering (or handing over) takes a few seconds. */
const retryAfterSeconds = 5

/** The runner's state as `/readyz` shows it: these seven fields, whatever else the service's value holds. */
export const clusterJson = (state: RunnerState): RunnerState => ({
  mode: state.mode,
  runner: state.runner,
  registered: state.registered,
  shards: state.shards,
  sessionsOwned: state.sessionsOwned,
  handoversIn: state.handoversIn,
  handoversOut: state.handoversOut
})

/**
 * Whether a runner may take traffic. A runner among others (`socket`) is ready only while registered: before it
 * has shard assignments, and once it lets them go on shutdown, a load balancer should send requests elsewhere. The
 * embedded database's single runner has no peers to send them to, so the store alone decides there.
 */
export const runnerReady = (state: RunnerState): boolean => state.mode === "single" || state.registered

/**
 * The 503 of a runner that is not ready: the same envelope, `Retry-After` and `details` as the store's 503 (the
 * reference's one `unavailable` schema for `/readyz`), with a message naming the runner.
 */
export const runnerNotReady = (message: string): HttpServerResponse.HttpServerResponse =>
  HttpServerResponse.jsonUnsafe(
    { error: { code: "unavailable", message, details: { retryAfterSeconds } } },
    { status: 503, headers: { "retry-after": String(retryAfterSeconds) } }
  )

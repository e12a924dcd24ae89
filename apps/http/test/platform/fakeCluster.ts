import { ClusterStatus, type RunnerState } from "@wagate/cluster"
import { Layer, Ref } from "effect"

/** A runner among others, registered, with a few sessions and hand-overs behind it. */
export const registeredRunner: RunnerState = {
  mode: "socket",
  runner: "gateway-1:34431",
  registered: true,
  shards: 100,
  sessionsOwned: 7,
  handoversIn: 3,
  handoversOut: 1
}

/** A `ClusterStatus` that answers what the test last set. */
export const fakeCluster = (initial: RunnerState) => {
  const current = Ref.makeUnsafe(initial)
  return {
    layer: Layer.succeed(ClusterStatus, ClusterStatus.of({ state: Ref.get(current) })),
    set: (change: Partial<RunnerState>) => Ref.update(current, (state) => ({ ...state, ...change }))
  }
}

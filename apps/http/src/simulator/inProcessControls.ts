import { NotImplemented } from "@wagate/core"
import { Simulator } from "@wagate/memory"
import { Effect, Layer } from "effect"
import { SimulatorControls, SimulatorRefused } from "./SimulatorControls.ts"

/**
 * The controls over the in-process world (`@wagate/memory`'s `Simulator`): a new session is connected at once,
 * so `link` has nothing to do; a drop is the network going and coming back; unlinking is not modelled there.
 */
export const inProcessControls: Layer.Layer<SimulatorControls, never, Simulator> = Layer.effect(
  SimulatorControls,
  Effect.gen(function*() {
    const simulator = yield* Simulator
    return SimulatorControls.of({
      link: () => Effect.void,
      disconnect: simulator.disconnect,
      connect: simulator.connect,
      drop: (sessionId) => Effect.andThen(simulator.disconnect(sessionId), simulator.connect(sessionId)),
      unlink: () =>
        Effect.fail(
          new NotImplemented({
            message: "the in-process simulator does not unlink devices; the sandbox (npm run sandbox) does"
          })
        ),
      receive: (sessionId, from, chatJid, message) =>
        simulator.receive(sessionId, from, chatJid, message).pipe(
          Effect.catchTag("NotOnWhatsApp", (error) => Effect.fail(new SimulatorRefused({ message: `${error.jid} is not on WhatsApp` })))
        )
    })
  })
)

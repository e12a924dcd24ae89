import { WaSimService } from "@wagate/wa-sim"
import { Effect, Layer, Option } from "effect"
import { GatewayConfig, type GatewayConfigShape } from "../config/GatewayConfig.ts"
import { failsAs } from "../config/StartupFailure.ts"
import { gatewayServer } from "../process/GatewayProcess.ts"

/** The control API of the simulator whose socket is at `socketUrl`: same host and port, path `/control`. */
export const controlUrlOf = (socketUrl: string): string => {
  const url = new URL(socketUrl)
  url.protocol = url.protocol === "wss:" ? "https:" : "http:"
  url.pathname = "/control"
  url.search = ""
  url.hash = ""
  return url.href
}

/** The gateway on the `baileys` transport pointed at a simulator, with the `_simulator` routes driving it. */
const pointedAt = (config: GatewayConfigShape, socketUrl: string, certRoot: Option.Option<string>) =>
  gatewayServer(
    { ...config, transport: "baileys", whatsapp: { url: Option.some(socketUrl), certRoot } },
    { simulatorControlUrl: controlUrlOf(socketUrl) }
  )

/**
 * `npm run sandbox`: the protocol simulator (`@wagate/wa-sim`, in this process, on a free loopback port) and the
 * gateway on the `baileys` transport pointed at it — the real Baileys client in the loop, no phone. With
 * `WAGATE_WA_URL` set, no simulator is started: the gateway joins the one at that URL (`npx wa-sim`), as several
 * gateway processes share one WhatsApp. Everything else is configured as for `npm start`.
 */
export const SandboxServer = Layer.unwrap(Effect.gen(function*() {
  const config = yield* GatewayConfig
  if (config.transport === "simulator") {
    yield* Effect.logWarning("npm run sandbox runs the baileys transport against the protocol simulator: WAGATE_TRANSPORT=simulator is ignored")
  }
  if (Option.isSome(config.whatsapp.url)) {
    const url = config.whatsapp.url.value
    yield* Effect.logInfo(`sandbox: joining the WhatsApp simulator at ${url} (control API ${controlUrlOf(url)})`)
    return pointedAt(config, url, config.whatsapp.certRoot)
  }
  const started = Layer.unwrap(Effect.gen(function*() {
    const sim = yield* WaSimService
    yield* Effect.logInfo(
      `sandbox: the WhatsApp simulator listens on ${sim.url} (control API ${sim.controlUrl}); another gateway joins it with WAGATE_WA_URL=${sim.url} WAGATE_WA_CERT_ROOT=${sim.rootPublicKey} npm run sandbox`
    )
    return pointedAt(config, sim.url, Option.some(sim.rootPublicKey))
  }))
  return started.pipe(Layer.provide(WaSimService.layer({ port: 0 }).pipe(failsAs("the sandbox's WhatsApp simulator"))))
}))

/**
 * `npm run sandbox`: the WhatsApp protocol simulator and the gateway on the `baileys` transport pointed at it, in
 * one process; SIGTERM or SIGINT stops both (exit 0), also while it loads. See docs/operations.md, "The sandbox".
 */
import { startProcess } from "../process/entry.ts"

await startProcess(async () => {
  const [{ runGatewayProcess }, { SandboxServer }] = await Promise.all([
    import("../process/GatewayProcess.ts"),
    import("./SandboxServer.ts")
  ])
  return () => runGatewayProcess(SandboxServer)
})

/**
 * `npm run sandbox`: the WhatsApp protocol simulator and the gateway on the `baileys` transport pointed at it, in
 * one process; SIGTERM or SIGINT stops both (exit 0). See docs/operations.md, "The sandbox".
 */
import { runGatewayProcess } from "../process/GatewayProcess.ts"
import { SandboxServer } from "./SandboxServer.ts"

runGatewayProcess(SandboxServer)

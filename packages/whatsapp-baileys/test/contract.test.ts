import { whatsAppPortContract } from "@wagate/testing"
import { waSimWorld } from "./support/WaSimHarness.ts"

/** The WhatsAppPort contract suite (packages/testing) on the real Baileys client against wa-sim. */
// A socket keeps real time: reconnection backoff sleeps on the live clock.
whatsAppPortContract("WhatsAppPort contract: Baileys against wa-sim", waSimWorld(), { excludeTestServices: true })

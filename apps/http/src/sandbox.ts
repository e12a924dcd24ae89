import { OrgId, type Principal } from "@wagate/core"
import { Effect } from "effect"

/** The token anyone can use against a simulated gateway (`simulator` transport, or the sandbox) started without `WAGATE_DEV_TOKENS`. */
export const SANDBOX_TOKEN = "sandbox"

/**
 * The tokens the in-memory `AuthPort` accepts. A gateway on a simulated WhatsApp (the in-process world, or the
 * sandbox's protocol simulator) with none configured gets the `sandbox` token (organisation `sandbox`, every
 * capability), so anyone can try the API without a phone; real WhatsApp never gets a default.
 */
export const sandboxTokens = Effect.fn("sandboxTokens")(function*(
  simulated: boolean,
  configured: ReadonlyMap<string, Principal>
) {
  if (!simulated || configured.size > 0) return configured
  yield* Effect.logWarning(
    `simulator sandbox: no WAGATE_DEV_TOKENS set, so the bearer token "${SANDBOX_TOKEN}" is accepted for organisation "sandbox" with read, send and manage`
  )
  const principal: Principal = { orgId: OrgId.make("sandbox"), capabilities: ["read", "send", "manage"] }
  return new Map([[SANDBOX_TOKEN, principal]])
})

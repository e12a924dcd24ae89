import { Schema } from "effect"
import { OrgId } from "./Ids.ts"

/** `read` for GETs, `send` for live group actions and sending, `manage` for sessions, api keys and webhooks. */
export const Capability = Schema.Literals(["read", "send", "manage"]).annotate({
  description: "`read` (GETs), `send` (live group actions and sending), `manage` (sessions, api keys and webhooks)."
})
export type Capability = typeof Capability.Type

/** The authenticated caller: an organisation and what it may do. */
export const Principal = Schema.Struct({
  orgId: OrgId,
  capabilities: Schema.Array(Capability)
})
export type Principal = typeof Principal.Type

export const hasCapability = (principal: Principal, capability: Capability): boolean =>
  principal.capabilities.includes(capability)

import type { Capability } from "@wagate/core"

const ALL: ReadonlyArray<Capability> = ["read", "send", "manage"]

const byRole: ReadonlyMap<string, ReadonlyArray<Capability>> = new Map([
  ["owner", ALL],
  ["admin", ALL],
  ["member", ["read", "send"]],
  ["viewer", ["read"]]
])

/**
 * The capabilities of a JWT's `role` claim: owner and admin → read, send, manage; member → read, send;
 * viewer → read. Any other value, or none, gives no capability (the caller is still authenticated).
 */
export const capabilitiesForRole = (role: unknown): ReadonlyArray<Capability> =>
  typeof role === "string" ? [...(byRole.get(role) ?? [])] : []

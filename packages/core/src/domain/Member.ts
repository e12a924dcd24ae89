import { Schema } from "effect"
import { UserJid } from "./Jid.ts"

/** A member's role in a group; the creator is `superadmin`. */
export const Role = Schema.Literals(["member", "admin", "superadmin"])
export type Role = typeof Role.Type

/** A group member. */
export const Member = Schema.Struct({ jid: UserJid, role: Role })
export type Member = typeof Member.Type

export const isAdminRole = (role: Role): boolean => role === "admin" || role === "superadmin"

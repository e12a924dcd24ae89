import { Schema } from "effect"
import { UserJid } from "./Jid.ts"

/** A member's role in a group; the creator is `superadmin`. */
export const Role = Schema.Literals(["member", "admin", "superadmin"]).annotate({
  description: "The member's role: `member`, `admin`, or `superadmin` (the group's creator)."
})
export type Role = typeof Role.Type

/** A group member. */
export const Member = Schema.Struct({
  jid: UserJid.annotate({ description: "The member's address in this group." }),
  role: Role
}).annotate({ description: "A member of a group, as stored for the session." })
export type Member = typeof Member.Type

export const isAdminRole = (role: Role): boolean => role === "admin" || role === "superadmin"

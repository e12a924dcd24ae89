export * from "./groups.ts"
export * from "./invites.ts"
export * from "./participants.ts"
export * from "./send.ts"

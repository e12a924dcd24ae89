/**
 * @wagate/memory — in-memory adapters: the store, static-token auth and the simulator WhatsApp world.
 */
export * from "./store/index.ts"
export * from "./auth/index.ts"
export * from "./simulator/index.ts"

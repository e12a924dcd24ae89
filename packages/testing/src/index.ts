/**
 * @wagate/testing — the contract suites every adapter of a port runs, so all adapters behave alike.
 */
export * from "./store/index.ts"
export * from "./auth/index.ts"
export * from "./whatsapp/index.ts"

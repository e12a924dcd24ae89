/**
 * @wagate/http — the bundled HTTP gateway: the v1 contract over the core use-cases.
 */
export * from "./api/Authentication.ts"
export * as ApiErrors from "./api/errors.ts"
export { SimulatorApi } from "./api/SimulatorApi.ts"
export { WagateApi } from "./api/WagateApi.ts"
export * from "./client.ts"
export * from "./Gateway.ts"

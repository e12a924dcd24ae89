/**
 * @wagate/http — the bundled HTTP gateway: the v1 contract over the core use-cases.
 */
export * from "./api/Authentication.ts"
export * from "./api/ApiFailures.ts"
export * from "./api/errors/domainErrors.ts"
export * from "./api/errors/gatewayErrors.ts"
export { SimulatorApi } from "./api/SimulatorApi.ts"
export { WagateApi } from "./api/WagateApi.ts"
export * from "./client.ts"
export * from "./Gateway.ts"

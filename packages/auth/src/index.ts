/**
 * @wagate/auth — the gateway's `AuthPort`: api keys (`wgk_…`, stored as SHA-256) and JWTs verified against a JWKS.
 */
export * from "./api-keys/ApiKeyAuth.ts"
export * from "./BearerAuth.ts"
export * from "./jwt/JwtAuth.ts"
export { JWT_ALGORITHMS, type JwtAlgorithm } from "./jwt/parseJwt.ts"
export { capabilitiesForRole } from "./jwt/roles.ts"

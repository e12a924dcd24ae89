/** The bearer scheme as the reference describes it: api keys and JWTs. */
export const bearerDescription =
  "`Authorization: Bearer <token>`. Two kinds of token are tried in turn: an api key (`wgk_…`, created with `POST /api/v1/api-keys` or the `wagate apikey` CLI) or a JWT verified against the JWKS the gateway is configured with (`WAGATE_JWKS_URL`; RS256, ES256 or EdDSA; the organisation from the `org` claim, capabilities from `role`)."

/** The token formats the bearer scheme accepts (OpenAPI `bearerFormat`, a hint for people). */
export const bearerFormat = "api key (wgk_…) or JWT"

import { OrgId, type Principal } from "@wagate/core"
import { authPortContract } from "@wagate/testing"
import { Effect, Layer } from "effect"
import { JwksServer } from "./support/JwksServer.ts"
import { withJwt } from "./support/jwtSetup.ts"
import { makeKey, sign } from "./support/signing.ts"

// The contract reads the fixture when its tests run, after the layer below has published the key and signed the
// tokens. They never expire: the contract's tests run at whatever time their TestClock says.
const fixture = {
  validToken: "",
  principal: { orgId: OrgId.make("acme"), capabilities: ["read", "send"] } satisfies Principal,
  unknownToken: "",
  unknownReason: "unknown_key" as const
}

const forever = { org: "acme", role: "member", exp: Date.parse("2100-01-01T00:00:00Z") / 1000 }

const issueTokens = Layer.effectDiscard(Effect.gen(function*() {
  const server = yield* JwksServer
  const [issuer, stranger] = yield* Effect.all([makeKey("ES256", "issuer-1"), makeKey("ES256", "stranger-1")])
  yield* server.setKeys([issuer.jwk])
  fixture.validToken = yield* sign(issuer, forever)
  fixture.unknownToken = yield* sign(stranger, forever)
}))

authPortContract("BearerAuth (JWT)", issueTokens.pipe(Layer.provideMerge(withJwt())), fixture)

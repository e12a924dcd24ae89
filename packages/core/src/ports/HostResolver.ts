import { Context, type Effect, Schema } from "effect"

/** A host name resolved to no address. */
export class HostUnresolvable extends Schema.TaggedError<HostUnresolvable>()("HostUnresolvable", {
  host: Schema.String
}) {
  override get message() {
    return `${this.host} does not resolve to an address`
  }
}

/** Name resolution (DNS): the addresses a host name stands for, IPv4 and IPv6 as text. */
export class HostResolver extends Context.Service<HostResolver, {
  readonly resolve: (host: string) => Effect.Effect<ReadonlyArray<string>, HostUnresolvable>
}>()("@wagate/core/HostResolver") {}

import type { BinaryNode } from "../protocol/baileys.ts"
import { iqError } from "../protocol/stanzas.ts"
import type { DeviceContext } from "../stanzas/DeviceContext.ts"
import type { IqAnswer, IqHandler } from "./IqHandler.ts"

/** The handlers by namespace; a new namespace plugs in with one entry. */
export type IqHandlers = Readonly<Record<string, IqHandler>>

/**
 * Answers a client IQ with the handler of its `xmlns`. A namespace the simulator does not speak yet is
 * answered `501 feature-not-implemented`, which Baileys raises as a Boom error, so a gap shows at once.
 */
export const dispatchIq = async (
  handlers: IqHandlers,
  iq: BinaryNode,
  context: DeviceContext
): Promise<ReadonlyArray<BinaryNode>> => {
  const xmlns = iq.attrs["xmlns"] ?? ""
  const handler = Object.hasOwn(handlers, xmlns) ? handlers[xmlns] : undefined
  const answer: IqAnswer = handler ? await handler(iq, context) : iqError(iq, 501, "feature-not-implemented")
  return Array.isArray(answer) ? answer : [answer as BinaryNode]
}

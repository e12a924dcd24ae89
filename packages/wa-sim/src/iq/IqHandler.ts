import type { BinaryNode } from "../protocol/baileys.ts"
import type { DeviceContext } from "../stanzas/DeviceContext.ts"

/** The reply first, then any stanzas that must follow it on the same socket. */
export type IqAnswer = BinaryNode | ReadonlyArray<BinaryNode>

/** Answers the IQs of one `xmlns`. */
export type IqHandler = (iq: BinaryNode, context: DeviceContext) => IqAnswer | Promise<IqAnswer>

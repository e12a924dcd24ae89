import type { BinaryNode } from "../protocol/baileys.ts"
import type { DeviceContext } from "./DeviceContext.ts"

/** Handles the stanzas of one tag from a logged-in device; returns what to send back on its socket, in order. */
export type StanzaHandler = (
  stanza: BinaryNode,
  context: DeviceContext
) => ReadonlyArray<BinaryNode> | Promise<ReadonlyArray<BinaryNode>>

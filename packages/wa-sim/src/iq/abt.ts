import { node } from "../protocol/nodes.ts"
import { iqResult } from "../protocol/stanzas.ts"
import type { IqHandler } from "./IqHandler.ts"

/**
 * `abt`: the A/B props the client asks for on open (Baileys `fetchProps`, read with
 * `reduceBinaryNodeToDictionary(props, 'prop')`). The simulator runs no experiments: a hash and no props.
 */
export const abt: IqHandler = (iq) =>
  iqResult(iq, [node("props", { protocol: "1", hash: "wa-sim-1", refresh: "86400" }, [])])

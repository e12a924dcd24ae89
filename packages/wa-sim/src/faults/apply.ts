import { messageAck } from "../messages/envelope.ts"
import type { BinaryNode } from "../protocol/baileys.ts"
import { iqError } from "../protocol/stanzas.ts"
import type { Connection } from "../transport/Connection.ts"
import type { Fault } from "./Faults.ts"

export interface Striking {
  readonly fault: Fault
  readonly stanza: BinaryNode
  readonly connection: Connection
  /** Handles the stanza as if no fault were there: the nodes to send back, in order. */
  readonly handle: () => Promise<ReadonlyArray<BinaryNode>>
  /** Runs a task later (the simulator cancels what is still pending when it closes). */
  readonly later: (ms: number, task: () => Promise<void>) => void
  readonly nowSeconds: () => number
}

const isReplyTo = (answer: BinaryNode, iq: BinaryNode): boolean => answer.tag === "iq" && answer.attrs["id"] === iq.attrs["id"]

/**
 * Does to a stanza what its fault says. An IQ is still carried out when its reply is delayed or dropped (the
 * change happened; only the answer is late or lost, as on a flaky network), so a client that retries meets
 * the state it made. `rate-overlimit` is WhatsApp's answer to a client over its rate (Baileys raises the IQ
 * error as a Boom with `data` 429; a message ack's `error` becomes `messages.update` status ERROR).
 */
export const applyFault = async ({ fault, stanza, connection, handle, later, nowSeconds }: Striking): Promise<void> => {
  const send = (answers: ReadonlyArray<BinaryNode>) => {
    for (const answer of answers) connection.send(answer)
  }
  switch (fault.effect) {
    case "close":
      connection.terminate()
      return
    case "rate-overlimit":
      connection.send(
        stanza.tag === "iq"
          ? iqError(stanza, 429, "rate-overlimit")
          : messageAck(stanza.attrs["id"] ?? "", stanza.attrs["to"] ?? "", nowSeconds(), 429)
      )
      return
    case "drop":
      if (stanza.tag === "iq") send((await handle()).filter((answer) => !isReplyTo(answer, stanza)))
      return
    case "delay": {
      const ms = fault.delayMs ?? 0
      if (stanza.tag !== "iq") {
        later(ms, async () => send(await handle()))
        return
      }
      const answers = await handle()
      later(ms, () => Promise.resolve(send(answers)))
      return
    }
  }
}

/**
 * A webhook receiver for trying wagate out: `WAGATE_WEBHOOK_SECRET=whsec_… npm run webhook-receiver` listens on
 * `RECEIVER_PORT` (default 8080), checks each delivery's signature with `verifyWebhookSignature`, answers 204 (or
 * 400 when the signature does not verify) and prints what arrived.
 */
import { verifyWebhookSignature } from "@wagate/core"
import { Effect } from "effect"
import { createServer } from "node:http"

const secret = process.env["WAGATE_WEBHOOK_SECRET"] ?? ""
const port = Number(process.env["RECEIVER_PORT"] ?? 8080)

createServer((request, response) => {
  const chunks: Array<Buffer> = []
  request.on("data", (chunk: Buffer) => chunks.push(chunk))
  request.on("end", () => {
    const body = Buffer.concat(chunks)
    const header = String(request.headers["wagate-signature"] ?? "")
    void Effect.runPromise(verifyWebhookSignature(secret, header, body, { toleranceSeconds: 300 })).then((valid) => {
      response.statusCode = valid ? 204 : 400
      response.end()
      process.stdout.write(`${request.headers["wagate-event-type"]} ${request.headers["wagate-event-id"]} signature ${valid ? "valid" : "INVALID"}\n`)
      process.stdout.write(`${body.toString("utf8")}\n`)
    })
  })
}).listen(port, () => process.stdout.write(`webhook receiver on http://localhost:${port}/\n`))

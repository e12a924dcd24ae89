/**
 * Bare Fastify for `bench:read-path`: the same bytes as the gateway's answers, served from memory with no
 * authentication and no database, the ceiling of a Node HTTP server on this machine.
 *
 * Environment: `ANSWERS` (a JSON file mapping each URL to the body to answer), `PORT`. Prints `listening on
 * <port>` once it serves.
 */
import Fastify from "fastify"
import { readFileSync } from "node:fs"

const answers = new Map(Object.entries(JSON.parse(readFileSync(process.env["ANSWERS"] ?? "", "utf8")) as Record<string, string>))
const app = Fastify({ logger: false })

app.get("/*", (request, reply) => {
  const body = answers.get(request.url)
  if (body === undefined) return reply.code(404).send({ error: { code: "not_found", message: "not a benched URL", details: {} } })
  return reply.type("application/json").send(body)
})

const port = Number(process.env["PORT"])
await app.listen({ port, host: "127.0.0.1" })
process.stdout.write(`listening on ${port}\n`)
process.on("SIGTERM", () => void app.close().then(() => process.exit(0)))

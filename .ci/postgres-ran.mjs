// Fails unless the suites that need a real Postgres server ran and passed in this CI run.
// Reads Vitest's JSON report (the path is the first argument).
import { readFileSync } from "node:fs"

const report = JSON.parse(readFileSync(process.argv[2], "utf8"))

/** Results of the test files whose path contains `file`: how many times they ran, and their tests. */
const resultsOf = (file) => {
  const runs = report.testResults.filter((r) => r.name.includes(file))
  const tests = runs.flatMap((r) => r.assertionResults)
  return { runs: runs.length, passed: tests.filter((t) => t.status === "passed").length, other: tests.filter((t) => t.status !== "passed").length }
}

const required = [
  { what: "the store contract on real Postgres", file: "packages/store-pg/test/postgres.integration.test.ts", runs: 1 },
  { what: "the pool's recovery after an outage", file: "packages/store-pg/test/embedded-outage.test.ts", runs: 1 },
  { what: "the gateway's answers during a database outage", file: "apps/http/test/outage.test.ts", runs: 1 },
  { what: "a new gateway process on the same Postgres database resuming linked sessions", file: "apps/http/test/sandbox/restart.test.ts", runs: 1 },
  { what: "a gateway SIGKILLed between state changes and their events, checked on its database", file: "apps/http/test/process/events-crash.test.ts", runs: 1 },
  { what: "sends surviving SIGKILLs of the sandbox gateway on a Postgres database", file: "apps/http/test/process/send-crash.test.ts", runs: 1 },
  { what: "sessions spread over three gateway processes (cluster runners)", file: "apps/http/test/cluster/spread.test.ts", runs: 1 },
  { what: "a cluster runner SIGKILLed: failover within 10 s, no queued message lost", file: "apps/http/test/cluster/failover-kill.test.ts", runs: 1 },
  { what: "a cluster runner stopped with SIGTERM: hand-over without a dropped send", file: "apps/http/test/cluster/handover-term.test.ts", runs: 1 },
  { what: "a worker joining a running cluster takes a share of the sessions", file: "apps/http/test/cluster/join-worker.test.ts", runs: 1 },
  // The endpoint files run twice: on the memory store (project http) and on Postgres (project http-pg).
  { what: "the gateway's endpoint tests, also on the Postgres store", file: "apps/http/test/endpoints/sessions.test.ts", runs: 2 },
  { what: "the gateway's endpoint tests, also on the Postgres store", file: "apps/http/test/endpoints/messages.test.ts", runs: 2 }
]
let failed = false
for (const { what, file, runs } of required) {
  const found = resultsOf(file)
  if (found.runs < runs || found.passed === 0 || found.other > 0) {
    process.stderr.write(`real-Postgres check FAILED: ${what} (${file}): ran ${found.runs}× (want ${runs}), ${found.passed} passed, ${found.other} not\n`)
    failed = true
  } else {
    process.stdout.write(`real-Postgres check: ${what} (${file}): ran ${found.runs}×, ${found.passed} passed\n`)
  }
}
process.exit(failed ? 1 : 0)

#!/usr/bin/env node
/**
 * The worker process: `npm run worker` runs this file (docs/scale-out.md). A cluster runner on the Postgres server
 * the gateways share, serving no public API; the program loads after the signal handlers of `startProcess` are in
 * place, as the gateway's does.
 */
import { startProcess } from "@wagate/http/entry"

await startProcess(async () => (await import("@wagate/http/worker")).runWorker)

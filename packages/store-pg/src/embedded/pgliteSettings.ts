import { PGlite } from "@electric-sql/pglite"

/**
 * The Postgres settings the embedded PGlite starts with: PGlite's own (single-user mode, no parallel workers, …)
 * and, after them, memory settings sized for one gateway's store rather than a shared server (ADR 0018).
 *
 * PGlite's memory is a WebAssembly memory, which never shrinks once grown, so every buffer Postgres allocates
 * stays resident for the life of the process:
 * - `shared_buffers` (initdb writes 128MB into postgresql.conf): the buffer cache, allocated and zeroed at start.
 *   16MB halves PGlite's start-up time on an existing data directory (~1.8 → ~0.9 s) and cuts ~110 MB of resident
 *   memory. A read that misses it is a read of the data directory's file, from the OS page cache.
 * - `maintenance_work_mem` (default 64MB): what CREATE INDEX may use in the migrations.
 * - `temp_buffers` (default 8MB): per-session buffers for temporary tables, which the store does not use.
 * The `-c` options override postgresql.conf, so they also apply to data directories created before them.
 */
export const pgliteStartParams: ReadonlyArray<string> = [
  ...PGlite.defaultStartParams,
  "-c",
  "shared_buffers=16MB",
  "-c",
  "maintenance_work_mem=16MB",
  "-c",
  "temp_buffers=1MB"
]

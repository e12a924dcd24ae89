import { defineProject } from "vitest/config"

/** One test project per package or app; the root vitest config runs them all in one process pool. */
export default [
  defineProject({ test: { name: "core", root: "./packages/core", include: ["test/**/*.test.ts"] } }),
  defineProject({ test: { name: "memory", root: "./packages/memory", include: ["test/**/*.test.ts"] } }),
  defineProject({ test: { name: "http", root: "./apps/http", include: ["test/**/*.test.ts"] } }),
  // PGlite takes seconds to start on a small machine, and a real database's round trips add up: the suites
  // build their store (migrations included) in a hook, so both timeouts are generous.
  defineProject({
    test: { name: "store-pg", root: "./packages/store-pg", include: ["test/**/*.test.ts"], testTimeout: 30_000, hookTimeout: 120_000 }
  })
]

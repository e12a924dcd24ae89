import { defineProject } from "vitest/config"

/** The machine's Postgres (as on these machines and in CI) unless the environment names another. */
const env = {
  WAGATE_TEST_DATABASE_URL: process.env["WAGATE_TEST_DATABASE_URL"] ?? "postgres://postgres@127.0.0.1:5432/test"
}

/** One test project per package or app; the root vitest config runs them all in one process pool. */
export default [
  defineProject({ test: { name: "core", root: "./packages/core", include: ["test/**/*.test.ts"] } }),
  defineProject({ test: { name: "memory", root: "./packages/memory", include: ["test/**/*.test.ts"] } }),
  defineProject({ test: { name: "auth", root: "./packages/auth", include: ["test/**/*.test.ts"] } }),
  defineProject({ test: { name: "http", root: "./apps/http", include: ["test/**/*.test.ts"], env, testTimeout: 30_000 } }),
  // The gateway's endpoint tests again, on the Postgres store (a fresh database per gateway).
  defineProject({
    test: {
      name: "http-pg",
      root: "./apps/http",
      include: ["test/endpoints/**/*.test.ts", "test/openapi.test.ts"],
      env: { ...env, WAGATE_TEST_STORE: "postgres" },
      testTimeout: 60_000,
      hookTimeout: 120_000
    }
  }),
  defineProject({ test: { name: "cli", root: "./apps/cli", include: ["test/**/*.test.ts"], env, testTimeout: 120_000 } }),
  // PGlite takes seconds to start on a small machine, and a real database's round trips add up: the suites
  // build their store (migrations included) in a hook, so both timeouts are generous.
  defineProject({
    test: { name: "store-pg", root: "./packages/store-pg", include: ["test/**/*.test.ts"], env, testTimeout: 30_000, hookTimeout: 120_000 }
  }),
  // The simulated WhatsApp Web server, driven by the real Baileys client.
  defineProject({
    test: { name: "wa-sim", root: "./packages/wa-sim", include: ["test/**/*.test.ts"], setupFiles: ["test/support/setup.ts"], testTimeout: 30_000 }
  })
]

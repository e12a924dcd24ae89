import { configDefaults, defineProject } from "vitest/config"

/** The machine's Postgres (as on these machines and in CI) unless the environment names another. */
const env = {
  WAGATE_TEST_DATABASE_URL: process.env["WAGATE_TEST_DATABASE_URL"] ?? "postgres://postgres@127.0.0.1:5432/test"
}

/**
 * The workspace packages resolve to their TypeScript sources in tests (the `@wagate/source` export condition,
 * ADR 0019), never to a build. The rest are Vitest's defaults for Node (Vite's, without `module`).
 */
const conditions = ["@wagate/source", "node", "development|production"]
const sources = { resolve: { conditions }, ssr: { resolve: { conditions } } }

/** One test project per package or app; the root vitest config runs them all in one process pool. */
export default [
  defineProject({ ...sources, test: { name: "core", root: "./packages/core", include: ["test/**/*.test.ts"] } }),
  defineProject({ ...sources, test: { name: "memory", root: "./packages/memory", include: ["test/**/*.test.ts"] } }),
  defineProject({ ...sources, test: { name: "auth", root: "./packages/auth", include: ["test/**/*.test.ts"] } }),
  defineProject({ ...sources, test: { name: "cluster-unit", root: "./packages/cluster", include: ["test/**/*.test.ts"], testTimeout: 30_000 } }),
  // The cluster's multi-process tests run in a project of their own (below).
  defineProject({ ...sources, test: { name: "http", root: "./apps/http", include: ["test/**/*.test.ts"], exclude: [...configDefaults.exclude, "test/cluster/**"], env, testTimeout: 30_000 } }),
  // The gateway's endpoint tests again, on the Postgres store (a fresh database per gateway). Only the endpoint
  // tests: /openapi.json and /docs are the same document whatever the store, so test/openapi.test.ts runs once, in
  // the http project.
  defineProject({
    ...sources,
    test: {
      name: "http-pg",
      root: "./apps/http",
      include: ["test/endpoints/**/*.test.ts"],
      env: { ...env, WAGATE_TEST_STORE: "postgres" },
      testTimeout: 60_000,
      hookTimeout: 120_000
    }
  }),
  // Issue 13: gateway and worker processes as cluster runners on one Postgres database and one protocol simulator
  // (a fresh database and a simulator per file). Each file starts three or four real processes and pairs 60
  // sessions: the files run one at a time (two cores), with room for the pairing and the failovers they measure.
  defineProject({
    ...sources,
    test: {
      name: "cluster",
      root: "./apps/http",
      include: ["test/cluster/**/*.test.ts"],
      setupFiles: ["test/support/clusterSetup.ts"],
      env,
      testTimeout: 240_000,
      hookTimeout: 120_000,
      fileParallelism: false
    }
  }),
  defineProject({ ...sources, test: { name: "cli", root: "./apps/cli", include: ["test/**/*.test.ts"], env, testTimeout: 120_000 } }),
  // PGlite takes seconds to start on a small machine, and a real database's round trips add up: the suites
  // build their store (migrations included) in a hook, so both timeouts are generous.
  defineProject({
    ...sources,
    test: { name: "store-pg", root: "./packages/store-pg", include: ["test/**/*.test.ts"], env, testTimeout: 30_000, hookTimeout: 120_000 }
  }),
  // The simulated WhatsApp Web server, driven by the real Baileys client. Its files share workers (`isolate:
  // false`): each would otherwise import Baileys and the simulator anew, which took more of the run than the
  // tests. Every file starts its own simulator and ends its own clients; the one global the tests set (the root
  // key Baileys trusts) is set by each file before its clients connect.
  defineProject({
    ...sources,
    test: { name: "wa-sim", root: "./packages/wa-sim", include: ["test/**/*.test.ts"], setupFiles: ["test/support/setup.ts"], testTimeout: 30_000, isolate: false }
  }),
  // The Baileys transport against the protocol simulator (one simulator per file); the real client in the loop.
  defineProject({
    ...sources,
    test: { name: "whatsapp-baileys", root: "./packages/whatsapp-baileys", include: ["test/**/*.test.ts"], setupFiles: ["test/support/setup.ts"], testTimeout: 60_000, hookTimeout: 60_000 }
  }),
  // The package boundaries (.dependency-cruiser.cjs) over the whole workspace.
  defineProject({ ...sources, test: { name: "boundaries", root: ".", include: ["test/boundaries/**/*.test.ts"], testTimeout: 60_000 } }),
  // Builds and packs every package, installs examples/embed from the tarballs with npm (the registry for the
  // third-party dependencies, from npm's cache when it can) and runs it: slow, so a project of its own.
  defineProject({
    ...sources,
    test: { name: "packaging", root: ".", include: ["test/packaging/**/*.test.ts"], testTimeout: 180_000, hookTimeout: 300_000 }
  })
]

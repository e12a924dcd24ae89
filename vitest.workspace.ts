import { defineProject } from "vitest/config"

/** One test project per package or app; the root vitest config runs them all in one process pool. */
export default [
  defineProject({ test: { name: "core", root: "./packages/core", include: ["test/**/*.test.ts"] } }),
  defineProject({ test: { name: "memory", root: "./packages/memory", include: ["test/**/*.test.ts"] } }),
  defineProject({ test: { name: "http", root: "./apps/http", include: ["test/**/*.test.ts"] } })
]

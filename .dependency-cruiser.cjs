// wagate's package boundaries (ADR 0001, docs/architecture.md), checked by dependency-cruiser over every file of
// packages/ and apps/ (sources, tests, the CLI's bin). `test/boundaries` runs it in `npm test` and proves each rule
// fires. It parses with SWC (TypeScript 7 has no JavaScript API for it), which sees static and dynamic imports,
// re-exports, `require`, `import x = require()` and type-only imports alike.
const { readdirSync } = require("node:fs")
const { join } = require("node:path")

/** The workspace packages in `dir` (packages or apps); each directory is named as its package (`@wagate/<dir>`). */
const workspaces = (dir) =>
  readdirSync(join(__dirname, dir), { withFileTypes: true }).filter((entry) => entry.isDirectory()).map((entry) => entry.name)

/**
 * A path in one of these workspace packages, reached by a relative path (`packages/memory/…`) or by its name
 * (`node_modules/@wagate/memory/…`: symlinks are kept, so that npm knows whether it is a declared dependency).
 */
const inWorkspace = (dir, names) => `^(${dir}/|node_modules/@wagate/)(${names.join("|")})/`

const packages = workspaces("packages")
const apps = workspaces("apps")

/** Code that ships: a package's tarball holds the build of its src/ (and the CLI's bin/). */
const shipped = "^(packages|apps)/[^/]+/(src|bin)/"

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: "core-imports-only-effect",
      severity: "error",
      comment: "The hexagon imports effect and nothing else: no node: module, no other package, no adapter (ADR 0001).",
      from: { path: "^packages/core/src/" },
      to: { pathNot: ["^packages/core/src/", "^node_modules/effect/"] }
    },
    {
      name: "adapters-not-on-each-other",
      severity: "error",
      comment:
        "A package under packages/ (an adapter, or the testing suites) builds on the core and its own third-party " +
        "dependencies, never on another package: adapters are swapped for one another; apps compose them.",
      from: { path: "^packages/([^/]+)/(src|bin)/" },
      to: { path: inWorkspace("packages", packages), pathNot: "^(packages/|node_modules/@wagate/)(core|$1)/" }
    },
    {
      name: "testing-is-dev-only",
      severity: "error",
      comment: "@wagate/testing holds the contract suites that adapters run in their tests; no shipped code uses it.",
      from: { path: shipped, pathNot: "^packages/testing/" },
      to: { path: inWorkspace("packages", ["testing"]) }
    },
    {
      name: "packages-not-on-apps",
      severity: "error",
      comment: "Apps depend on packages, never the reverse (not even in a package's tests).",
      from: { path: "^packages/" },
      to: { path: inWorkspace("apps", apps) }
    },
    {
      name: "no-cycles",
      severity: "error",
      comment: "No module depends on itself through others, within a package or across packages.",
      from: {},
      to: { circular: true }
    },
    {
      name: "shipped-code-uses-no-dev-dependency",
      severity: "error",
      comment: "An installed package has its dependencies only: shipped code may not import a devDependency.",
      from: { path: shipped },
      to: { dependencyTypes: ["npm-dev"] }
    },
    {
      name: "imports-are-declared",
      severity: "error",
      comment:
        "Shipped code imports only packages its own package.json declares (hoisting in the workspace hides a " +
        "missing one until the package is installed alone). Tests may use the root's devDependencies (vitest).",
      from: { path: shipped },
      to: { dependencyTypes: ["npm-no-pkg", "npm-unknown"] }
    },
    {
      name: "imports-resolve",
      severity: "error",
      comment: "Every import resolves to a file: a typo or a missing file fails here, not at run time.",
      from: {},
      to: { couldNotResolve: true }
    }
  ],
  options: {
    parser: "swc",
    exclude: { path: "^(packages|apps)/[^/]+/dist/" },
    preserveSymlinks: true,
    // Workspace packages are followed into their sources (a cycle across packages shows); third-party ones are not.
    doNotFollow: { path: "node_modules/(?!@wagate/)" },
    // As everywhere in the repository, workspace packages resolve to their sources (ADR 0019).
    enhancedResolveOptions: {
      exportsFields: ["exports"],
      conditionNames: ["@wagate/source", "import", "require", "node", "default"],
      extensions: [".ts", ".js", ".mjs", ".cjs", ".json"],
      mainFields: ["module", "main", "types"]
    }
  }
}

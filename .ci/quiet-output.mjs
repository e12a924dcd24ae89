// Fails if a test run's captured output (the files named as arguments) carries lines that passing tests must not
// print: log lines at ERROR or FATAL level, stack frames, unhandled errors or rejections. It lists each such line
// with its file and line number. A failing test already fails the run; this catches the noise of passing ones,
// which buries real failures and trains readers to ignore ERROR lines.
import { readFileSync } from "node:fs"

const files = process.argv.slice(2)
if (files.length === 0) {
  process.stderr.write("usage: node .ci/quiet-output.mjs <captured test output>...\n")
  process.exit(2)
}

/** What must not appear (matched on the line without terminal colours). */
const offending = [
  { what: "an ERROR/FATAL log line", pattern: /\b(ERROR|FATAL)\b/ },
  { what: "a stack frame", pattern: /^\s*at\s+(?:async\s+)?(?:\S+\s+\()?(?:file:\/\/|node:|\/|<anonymous>|native\b|new\s)/ },
  { what: "an unhandled error", pattern: /\bUnhandled\b/i }
]

// eslint-disable-next-line no-control-regex
const ansi = /\u001b\[[0-9;?]*[A-Za-z]/g

let found = 0
for (const file of files) {
  const lines = readFileSync(file, "utf8").replace(ansi, "").split(/\r?\n/)
  lines.forEach((line, index) => {
    // A passing or skipped test's own line (Vitest prints slow ones): its title may name an error status.
    if (/^\s*[✓↓]\s/.test(line)) return
    const hit = offending.find(({ pattern }) => pattern.test(line))
    if (hit === undefined) return
    found++
    if (found <= 200) process.stderr.write(`${file}:${index + 1}: ${hit.what}: ${line.slice(0, 300)}\n`)
  })
}
if (found > 0) {
  process.stderr.write(`quiet-output check FAILED: ${found} line(s) of error noise in the test output (first 200 above)\n`)
  process.exit(1)
}
process.stdout.write(`quiet-output check: no ERROR, stack or unhandled lines in ${files.join(", ")}\n`)

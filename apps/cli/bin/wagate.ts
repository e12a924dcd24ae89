#!/usr/bin/env node
// `npx wagate …`: npm puts the project's pinned Node first on PATH, which runs this TypeScript directly.
import "../src/main.ts"

#!/usr/bin/env node
/* global URL, console, process */
// Entry point for `npx arcadia`: runs the compiled CLI, which `npm run build` makes.
import { existsSync } from 'node:fs';

const compiled = new URL('../dist/src/cli.js', import.meta.url);
if (!existsSync(compiled)) {
  console.error('arcadia: not built yet: run `npm run build` first (or run from source with `npx tsx src/cli.ts`)');
  process.exit(1);
}
await import(compiled.href);

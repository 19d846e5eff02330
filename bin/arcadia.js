#!/usr/bin/env node
// Entry point for `npx arcadia`: runs the compiled CLI (npm run build first).
import '../dist/src/cli.js';

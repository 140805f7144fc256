#!/usr/bin/env node
// The compiled CLI lives in dist/; `npm start` and `npm test` build it first.
import { existsSync } from 'node:fs';

const main = new URL('../dist/cli/main.js', import.meta.url);
if (!existsSync(main)) {
  console.error('Plenum is not built yet: run `npm run build` (or `npm start`) first.');
  process.exit(1);
}
const { run } = await import(main.href);
await run(process.argv);

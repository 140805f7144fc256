#!/usr/bin/env node
// The compiled CLI lives in dist/; `npm start` and `npm test` build it first.
import { run } from '../dist/cli/main.js';

await run(process.argv);

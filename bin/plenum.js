#!/usr/bin/env node
// The compiled CLI lives in dist/, bundled into a few files that load fast (rolldown.config.mjs):
// `npm ci` builds it (the `prepare` script). When the sources changed since (a pull, an edit),
// it is built again here first, so `npm start` never runs stale code and never builds needlessly.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const main = new URL('../dist/bundle/plenum.mjs', import.meta.url);

/** The newest modification time under a folder of sources (a few hundred files: milliseconds). */
function newestSource(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = `${dir}/${entry.name}`;
    if (entry.isDirectory()) newest = Math.max(newest, newestSource(path));
    else if (/\.tsx?$/u.test(entry.name)) newest = Math.max(newest, statSync(path).mtimeMs);
  }
  return newest;
}

async function build() {
  let tsc;
  try {
    tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
  } catch {
    return false;
  }
  console.error('Building Plenum (the sources changed since the last build)…');
  execFileSync(process.execPath, [tsc, '-p', 'tsconfig.build.json'], { cwd: root, stdio: 'inherit' });
  const { build: bundle } = await import('rolldown');
  const { default: config } = await import('../rolldown.config.mjs');
  await bundle(config);
  return true;
}

const built = existsSync(main) ? statSync(main).mtimeMs : 0;
const sources = existsSync(`${root}src`) ? newestSource(`${root}src`) : 0;
if (sources > built && !(await build()) && built === 0) {
  console.error('Plenum is not built yet, and TypeScript is not installed: run `npm ci`, then `npm start`.');
  process.exit(1);
}
const { run } = await import(main.href);
await run(process.argv);

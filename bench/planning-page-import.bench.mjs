// Time to read a planning page with many backlog items (the parser alone), and to import it
// into an empty hub and again into the same hub (every idea matched, nothing changes).
// Run with `npm run build && node bench/planning-page-import.bench.mjs`. Prints figures only.
//   BENCH_SIZES=4000,40000        items on the page
//   BENCH_ENGINES=sqlite,postgres engines for the full import; empty for the parser alone
//   BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres (needs CREATE DATABASE)

import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { createApp } from '../dist/app/app.js';
import { parsePlanningPage } from '../dist/domain/planning-page.js';
import { openDatabase } from '../dist/store/db.js';
import { migrateToLatest } from '../dist/store/migrate.js';
import { createStore } from '../dist/store/store.js';

const SIZES = (process.env.BENCH_SIZES ?? '4000,40000').split(',').map(Number);
const ENGINES = (process.env.BENCH_ENGINES ?? 'sqlite,postgres').split(',').filter(Boolean);
const ADMIN_URL = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

/** A page as a community writes it, with `n` short backlog items, every tenth with a link. */
function pageOf(n) {
  const items = Array.from({ length: n }, (_, i) =>
    i % 10 === 0 ? `- Idea ${i} with [a link](https://example.org/${i})` : `- Idea ${i}`,
  );
  return [
    '# Planning Meetings',
    'Public planning meetings are held biweekly on odd calendar weeks on Mondays from 14:00 to 14:30 (Europe/Berlin) on Jitsi.',
    '## Idea Backlog',
    'The list is ordered alphabetically.',
    items.join('\n'),
    '',
  ].join('\n\n');
}

async function admin(sql) {
  const client = new pg.Client({ connectionString: ADMIN_URL });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

async function open(engine) {
  if (engine === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'plenum-bench-page-'));
    const database = openDatabase({ sqliteFile: join(dir, 'plenum.sqlite') });
    return { database, drop: async () => rmSync(dir, { recursive: true, force: true }) };
  }
  const name = `plenum_bench_page_${randomBytes(4).toString('hex')}`;
  await admin(`CREATE DATABASE ${name}`);
  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;
  const database = openDatabase({ databaseUrl: url.toString(), sqliteFile: ':memory:' });
  return { database, drop: () => admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`) };
}

const ms = (started) => Math.round(performance.now() - started);

const parsed = [];
for (const size of SIZES) {
  const page = pageOf(size);
  const started = performance.now();
  const { page: result, problems } = parsePlanningPage(page);
  parsed.push({
    size,
    kb: Math.round(Buffer.byteLength(page) / 1024),
    ms: ms(started),
    outcome: result ? `${result.backlog.ideas.length} ideas` : problems.map((p) => p.key).join(', '),
  });
}
console.log(`Planning page parser (load average ${loadavg()[0].toFixed(1)})`);
console.log('| items | kB | parse ms | result |');
console.log('| ---: | ---: | ---: | --- |');
for (const r of parsed) console.log(`| ${r.size} | ${r.kb} | ${r.ms} | ${r.outcome} |`);

const imports = [];
for (const engine of ENGINES) {
  for (const size of SIZES) {
    const { database, drop } = await open(engine);
    try {
      await migrateToLatest(database.db);
      const app = createApp(createStore(database));
      const page = pageOf(size);
      let outcome = '';
      let started = performance.now();
      try {
        const plan = await app.docs.importPage('system', page);
        outcome = `${plan.ideas.create.length} created`;
      } catch (err) {
        outcome = err.problems ? err.problems.map((p) => p.key).join(', ') : String(err);
      }
      const importMs = ms(started);
      started = performance.now();
      let again = '';
      try {
        const plan = await app.docs.importPage('system', page);
        again = `${plan.ideas.unchanged} unchanged`;
      } catch (err) {
        again = err.problems ? err.problems.map((p) => p.key).join(', ') : String(err);
      }
      imports.push({ engine, size, importMs, reimportMs: ms(started), outcome, again });
    } finally {
      await database.close();
      await drop();
    }
  }
}
if (imports.length > 0) {
  console.log(`\nPlanning page import (load average ${loadavg()[0].toFixed(1)})`);
  console.log('| engine | items | import ms | result | re-import ms | result |');
  console.log('| --- | ---: | ---: | --- | ---: | --- |');
  for (const r of imports)
    console.log(`| ${r.engine} | ${r.size} | ${r.importMs} | ${r.outcome} | ${r.reimportMs} | ${r.again} |`);
}

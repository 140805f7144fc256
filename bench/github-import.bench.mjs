// Time to import a GitHub Projects export (`gh project item-list … --format json`) of 2 000 and
// 10 000 items into a board, to import the same file again (nothing changes), and to import it
// once more with every item's status changed (every card moves to another column). Run with
// `npm run build && node bench/github-import.bench.mjs`. Prints figures only; the goal
// (< 5 s for 2 000 items) is not asserted, because timings depend on the machine and its load.
//   BENCH_ENGINES=sqlite,postgres  BENCH_SIZES=2000,10000
//   BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres (needs CREATE DATABASE)

import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { createApp } from '../dist/app/app.js';
import { openDatabase } from '../dist/store/db.js';
import { migrateToLatest } from '../dist/store/migrate.js';
import { createStore } from '../dist/store/store.js';

const ENGINES = (process.env.BENCH_ENGINES ?? 'sqlite,postgres').split(',');
const SIZES = (process.env.BENCH_SIZES ?? '2000,10000').split(',').map(Number);
const ADMIN_URL = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const GOAL_MS = 5000;
const STATUS = ['Todo', 'In Progress', 'In Review', 'Done'];

/** One item as gh writes it: id, content, then a key per field (first letter lower-cased). */
function item(i, shift = 0) {
  const kind = i % 5 === 4 ? 'DraftIssue' : i % 3 === 2 ? 'PullRequest' : 'Issue';
  const title = `Item ${i}: ${'something to do '.repeat(1 + (i % 4))}`;
  const url = `https://github.com/acme/widgets/${kind === 'PullRequest' ? 'pull' : 'issues'}/${1000 + i}`;
  const body = `Why this matters.\r\n\r\n${'- [ ] a step\r\n'.repeat(1 + (i % 10))}`;
  return {
    id: `PVTI_lADOBn1x${String(i).padStart(8, '0')}`,
    content:
      kind === 'DraftIssue'
        ? { type: kind, body, title }
        : { type: kind, body, title, number: 1000 + i, repository: 'acme/widgets', url },
    ...(i % 7 === 6 ? {} : { status: STATUS[(i + shift) % STATUS.length] }),
    title,
    labels: i % 2 === 0 ? ['bug', 'good first issue'] : ['enhancement'],
    assignees: ['octocat'],
    ...(kind === 'DraftIssue' ? {} : { repository: 'https://github.com/acme/widgets' }),
    sprint: { title: `Sprint ${1 + (i % 4)}`, startDate: '2026-11-23', duration: 14 },
    priority: ['P0', 'P1', 'P2'][i % 3],
  };
}

const exportOf = (n, shift = 0) =>
  JSON.stringify({ items: Array.from({ length: n }, (_, i) => item(i, shift)), totalCount: n });
const fields = JSON.stringify({
  fields: [
    {
      id: 'PVTSSF_status',
      name: 'Status',
      type: 'ProjectV2SingleSelectField',
      options: STATUS.map((name, i) => ({ id: `o${i}`, name })),
    },
  ],
  totalCount: 1,
});

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
    const dir = mkdtempSync(join(tmpdir(), 'plenum-bench-gh-'));
    const database = openDatabase({ sqliteFile: join(dir, 'plenum.sqlite') });
    return { database, drop: async () => rmSync(dir, { recursive: true, force: true }) };
  }
  const name = `plenum_bench_gh_${randomBytes(4).toString('hex')}`;
  await admin(`CREATE DATABASE ${name}`);
  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;
  const database = openDatabase({ databaseUrl: url.toString(), sqliteFile: ':memory:' });
  return { database, drop: () => admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`) };
}

const rows = [];
for (const engine of ENGINES) {
  for (const size of SIZES) {
    const { database, drop } = await open(engine);
    try {
      await migrateToLatest(database.db);
      const app = createApp(createStore(database));
      const text = exportOf(size);
      let started = performance.now();
      const first = await app.githubImport.importItems('system', 'default', text, { fields });
      const importMs = performance.now() - started;
      started = performance.now();
      const again = await app.githubImport.importItems('system', 'default', text, { fields });
      const againMs = performance.now() - started;
      started = performance.now();
      const moved = await app.githubImport.importItems('system', 'default', exportOf(size, 1), { fields });
      const movedMs = performance.now() - started;
      rows.push({
        engine,
        items: size,
        mb: (Buffer.byteLength(text) / 1024 / 1024).toFixed(1),
        importMs: Math.round(importMs),
        reimportMs: Math.round(againMs),
        movedMs: Math.round(movedMs),
        movedCount: moved.updated,
        created: first.created,
        unchanged: again.unchanged,
        goal: size <= 2000 ? (importMs < GOAL_MS ? 'met' : 'MISSED') : '–',
      });
    } finally {
      await database.close();
      await drop();
    }
  }
}

console.log(
  `GitHub Projects import (load average ${loadavg()[0].toFixed(1)}; goal: 2 000 items < ${GOAL_MS} ms)`,
);
console.log(
  '| engine | items | MB | import ms | re-import ms | created | unchanged | all moved ms | moved | goal |',
);
console.log('| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |');
for (const r of rows)
  console.log(
    `| ${r.engine} | ${r.items} | ${r.mb} | ${r.importMs} | ${r.reimportMs} | ${r.created} | ${r.unchanged} | ${r.movedMs} | ${r.movedCount} | ${r.goal} |`,
  );

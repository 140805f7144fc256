// Time to build the 10-year iCalendar feed of the reference series, next to the time to serve a
// cached copy. Run with `npm run build && node bench/feed.bench.mjs` (or `npm run bench:feed`).
// Prints figures only; the goal (< 10 ms to build) is not asserted, because timings depend on
// the machine and on what else runs on it.

import { createHash } from 'node:crypto';
import { availableParallelism, loadavg } from 'node:os';
import { Temporal } from 'temporal-polyfill';
import { seriesCalendar } from '../dist/domain/ical-feed.js';

const WARM_UP = 10;
const ITERATIONS = 50;
const GOAL_MS = 10;

/** The reference series: odd ISO weeks, Monday 14:00–14:30 Europe/Berlin. */
const schedule = {
  weekday: 1,
  startTime: '14:00',
  durationMinutes: 30,
  timeZone: 'Europe/Berlin',
  weekRule: { kind: 'odd' },
  startDate: '2026-01-01',
  endDate: null,
};

const series = {
  id: '0190f3a1-7c2e-7b1d-9a4e-5f6a7b8c9d0e',
  slug: 'planning',
  title: 'Plenum – öffentliches Planungstreffen',
  purpose: 'Plan the next release.',
  schedule,
  platform: 'Jitsi Meet',
  joinUrl: 'https://meet.example.org/plenum-planning-meeting',
  languages: 'English, Deutsch',
  recorded: false,
  invitationInfo: '',
  contributeNote: '',
  sequence: 3,
  version: 4,
  createdAt: '2025-11-01T10:00:00.000Z',
  updatedAt: '2025-11-02T11:12:13.456Z',
};

const stamp = '2026-11-30T08:00:00.000Z';
/** A typical handful of changes: the W53 meeting cancelled, one moved, one extra. */
const changes = [
  { kind: 'cancelled', date: '2026-12-28', reason: 'Feiertag', sequence: 1, updatedAt: stamp },
  {
    kind: 'moved',
    date: '2027-03-22',
    reason: 'Raum belegt',
    newDate: '2027-03-30',
    newStartTime: '09:15',
    newDurationMinutes: 60,
    sequence: 2,
    updatedAt: stamp,
  },
  {
    kind: 'extra',
    date: '2027-01-07',
    reason: 'Release planning',
    startTime: '18:00',
    durationMinutes: 90,
    sequence: 0,
    updatedAt: stamp,
  },
];

const options = {
  encoding: 'compatible',
  uidHost: 'plenum.example.org',
  pageUrl: 'https://plenum.example.org/series/planning',
  // Ten years from the start, as the feed route does from "today".
  horizon: Temporal.PlainDate.from(schedule.startDate).add({ years: 10 }),
  method: 'PUBLISH',
  texts: {
    description: 'Wir planen gemeinsam die nächsten Schritte – jede und jeder ist willkommen.',
    cancelled: 'Abgesagt',
  },
};

/** Median and p95 (nearest rank) of `ITERATIONS` timed runs after `WARM_UP` untimed ones. */
function measure(task) {
  let sink = 0;
  for (let i = 0; i < WARM_UP; i++) sink += task().length;
  const times = [];
  for (let i = 0; i < ITERATIONS; i++) {
    const t0 = performance.now();
    sink += task().length;
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  const rank = (p) => times[Math.min(times.length - 1, Math.ceil((p / 100) * times.length) - 1)];
  return { median: rank(50), p95: rank(95), sink };
}

const buildPlain = () => seriesCalendar(series, [], options);
const buildWithChanges = () => seriesCalendar(series, changes, options);

const cached = buildWithChanges();
const cachedBuffer = Buffer.from(cached, 'utf8');
// What a cache hit costs at most: the body copied into a Buffer for the socket, and hashed as
// the ETag is when an entry is made.
const copy = () => Buffer.from(cached, 'utf8');
const hashAndCopy = () => {
  const body = Buffer.from(cached, 'utf8');
  createHash('sha256').update(body).digest('base64url');
  return body;
};
const copyBuffer = () => Buffer.from(cachedBuffer);

const rows = [
  ['build feed (no changes)', measure(buildPlain)],
  ['build feed (3 changes)', measure(buildWithChanges)],
  ['serve cached: string → Buffer', measure(copy)],
  ['serve cached: sha256 + copy', measure(hashAndCopy)],
  ['serve cached: Buffer copy', measure(copyBuffer)],
];

const events = (cached.match(/^BEGIN:VEVENT\r$/gmu) ?? []).length;
console.log(
  `Reference series (odd ISO weeks, Mon 14:00 Europe/Berlin), compatible encoding, ` +
    `${schedule.startDate} + 10 years: ${cachedBuffer.length} bytes, ${events} VEVENTs.`,
);
console.log(
  `Node ${process.version}, ${availableParallelism()} CPUs, load average ${loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')}; ${WARM_UP} warm-up + ${ITERATIONS} timed iterations each.\n`,
);
const cells = rows.map(([name, { median, p95 }]) => [name, median.toFixed(3), p95.toFixed(3)]);
const header = ['task', 'median ms', 'p95 ms'];
const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i].length)));
const line = (c) =>
  `| ${c.map((v, i) => (i === 0 ? v.padEnd(widths[i]) : v.padStart(widths[i]))).join(' | ')} |`;
console.log(line(header));
console.log(`| ${widths.map((w, i) => (i === 0 ? '-'.repeat(w) : `${'-'.repeat(w - 1)}:`)).join(' | ')} |`);
for (const c of cells) console.log(line(c));
const build = rows[1][1];
console.log(
  `\nGoal: build < ${GOAL_MS} ms (median ${build.median.toFixed(1)} ms: ${build.median < GOAL_MS ? 'met' : 'not met'}); ` +
    `serving the cached copy is ${(build.median / rows[3][1].median).toFixed(0)}× faster than building.`,
);

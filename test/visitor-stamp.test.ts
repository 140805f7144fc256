import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { heardReader } from '../src/app/changes.js';
import { STAMP_CHANNEL } from '../src/store/changes.repository.js';
import { type LiveBus, memoryBus } from '../src/store/live-bus.js';
import { migrateTo, migrateToLatest } from '../src/store/migrate.js';
import { buildIdea, buildUser, type TestUser } from './support/factories.js';
import { freshDatabase } from './support/fresh-database.js';
import { type Hub, startHub, startPeer } from './support/hub.js';
import { adminQuery } from './support/postgres.js';

/**
 * Visitors' cached pages are keyed by the change stamps. On PostgreSQL an instance keeps the
 * stamps it read until the database announces a new one, so a visitor's request costs no query;
 * what must hold is that no one sees an old page for longer than the announcement takes, and a
 * writer never does.
 */

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function until<T>(check: () => Promise<T | false> | T | false, ms = 5000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await check();
    if (value !== false) return value;
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await sleep(10);
  }
}

/** A stamp written as a process outside the hub would (a script, another version), unannounced when asked. */
async function writeStamp(hub: Hub, stamp: string, announced: boolean): Promise<void> {
  const db = hub.testDb.database.db;
  if (!announced) await sql`alter table change_markers disable trigger change_markers_notify`.execute(db);
  try {
    await sql`insert into change_markers (topic, stamp) values ('ideas', ${stamp})
      on conflict (topic) do update set stamp = excluded.stamp`.execute(db);
  } finally {
    if (!announced) await sql`alter table change_markers enable trigger change_markers_notify`.execute(db);
  }
}

async function visitorTitles(hub: Hub): Promise<string[]> {
  const res = await hub.server.inject({ method: 'GET', url: '/api/v1/ideas' });
  expect(res.statusCode).toBe(200);
  return (res.json() as { items: { title: string }[] }).items.map((i) => i.title);
}

describe('the stamps a visitor is served by, on PostgreSQL', () => {
  let a: Hub;
  let b: Hub;
  let member: TestUser;
  let clock = 0;
  let reader: () => Promise<string>;

  beforeAll(async () => {
    a = await startHub('postgres');
    b = await startPeer(a);
    member = await buildUser(a);
    // A clock that stands still unless a test moves it: a stamp then changes only when heard.
    reader = heardReader(
      () => b.store.read.changes.stamps(),
      b.store.live,
      () => clock,
    );
    await reader();
    await until(() => b.store.live.hearsCommits());
  });
  afterAll(async () => {
    await b?.close();
    await a?.close();
  });

  it('keeps a stamp until the database announces a write made through another instance', async () => {
    const before = await reader();
    expect(await reader()).toBe(before);
    await buildIdea(a, member, { title: 'Announced across instances' });
    const after = await until(async () => {
      const stamp = await reader();
      return stamp !== before && stamp;
    });
    expect(after).toContain('ideas=');
  });

  it('hears a stamp written outside any instance, as a script or a restore would', async () => {
    await writeStamp(a, 'written-by-a-script', true);
    await until(async () => (await reader()).includes('ideas=written-by-a-script'));
  });

  it('serves the kept stamp without reading, and reads again after a second even when nothing was heard', async () => {
    const kept = await reader();
    await writeStamp(a, 'unannounced', false);
    // No announcement: the kept stamp is what a visitor gets, proving no query was made.
    expect(await reader()).toBe(kept);
    clock += 999;
    expect(await reader()).toBe(kept);
    clock += 1;
    expect(await reader()).toContain('ideas=unannounced');
  });

  it('reads every time while the listening connection is down, and keeps stamps again once it is back', async () => {
    await reader();
    const name = new URL(a.testDb.url ?? '').pathname.slice(1);
    await adminQuery(
      `select pg_terminate_backend(pid) from pg_stat_activity where datname = '${name}' and query like 'LISTEN %'`,
    );
    await until(() => !b.store.live.hearsCommits());
    await writeStamp(a, 'while-deaf', false);
    expect(await reader()).toContain('ideas=while-deaf');
    await until(() => b.store.live.hearsCommits());
    // The reconnection said "you may have missed something": nothing kept from before it counts.
    await writeStamp(a, 'after-reconnect', false);
    expect(await reader()).toContain('ideas=after-reconnect');
    const kept = await reader();
    await writeStamp(a, 'unheard-again', false);
    expect(await reader()).toBe(kept);
  });

  it('shows a visitor a write made through the same instance on their next request', async () => {
    await visitorTitles(b);
    await until(() => b.store.live.hearsCommits());
    await visitorTitles(b);
    // Without the database's announcement (as if it were slow), the instance knows of its own commit.
    const db = a.testDb.database.db;
    await sql`alter table change_markers disable trigger change_markers_notify`.execute(db);
    try {
      await buildIdea(b, member, { title: 'Written right here' });
      expect(await visitorTitles(b)).toContain('Written right here');
    } finally {
      await sql`alter table change_markers enable trigger change_markers_notify`.execute(db);
    }
  });

  it('shows a visitor on another instance a new idea, and its proposer at once', async () => {
    const before = await visitorTitles(b);
    expect(before).not.toContain('Seen everywhere');
    await until(() => b.store.live.hearsCommits());
    // The database's announcement held back (as if it were slow), so only reading tells.
    const db = a.testDb.database.db;
    await sql`alter table change_markers disable trigger change_markers_notify`.execute(db);
    try {
      const created = await a.server.inject({
        method: 'POST',
        url: '/api/v1/ideas',
        headers: member.auth,
        payload: { title: 'Seen everywhere', description: 'A proposal made through one instance.' },
      });
      expect(created.statusCode).toBe(201);
      // The proposer's next request lands on the other instance: it reads the stamps, no waiting.
      const own = await b.server.inject({ method: 'GET', url: '/api/v1/ideas', headers: member.auth });
      const titles = (own.json() as { items: { title: string }[] }).items.map((i) => i.title);
      expect(titles).toContain('Seen everywhere');
    } finally {
      await sql`alter table change_markers enable trigger change_markers_notify`.execute(db);
    }
    // A visitor there within the second the kept stamp lasts at most.
    await until(async () => (await visitorTitles(b)).includes('Seen everywhere'), 3000);
    const page = await b.server.inject({ method: 'GET', url: '/backlog' });
    expect(page.body).toContain('Seen everywhere');
  });
});

describe('the stamps a visitor is served by, on SQLite', () => {
  let hub: Hub;
  beforeAll(async () => {
    hub = await startHub('sqlite');
  });
  afterAll(async () => {
    await hub?.close();
  });

  it('are read every time, as a CLI command or a second process may write the file', async () => {
    expect(hub.store.live.hearsCommits()).toBe(false);
    await hub.app.changes.visitorStamp();
    await sql`insert into change_markers (topic, stamp) values ('ideas', 'from-the-cli')
      on conflict (topic) do update set stamp = excluded.stamp`.execute(hub.testDb.database.db);
    expect(await hub.app.changes.visitorStamp()).toContain('ideas=from-the-cli');
  });
});

describe('a kept stamp and the reads around it', () => {
  /** A bus that hears every commit, with reads the test answers by hand. */
  function world() {
    const bus: LiveBus = { ...memoryBus(), hearsCommits: () => true };
    const answers: ((stamp: string) => void)[] = [];
    const read = () => new Promise<string>((resolve) => answers.push(resolve));
    return { bus, answers, reader: heardReader(read, bus, () => 0) };
  }

  it('does not keep a read that an announcement overlapped: it may predate the change', async () => {
    const { bus, answers, reader } = world();
    const first = reader();
    bus.deliver({ channel: STAMP_CHANNEL, id: 'ideas' });
    answers[0]?.('ideas=old');
    expect(await first).toBe('ideas=old');
    const second = reader();
    await Promise.resolve();
    expect(answers).toHaveLength(2);
    answers[1]?.('ideas=new');
    expect(await second).toBe('ideas=new');
    // Kept now: no third read.
    expect(await reader()).toBe('ideas=new');
    expect(answers).toHaveLength(2);
  });

  it('does not keep a read that a reconnection overlapped', async () => {
    const { bus, answers, reader } = world();
    const first = reader();
    // What a listening connection that came back says: anything may have been missed.
    bus.deliver({ channel: STAMP_CHANNEL, id: 'resync' });
    answers[0]?.('ideas=before-the-gap');
    await first;
    const second = reader();
    await Promise.resolve();
    expect(answers).toHaveLength(2);
    answers[1]?.('ideas=after-the-gap');
    expect(await second).toBe('ideas=after-the-gap');
  });
});

describe('the announcing trigger as a migration', () => {
  it('is made on PostgreSQL, taken away by its down step, and made again', async () => {
    const fresh = await freshDatabase('postgres');
    try {
      const { db } = fresh.database;
      const count = async (query: ReturnType<typeof sql>) => (await query.execute(db)).rows.length;
      const trigger = sql`select 1 from pg_trigger where tgname = 'change_markers_notify'`;
      const fn = sql`select 1 from pg_proc where proname = 'plenum_change_markers_notify'`;
      await migrateToLatest(db);
      expect([await count(trigger), await count(fn)]).toEqual([1, 1]);
      await migrateTo(db, '2026-12-07-2-topic-trail');
      expect([await count(trigger), await count(fn)]).toEqual([0, 0]);
      await migrateToLatest(db);
      expect([await count(trigger), await count(fn)]).toEqual([1, 1]);
    } finally {
      await fresh.drop();
    }
  });
});

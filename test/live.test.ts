import { sql } from 'kysely';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { liveChannel } from '../src/app/live.js';
import { ConfigError, loadConfig } from '../src/config.js';
import { requireBuild, serve } from './support/child.js';
import { type EventStream, openEventStream as openStream } from './support/event-stream.js';
import { buildUser, type TestUser } from './support/factories.js';
import { ENGINES, type Hub, startHub, startPeer } from './support/hub.js';

/** Sunday 29 Nov 2026; the series meets next on Mon 30 Nov. */
const NOW = () => new Date('2026-11-29T10:00:00Z');
const NEXT = '2026-11-30';
const SLUG = 'planning-meeting';
const SERIES = {
  title: 'Planning meeting',
  weekday: 1,
  startTime: '14:00',
  durationMinutes: 30,
  timeZone: 'Europe/Berlin',
  weekRule: 'odd',
  startDate: '2026-11-01',
};

/** Streams of the current test, closed after it even when it fails (so the next one starts clean). */
const opened: EventStream[] = [];
async function openEventStream(url: string, headers: Record<string, string> = {}): Promise<EventStream> {
  const stream = await openStream(url, headers);
  opened.push(stream);
  return stream;
}
afterEach(() => {
  for (const stream of opened.splice(0)) stream.close();
});

/** Long enough for an event that should not come to have come. */
const QUIET_MS = 300;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function until(check: () => boolean, ms = 1000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await sleep(10);
  }
}

async function listen(hub: Hub): Promise<string> {
  return hub.server.listen({ host: '127.0.0.1', port: 0 });
}

/** Events that only say "fetch again" (when a stream opens or its listener reconnects) are left out. */
const changes = (stream: EventStream) => stream.events.filter((e) => e.data === '{"resync":false}');

async function proposeViaApi(hub: Hub, who: TestUser, title: string) {
  const res = await hub.server.inject({
    method: 'POST',
    url: `/api/v1/series/${SLUG}/occurrences/${NEXT}/topics`,
    headers: who.auth,
    payload: { title },
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as { id: string; version: number };
}

/** A stream that opened up to date: after the listener is in place, whatever it said at the start is past. */
async function openQuiet(hub: Hub, origin: string): Promise<EventStream> {
  const channel = await hub.app.live.agendaChannel(SLUG, NEXT);
  const stream = await openEventStream(
    `${origin}/meetings/${SLUG}/${NEXT}/events?since=${encodeURIComponent(hub.app.live.cursor(channel))}`,
  );
  expect(stream.status).toBe(200);
  // On PostgreSQL the first stream starts the listener, which then says "fetch again" once.
  await sleep(QUIET_MS);
  return stream;
}

describe.each(ENGINES)('live updates on %s', (engine) => {
  let hub: Hub;
  let origin: string;
  let maintainer: TestUser;
  let member: TestUser;

  beforeAll(async () => {
    hub = await startHub(engine, { now: NOW, live: { maxStreams: 8, heartbeatMs: 100 } });
    [maintainer, member] = await Promise.all([buildUser(hub, { role: 'maintainer' }), buildUser(hub)]);
    await hub.app.meetings.create(maintainer.actor, SERIES);
    origin = await listen(hub);
  });
  afterAll(() => hub.close());

  it('names its event stream on the occurrence page', async () => {
    const page = await hub.server.inject({ method: 'GET', url: `/meetings/${SLUG}/${NEXT}` });
    expect(page.statusCode).toBe(200);
    expect(page.body).toMatch(new RegExp(`data-live="/meetings/${SLUG}/${NEXT}/events\\?since=[^"]+"`, 'u'));
    expect(page.body).toContain('/assets/live.js');
    // The notices live.js may show, in the page's language.
    expect(page.body).toContain('data-live-stale="This page has changed since you began typing here.');
    expect(page.body).toContain('data-live-changed="This page has changed meanwhile."');
    const german = await hub.server.inject({ method: 'GET', url: `/meetings/${SLUG}/${NEXT}?lang=de` });
    expect(german.body).toContain('data-live-reload="Neu laden"');
    const script = await hub.server.inject({ method: 'GET', url: '/assets/live.js' });
    expect(script.statusCode).toBe(200);
    expect(script.headers['content-type']).toContain('text/javascript');
  });

  it('tells an open stream within a second that an agenda write through the API committed', async () => {
    const stream = await openQuiet(hub, origin);
    expect(stream.contentType).toContain('text/event-stream');
    expect(stream.retry).toBeGreaterThan(0);
    // Heartbeat comments keep proxies from closing a quiet stream (every 100 ms here).
    expect(stream.comments).toBeGreaterThan(0);
    const before = stream.events.length;
    expect(changes(stream)).toEqual([]);

    const topic = await proposeViaApi(hub, member, 'Release timeline');
    await stream.waitFor(before + 1);
    expect(stream.events.at(-1)).toMatchObject({ event: 'change', data: '{"resync":false}' });

    // A maintainer's acceptance is another change.
    const accepted = await hub.server.inject({
      method: 'POST',
      url: `/api/v1/topics/${topic.id}/status`,
      headers: { ...maintainer.auth, 'if-match': `"${topic.version}"` },
      payload: { status: 'accepted' },
    });
    expect(accepted.statusCode).toBe(200);
    await stream.waitFor(before + 2);
    expect(new Set(changes(stream).map((e) => e.id)).size).toBe(2);
    stream.close();
  });

  it('says nothing of a write that fails or rolls back', async () => {
    const stream = await openQuiet(hub, origin);
    const before = stream.events.length;
    const topic = await hub.app.agenda.propose(maintainer.actor, SLUG, NEXT, { title: 'Budget' });
    await stream.waitFor(before + 1);

    // A stale version: refused inside the transaction.
    const stale = await hub.server.inject({
      method: 'POST',
      url: `/api/v1/topics/${topic.id}/status`,
      headers: { ...maintainer.auth, 'if-match': `"${topic.version + 5}"` },
      payload: { status: 'discussed' },
    });
    expect(stale.statusCode).toBe(409);
    // A write that announced its change and then failed.
    const channel = liveChannel.agenda(topic.seriesId, topic.occurrence);
    await expect(
      hub.store.transaction(async (repos) => {
        await repos.live.announce(channel);
        throw new Error('rolled back');
      }),
    ).rejects.toThrow('rolled back');
    await sleep(QUIET_MS);
    expect(stream.events.length).toBe(before + 1);

    // The same announcement, committed, does arrive.
    await hub.store.transaction((repos) => repos.live.announce(channel));
    await stream.waitFor(before + 2);
    stream.close();
  });

  it('starts with a change when the reader may have missed one, and not when it is up to date', async () => {
    const stale = await openEventStream(`${origin}/meetings/${SLUG}/${NEXT}/events?since=an-old-page`);
    await stale.waitFor(1);
    expect(stale.events[0]).toMatchObject({ event: 'change', data: '{"resync":true}' });
    stale.close();

    // A reconnecting browser names the last event it got; nothing happened since.
    const first = await openQuiet(hub, origin);
    const before = first.events.length;
    await hub.app.agenda.propose(maintainer.actor, SLUG, NEXT, { title: 'Docs sprint' });
    await first.waitFor(before + 1);
    const lastId = first.events.at(-1)?.id ?? '';
    first.close();
    const resumed = await openEventStream(`${origin}/meetings/${SLUG}/${NEXT}/events?since=an-old-page`, {
      'last-event-id': lastId,
    });
    await sleep(QUIET_MS);
    expect(resumed.events).toEqual([]);
    resumed.close();
  });

  it('releases the listeners of streams whose readers went away', async () => {
    // The streams of the tests before are closed; their servers may still be cleaning up.
    await until(() => hub.app.live.listenerCount() === 0, 5000);
    const base = 0;
    const streams = await Promise.all([1, 2, 3].map(() => openQuiet(hub, origin)));
    expect(hub.app.live.listenerCount()).toBe(base + 3);
    for (const s of streams) s.close();
    await until(() => hub.app.live.listenerCount() === base, 5000);
    // A write afterwards finds nobody to tell, and nothing breaks.
    await hub.app.agenda.propose(maintainer.actor, SLUG, NEXT, { title: 'After everyone left' });
    expect(hub.app.live.listenerCount()).toBe(base);
  });

  it('refuses streams over its limit with 503, and the page still loads', async () => {
    await until(() => hub.app.live.listenerCount() === 0, 5000);
    const streams = await Promise.all(Array.from({ length: 8 }, () => openQuiet(hub, origin)));
    const refused = await fetch(`${origin}/meetings/${SLUG}/${NEXT}/events`);
    expect(refused.status).toBe(503);
    expect(refused.headers.get('retry-after')).toBe('30');
    expect(refused.headers.get('content-type')).toContain('text/html');
    expect((await fetch(`${origin}/meetings/${SLUG}/${NEXT}`)).status).toBe(200);
    for (const s of streams) s.close();
  });

  it('tells the stream of a board page about every write to that board, the default board before it is stored too', async () => {
    const onDefault = await openEventStream(
      `${origin}/board/events?since=${encodeURIComponent(hub.app.live.cursor(await hub.app.live.boardChannel('default')))}`,
    );
    expect(onDefault.status).toBe(200);
    await sleep(QUIET_MS);
    const before = changes(onDefault).length;
    const item = await hub.app.board.addItem(maintainer.actor, 'default', { title: 'First card' });
    await until(() => changes(onDefault).length === before + 1);

    const other = await hub.app.board.createBoard(maintainer.actor, { title: 'Release board' });
    const onOther = await openEventStream(
      `${origin}/boards/${other.slug}/events?since=${encodeURIComponent(hub.app.live.cursor(await hub.app.live.boardChannel(other.slug)))}`,
    );
    await sleep(QUIET_MS);
    const [otherBefore, defaultBefore] = [changes(onOther).length, changes(onDefault).length];
    await hub.app.board.addItem(maintainer.actor, other.slug, { title: 'Elsewhere' });
    await until(() => changes(onOther).length === otherBefore + 1);
    // A move on the default board is heard there, and nowhere else.
    await hub.app.board.stepItem(maintainer.actor, item.id, item.version, 'right');
    await until(() => changes(onDefault).length === defaultBefore + 1);
    await sleep(QUIET_MS);
    expect(changes(onOther).length).toBe(otherBefore + 1);
    expect((await fetch(`${origin}/boards/no-such-board/events`)).status).toBe(404);
  });

  it('answers 404 for the stream of a meeting that does not exist', async () => {
    const res = await fetch(`${origin}/meetings/${SLUG}/2026-12-01/events`);
    expect(res.status).toBe(404);
    expect(await res.text()).toContain('<html');
  });

  it('ends open streams when the server closes', async () => {
    const other = await startHub(engine, { now: NOW });
    await other.app.meetings.create((await buildUser(other, { role: 'maintainer' })).actor, SERIES);
    const stream = await openQuiet(other, await listen(other));
    await other.close();
    await stream.ended;
    expect(other.app.live.listenerCount()).toBe(0);
  });
});

describe('the limit of open streams', () => {
  it('is 1000 per process unless PLENUM_LIVE_MAX_STREAMS says otherwise', () => {
    expect(loadConfig({}).liveMaxStreams).toBe(1000);
    expect(loadConfig({ PLENUM_LIVE_MAX_STREAMS: '50' }).liveMaxStreams).toBe(50);
    expect(() => loadConfig({ PLENUM_LIVE_MAX_STREAMS: 'many' })).toThrow(ConfigError);
  });

  it('is 20 per client unless PLENUM_LIVE_MAX_STREAMS_PER_CLIENT says otherwise', () => {
    expect(loadConfig({}).liveMaxStreamsPerClient).toBe(20);
    expect(loadConfig({ PLENUM_LIVE_MAX_STREAMS_PER_CLIENT: '5' }).liveMaxStreamsPerClient).toBe(5);
    expect(() => loadConfig({ PLENUM_LIVE_MAX_STREAMS_PER_CLIENT: '-2' })).toThrow(
      'PLENUM_LIVE_MAX_STREAMS_PER_CLIENT',
    );
  });
});

describe.each(ENGINES)('live streams of one client on %s', (engine) => {
  let hub: Hub;
  let origin: string;
  const url = () => `${origin}/meetings/${SLUG}/${NEXT}/events`;
  const at = (address: string) => ({ 'x-forwarded-for': address });

  beforeAll(async () => {
    hub = await startHub(engine, {
      now: NOW,
      env: { PLENUM_TRUST_PROXY: '1', PLENUM_LIVE_MAX_STREAMS_PER_CLIENT: '3' },
      limits: { liveConnectsPerClient: { max: 6 } },
    });
    await hub.app.meetings.create((await buildUser(hub, { role: 'maintainer' })).actor, SERIES);
    origin = await listen(hub);
  });
  afterAll(() => hub.close());

  it('may hold only so many streams open, and everyone else still gets theirs', async () => {
    const mine = await Promise.all([1, 2, 3].map(() => openEventStream(url(), at('198.51.100.1'))));
    expect(mine.map((s) => s.status)).toEqual([200, 200, 200]);
    const refused = await fetch(url(), { headers: at('198.51.100.1') });
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(refused.headers.get('content-type')).toContain('text/html');
    expect((await openEventStream(url(), at('198.51.100.2'))).status).toBe(200);
    // A stream closed makes room again.
    mine[0]?.close();
    await until(() => hub.app.live.listenerCount() <= 3, 5000);
    expect((await openEventStream(url(), at('198.51.100.1'))).status).toBe(200);
  });

  it('may open only so many streams a minute, counted in the database for every instance', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 8; i++) {
      const stream = await openEventStream(url(), at('198.51.100.30'));
      statuses.push(stream.status);
      stream.close();
    }
    expect(statuses.slice(0, 6)).toEqual([200, 200, 200, 200, 200, 200]);
    expect(statuses.slice(6)).toEqual([429, 429]);
    const counted = await hub.testDb.database.db
      .selectFrom('rate_limits')
      .select('hits')
      .where('key', 'like', '%198.51.100.30%')
      .execute();
    expect(counted.map((r) => r.hits)).toEqual([8]);
    // Another client is not affected.
    expect((await openEventStream(url(), at('198.51.100.31'))).status).toBe(200);
  });
});

describe('live updates across two instances on one PostgreSQL database', () => {
  let a: Hub;
  let b: Hub;
  let originA: string;
  let originB: string;
  let maintainer: TestUser;

  beforeAll(async () => {
    a = await startHub('postgres', { now: NOW });
    b = await startPeer(a, { now: NOW });
    maintainer = await buildUser(a, { role: 'maintainer' });
    await a.app.meetings.create(maintainer.actor, SERIES);
    originA = await listen(a);
    originB = await listen(b);
  });
  afterAll(async () => {
    await b?.close();
    await a?.close();
  });

  it('brings a write on one instance to a stream on the other within a second', async () => {
    const onB = await openQuiet(b, originB);
    const onA = await openQuiet(a, originA);
    const [beforeA, beforeB] = [onA.events.length, onB.events.length];
    await proposeViaApi(a, maintainer, 'Written on A');
    await onB.waitFor(beforeB + 1);
    await onA.waitFor(beforeA + 1);
    // Both heard the same event: one id across instances.
    expect(onB.events.at(-1)?.id).toBe(onA.events.at(-1)?.id);

    await proposeViaApi(b, maintainer, 'Written on B');
    await onA.waitFor(beforeA + 2);
    onA.close();
    onB.close();
  });

  it('tells the other instance nothing of a rolled-back write', async () => {
    const onB = await openQuiet(b, originB);
    const before = onB.events.length;
    const channel = await a.app.live.agendaChannel(SLUG, NEXT);
    await expect(
      a.store.transaction(async (repos) => {
        await repos.live.announce(channel);
        throw new Error('rolled back');
      }),
    ).rejects.toThrow('rolled back');
    await sleep(QUIET_MS);
    expect(onB.events.length).toBe(before);
    onB.close();
  });

  it('reaches a stream served by a separate `plenum serve` process, which logs a lost listener and stops at once with a stream open', async () => {
    requireBuild();
    const child = await serve({ DATABASE_URL: a.testDb.url as string, PLENUM_DATA_DIR: a.testDb.dir });
    try {
      const stream = await openEventStream(`${child.url}/meetings/${SLUG}/${NEXT}/events?since=an-old-page`);
      expect(stream.status).toBe(200);
      await stream.waitFor(1);
      // The child's listener is in place once it has said "fetch again" after connecting.
      await sleep(QUIET_MS);
      await proposeViaApi(a, maintainer, 'Heard by another process');
      await until(() => changes(stream).length === 1);
      // A lost listening connection is logged by the process (and mended, as the next test shows).
      await sql`select pg_terminate_backend(pid) from pg_stat_activity
        where datname = current_database() and query = 'LISTEN plenum_changes' and pid <> pg_backend_pid()`.execute(
        a.testDb.database.db,
      );
      await until(
        () => child.output().includes('the PostgreSQL listening connection failed; reconnecting'),
        5000,
      );
      await child.stop();
      await stream.ended;
    } finally {
      if (child.child.exitCode === null) child.child.kill('SIGKILL');
    }
  });

  it('reconnects a dropped listener, tells its streams to fetch again, and hears writes after', async () => {
    const onB = await openQuiet(b, originB);
    const before = onB.events.length;
    // Cut every LISTENing connection of this database, as a restart of PostgreSQL or a proxy would.
    await sql`select pg_terminate_backend(pid) from pg_stat_activity
      where datname = current_database() and query = 'LISTEN plenum_changes' and pid <> pg_backend_pid()`.execute(
      a.testDb.database.db,
    );
    await onB.waitFor(before + 1, 5000);
    expect(onB.events.at(-1)?.data).toBe('{"resync":true}');
    await proposeViaApi(a, maintainer, 'After the reconnect');
    await onB.waitFor(before + 2, 1000);
    expect(onB.events.at(-1)?.data).toBe('{"resync":false}');
    onB.close();
  });
});

import { Writable } from 'node:stream';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildServer, type Server } from '../src/http/server.js';
import { buildUser, signedInClient, type TestUser } from './support/factories.js';
import { ENGINES, type Hub, startHub } from './support/hub.js';

/**
 * A full disk is said as what it is: a 503 "the server's disk is full" (logged as such), and the
 * instance reports itself not ready meanwhile. SQLite's max_page_count caps the file where it is,
 * which is what a full disk looks like to SQLite (SQLITE_FULL); on PostgreSQL a trigger raises
 * the server's own disk_full error (SQLSTATE 53100) for the writes under test.
 */

let clock = new Date('2026-11-29T10:00:00Z');

describe.each(ENGINES)('a full disk on %s', (engine) => {
  let hub: Hub;
  let server: Server;
  let member: TestUser;
  const logged: { level: number; msg: string; err?: { message?: string } }[] = [];

  beforeAll(async () => {
    hub = await startHub(engine, { now: () => clock });
    member = await buildUser(hub);
    // The same app behind a server that logs, to see what it says about the failure.
    server = await buildServer({
      app: hub.app,
      config: hub.config,
      logger: {
        level: 'warn',
        stream: new Writable({
          write(chunk, _encoding, done) {
            for (const line of String(chunk).split('\n').filter(Boolean)) logged.push(JSON.parse(line));
            done();
          },
        }),
      },
    });
    await server.ready();
  });
  afterAll(async () => {
    await server.close();
    await hub.close();
  });

  const db = () => hub.testDb.database.db;

  async function fillDisk(): Promise<void> {
    if (engine === 'sqlite') {
      const { rows } = await sql<{ page_count: number }>`pragma page_count`.execute(db());
      await sql.raw(`pragma max_page_count = ${rows[0]?.page_count ?? 1}`).execute(db());
      return;
    }
    await sql`
      create function plenum_test_disk_full() returns trigger language plpgsql as $$
      begin
        raise exception 'could not extend file "base/16384/16385": No space left on device'
          using errcode = 'disk_full';
      end $$`.execute(db());
    for (const table of ['ideas', 'idea_history'])
      await sql
        .raw(`create trigger disk_full before insert on ${table} execute function plenum_test_disk_full()`)
        .execute(db());
  }

  async function freeDisk(): Promise<void> {
    if (engine === 'sqlite') {
      await sql`pragma max_page_count = 1073741823`.execute(db());
      return;
    }
    for (const table of ['ideas', 'idea_history'])
      await sql.raw(`drop trigger disk_full on ${table}`).execute(db());
  }

  const propose = (title: string, headers: Record<string, string> = {}) =>
    server.inject({
      method: 'POST',
      url: '/api/v1/ideas',
      headers: { ...member.auth, ...headers },
      // Long enough to need new pages of the SQLite file.
      payload: { title, description: 'A description that takes room. '.repeat(300) },
    });

  it('answers 503 "the disk is full" on both doors, logs it, and /readyz says not ready', async () => {
    expect((await server.inject({ url: '/readyz' })).statusCode).toBe(200);
    await fillDisk();

    const res = await propose('Offline mode');
    expect(res.statusCode).toBe(503);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.json()).toMatchObject({
      status: 503,
      type: 'urn:plenum:problem:disk-full',
      detail: "The server's disk is full, so nothing could be saved. Please try again later.",
    });
    expect(res.body).not.toMatch(/rollback/iu);
    const german = await propose('Offline-Modus', { 'accept-language': 'de' });
    expect(german.statusCode).toBe(503);
    expect(german.json().detail).toBe(
      'Der Speicherplatz des Servers ist voll, daher konnte nichts gespeichert werden. Bitte später noch einmal versuchen.',
    );

    // The form says it as a page, and keeps what was typed out of harm's way (nothing was saved).
    const browser = await signedInClient(hub, member);
    await browser.get('/ideas/new');
    const page = await browser.post('/ideas', {
      title: 'Offline mode',
      description: 'A description that takes room. '.repeat(300),
    });
    expect(page.statusCode).toBe(503);
    expect(page.headers['content-type']).toContain('text/html');
    expect(page.body).toContain('disk is full, so nothing could be saved');

    const logs = logged.filter((l) => l.level >= 50);
    expect(logs.map((l) => l.msg)).toContain('the database disk is full');
    expect(logs.map((l) => l.msg)).not.toContain('unexpected error');

    const ready = await server.inject({ url: '/readyz' });
    expect(ready.statusCode).toBe(503);
    expect(ready.json()).toEqual({ status: 'unavailable', database: engine, reason: 'disk-full' });
    expect((await hub.app.ideas.list({ locale: 'en', q: 'offline' })).items).toEqual([]);
  });

  it('is ready again once there is room and the error is a minute old', async () => {
    clock = new Date(clock.getTime() + 61_000);
    // On SQLite /readyz tries a write itself, so it sees the full disk without any request failing.
    const stillFull = await server.inject({ url: '/readyz' });
    expect(stillFull.statusCode).toBe(engine === 'sqlite' ? 503 : 200);
    await freeDisk();
    clock = new Date(clock.getTime() + 61_000);
    expect((await server.inject({ url: '/readyz' })).json()).toEqual({ status: 'ok', database: engine });
    expect((await propose('Offline mode')).statusCode).toBe(201);
  });
});

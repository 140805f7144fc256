import { join } from 'node:path';
import SQLite from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { markedReader, VISITOR_OTHERS_MS } from '../src/app/changes.js';
import { buildIdea, buildUser, type TestUser } from './support/factories.js';
import { type Hub, startHub } from './support/hub.js';

/**
 * On SQLite the change stamps are kept while the database's write mark stands still, so an
 * unchanged hub answers every reader, signed in or not, without a query. What must hold: any
 * commit, by this hub or by another process on the file, moves the mark before anyone can read
 * the old stamp again.
 */

describe('markedReader', () => {
  function counting(initial: string) {
    let value = initial;
    let reads = 0;
    return {
      read: async () => {
        reads++;
        return value;
      },
      set: (next: string) => {
        value = next;
      },
      reads: () => reads,
    };
  }

  it('reads once while the mark stands and again when it moves', async () => {
    const source = counting('a');
    let mark = '1:1';
    const reader = markedReader(source.read, () => mark);
    expect(await reader()).toBe('a');
    expect(await reader()).toBe('a');
    expect(source.reads()).toBe(1);
    source.set('b');
    mark = '2:1';
    expect(await reader()).toBe('b');
    expect(source.reads()).toBe(2);
  });

  it('does not keep a read that a commit overlapped: the mark taken before it no longer matches', async () => {
    let mark = '1:1';
    let value = 'before';
    const reader = markedReader(
      async () => {
        const seen = value;
        // A commit lands while the read is on its way: the read may or may not have seen it.
        value = 'after';
        mark = '2:1';
        return seen;
      },
      () => mark,
    );
    expect(await reader()).toBe('before');
    expect(await reader()).toBe('after');
  });

  it('reads every time where the engine has no mark', async () => {
    const source = counting('a');
    const reader = markedReader(source.read, () => null);
    await reader();
    await reader();
    await reader();
    expect(source.reads()).toBe(3);
  });
});

describe('the write mark of a SQLite file', () => {
  let hub: Hub;
  let member: TestUser;
  let other: SQLite.Database;

  beforeAll(async () => {
    hub = await startHub('sqlite');
    member = await buildUser(hub);
    other = new SQLite(join(hub.testDb.dir, 'plenum.sqlite'));
  });
  afterAll(async () => {
    other?.close();
    await hub?.close();
  });

  it('stands still while the hub only reads', async () => {
    const mark = hub.store.writeMark();
    expect(mark).not.toBeNull();
    await hub.server.inject({ method: 'GET', url: '/api/v1/ideas' });
    await hub.server.inject({ method: 'GET', url: '/backlog' });
    expect(hub.store.writeMark()).toBe(mark);
  });

  it('moves with a commit of the hub itself', async () => {
    const mark = hub.store.writeMark();
    await buildIdea(hub, member, { title: 'Written here' });
    expect(hub.store.writeMark()).not.toBe(mark);
  });

  it('moves with a commit of another process on the same file, and the next reader sees it', async () => {
    const before = await hub.app.changes.stamp();
    const visitorBefore = await hub.app.changes.visitorStamp();
    const mark = hub.store.writeMark();
    other
      .prepare(
        `insert into change_markers (topic, stamp) values ('ideas', 'from-another-process')
         on conflict (topic) do update set stamp = excluded.stamp`,
      )
      .run();
    expect(hub.store.writeMark()).not.toBe(mark);
    expect(await hub.app.changes.stamp()).not.toBe(before);
    expect(await hub.app.changes.stamp()).toContain('ideas=from-another-process');
    expect(visitorBefore).toBe(before);
    // A visitor's look at other processes' commits may stand for VISITOR_OTHERS_MS.
    await new Promise((r) => setTimeout(r, VISITOR_OTHERS_MS));
    expect(await hub.app.changes.visitorStamp()).toContain('ideas=from-another-process');
  });

  it('answers unchanged readers, signed in or not, without reading the markers', async () => {
    // The token's first use is written, which moves the mark: a visitor's reader reads once after it.
    await hub.server.inject({ method: 'GET', url: '/backlog', headers: member.auth });
    await hub.server.inject({ method: 'GET', url: '/api/v1/ideas' });
    const stamps = vi.spyOn(hub.store.read.changes, 'stamps');
    try {
      for (let i = 0; i < 5; i++) {
        expect((await hub.server.inject({ method: 'GET', url: '/api/v1/ideas' })).statusCode).toBe(200);
        expect((await hub.server.inject({ method: 'GET', url: '/backlog' })).statusCode).toBe(200);
        const signedIn = await hub.server.inject({
          method: 'GET',
          url: '/api/v1/ideas',
          headers: member.auth,
        });
        expect(signedIn.statusCode).toBe(200);
      }
      expect(stamps).not.toHaveBeenCalled();
      // A write moves the mark: the writer's next read asks the database once.
      await buildIdea(hub, member, { title: 'Seen at once' });
      const res = await hub.server.inject({ method: 'GET', url: '/api/v1/ideas', headers: member.auth });
      expect((res.json() as { items: { title: string }[] }).items.map((i) => i.title)).toContain(
        'Seen at once',
      );
      expect(stamps).toHaveBeenCalled();
    } finally {
      stamps.mockRestore();
    }
  });

  it('takes the stamp once per reading request, for the page settings and the list alike', async () => {
    const visitor = vi.spyOn(hub.app.changes, 'visitorStamp');
    const exact = vi.spyOn(hub.app.changes, 'stamp');
    try {
      expect((await hub.server.inject({ method: 'GET', url: '/backlog' })).statusCode).toBe(200);
      expect(visitor).toHaveBeenCalledTimes(1);
      expect(
        (await hub.server.inject({ method: 'GET', url: '/backlog', headers: member.auth })).statusCode,
      ).toBe(200);
      expect(exact).toHaveBeenCalledTimes(1);
    } finally {
      visitor.mockRestore();
      exact.mockRestore();
    }
  });

  it('moves even for a transaction that was rolled back, which only costs a read', async () => {
    const before = await hub.app.changes.stamp();
    const mark = hub.store.writeMark();
    await expect(
      hub.store.transaction(async (repos) => {
        await repos.changes.bump('ideas');
        throw new Error('taken back');
      }),
    ).rejects.toThrow('taken back');
    expect(hub.store.writeMark()).not.toBe(mark);
    expect(await hub.app.changes.stamp()).toBe(before);
  });

  const lastUsed = async () =>
    (
      await hub.testDb.database.db
        .selectFrom('api_tokens')
        .select('last_used_at')
        .where('user_id', '=', member.user.id)
        .executeTakeFirstOrThrow()
    ).last_used_at;

  it("writes a token's use at most once a minute, so calls in a row write nothing", async () => {
    expect(
      (await hub.server.inject({ method: 'GET', url: '/api/v1/me', headers: member.auth })).statusCode,
    ).toBe(200);
    const first = await lastUsed();
    expect(first).not.toBeNull();
    const mark = hub.store.writeMark();
    for (let i = 0; i < 3; i++)
      await hub.server.inject({ method: 'GET', url: '/api/v1/me', headers: member.auth });
    expect(await lastUsed()).toBe(first);
    expect(hub.store.writeMark()).toBe(mark);
  });

  it("writes a token's use again once the last one is a minute old", async () => {
    const earlier = new Date(Date.now() - 61_000).toISOString();
    await hub.testDb.database.db
      .updateTable('api_tokens')
      .set({ last_used_at: earlier })
      .where('user_id', '=', member.user.id)
      .execute();
    await hub.server.inject({ method: 'GET', url: '/api/v1/me', headers: member.auth });
    expect(await lastUsed()).not.toBe(earlier);
  });
});

describe('the write mark of PostgreSQL', () => {
  it('is unknown, so every exact read asks the database', async () => {
    const hub = await startHub('postgres');
    try {
      expect(hub.store.writeMark()).toBeNull();
    } finally {
      await hub.close();
    }
  });
});

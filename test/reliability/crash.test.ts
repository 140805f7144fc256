import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import SQLite from 'better-sqlite3';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { plenumCli, requireBuild, type Served, serve } from '../support/child.js';
import { ENGINES, type Engine } from '../support/hub.js';
import { adminQuery, databaseUrl } from '../support/postgres.js';

/**
 * A Plenum process is killed with SIGKILL while a client writes to it, three times over. Every
 * write the server acknowledged (201 with an id) must be there after the restart, each with
 * its history and audit entry (the write is one transaction), and the SQLite file must pass
 * its integrity check. Writes cut off in flight may or may not have landed; none may be half there.
 */

const ROUNDS = 3;
const WRITERS = 16;
/** Kill once this many writes of the round were acknowledged (or after KILL_AFTER_MS). */
const ACKS_BEFORE_KILL = 120;
const KILL_AFTER_MS = 6_000;
const TIMEOUT = 300_000;

interface Ack {
  id: string;
  title: string;
}

/** Writers that propose ideas until their server goes away; every 201 is recorded. */
function writeUntilGone(url: string, token: string, round: number, acks: Ack[]) {
  let inFlight = 0;
  let stopped = false;
  const writer = async (w: number) => {
    for (let n = 0; !stopped; n++) {
      const title = `Crash ${round}.${w}.${n} ${randomBytes(3).toString('hex')}`;
      inFlight++;
      try {
        const res = await fetch(`${url}/api/v1/ideas`, {
          method: 'POST',
          headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
          body: JSON.stringify({
            title,
            description: `Written in round ${round}.`,
            tags: ['crash', `w${w}`],
          }),
        });
        if (res.status === 201) {
          const body = (await res.json()) as { id: string; title: string };
          acks.push({ id: body.id, title: body.title });
        } else if (res.status >= 500) {
          throw new Error(`${res.status}: ${await res.text()}`);
        }
      } catch (err) {
        // The server was killed: the connection is gone. Anything else is a failure.
        const cause = (err as { cause?: { code?: string } }).cause?.code ?? '';
        if (!/ECONNRESET|ECONNREFUSED|UND_ERR_SOCKET|EPIPE|UND_ERR_CLOSED/u.test(`${cause} ${err}`))
          throw err;
        return;
      } finally {
        inFlight--;
      }
    }
  };
  const done = Promise.all(Array.from({ length: WRITERS }, (_, w) => writer(w)));
  return {
    inFlight: () => inFlight,
    stop: () => {
      stopped = true;
    },
    done,
  };
}

async function pageThroughIdeas(url: string): Promise<Map<string, string>> {
  const found = new Map<string, string>();
  let cursor: string | null = null;
  do {
    const res = await fetch(
      `${url}/api/v1/ideas?status=proposed&limit=500${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
    );
    expect(res.status).toBe(200);
    const body = (await res.json()) as { items: { id: string; title: string }[]; nextCursor: string | null };
    for (const item of body.items) found.set(item.id, item.title);
    cursor = body.nextCursor;
  } while (cursor);
  return found;
}

/** Ideas without their history or audit entry: a transaction only half on disk. */
const HALF_WRITTEN = `
  select
    (select count(*) from ideas i where not exists (select 1 from idea_history h where h.idea_id = i.id)) as without_history,
    (select count(*) from ideas i where not exists (select 1 from audit_log a where a.entity_id = i.id)) as without_audit,
    (select count(*) from idea_history h where not exists (select 1 from ideas i where i.id = h.idea_id)) as orphan_history,
    (select count(*) from idea_tags t where not exists (select 1 from ideas i where i.id = t.idea_id)) as orphan_tags`;

describe.each(ENGINES)('SIGKILL under write load on %s', (engine: Engine) => {
  const dir = mkdtempSync(join(tmpdir(), 'plenum-crash-'));
  const dbName = `plenum_crash_${randomBytes(6).toString('hex')}`;
  const env: Record<string, string> = { PLENUM_DATA_DIR: dir };
  let token = '';
  let server: Served | null = null;

  beforeAll(async () => {
    requireBuild();
    if (engine === 'postgres') {
      await adminQuery(`CREATE DATABASE ${dbName}`);
      env.DATABASE_URL = databaseUrl(dbName);
    }
    plenumCli(['user', 'add', '--email', 'writer@example.org', '--name', 'Writer', '--role', 'member'], {
      ...env,
      PLENUM_PASSWORD: 'a long enough password',
    });
    token = plenumCli(
      ['token', 'create', '--email', 'writer@example.org', '--name', 'crash test'],
      env,
    ).trim();
    expect(token).toMatch(/^plm_/u);
  }, 120_000);

  afterAll(async () => {
    if (server && server.child.exitCode === null) server.child.kill('SIGKILL');
    if (engine === 'postgres') await adminQuery(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
    rmSync(dir, { recursive: true, force: true });
  });

  it(
    'keeps every acknowledged write, each whole, and an intact database',
    async () => {
      const acks: Ack[] = [];
      const rounds: string[] = [];
      for (let round = 1; round <= ROUNDS; round++) {
        server = await serve(env);
        const before = acks.length;
        const load = writeUntilGone(server.url, token, round, acks);
        const started = Date.now();
        while (acks.length - before < ACKS_BEFORE_KILL && Date.now() - started < KILL_AFTER_MS) {
          await new Promise((r) => setTimeout(r, 10));
        }
        const inFlight = load.inFlight();
        server.child.kill('SIGKILL');
        const { signal } = await server.exited;
        load.stop();
        await load.done;
        expect(signal).toBe('SIGKILL');
        // Killed mid-load: requests were on their way when the process died.
        expect(inFlight).toBeGreaterThan(0);
        rounds.push(
          `round ${round}: ${acks.length - before} acknowledged, ${inFlight} in flight at the kill`,
        );
      }

      server = await serve(env);
      const stored = await pageThroughIdeas(server.url);
      const missing = acks.filter((a) => stored.get(a.id) !== a.title);
      console.log(
        `crash on ${engine}: ${rounds.join('; ')}; ${acks.length} acknowledged, ${stored.size} stored, ${missing.length} missing`,
      );
      expect(missing).toEqual([]);
      await server.stop();
      server = null;

      if (engine === 'sqlite') {
        const db = new SQLite(join(dir, 'plenum.sqlite'), { readonly: true });
        try {
          expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
          expect(db.pragma('foreign_key_check')).toEqual([]);
          expect(db.prepare(HALF_WRITTEN).get()).toEqual({
            without_history: 0,
            without_audit: 0,
            orphan_history: 0,
            orphan_tags: 0,
          });
        } finally {
          db.close();
        }
      } else {
        const client = new pg.Client({ connectionString: databaseUrl(dbName) });
        await client.connect();
        try {
          const { rows } = await client.query(HALF_WRITTEN);
          expect(rows[0]).toEqual({
            without_history: '0',
            without_audit: '0',
            orphan_history: '0',
            orphan_tags: '0',
          });
          // PostgreSQL's own check of every B-tree index against its rules (contrib amcheck).
          await client.query('CREATE EXTENSION IF NOT EXISTS amcheck');
          const { rows: indexes } = await client.query(
            `select c.relname, bt_index_check(c.oid, true) is null as checked
               from pg_index i join pg_class c on c.oid = i.indexrelid join pg_am am on am.oid = c.relam
              where am.amname = 'btree' and c.relnamespace = 'public'::regnamespace`,
          );
          expect(indexes.length).toBeGreaterThan(0);
        } finally {
          await client.end();
        }
      }
    },
    TIMEOUT,
  );
});

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import SQLite from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { sqliteWriteMark } from '../src/store/sqlite-write-mark.js';

/**
 * The write mark must move with every commit of anyone on the file and stand still otherwise,
 * whether it is read from the wal-index header or, where there is none, asked of SQLite.
 */

const opened: { close(): void }[] = [];
const dirs: string[] = [];
afterEach(() => {
  for (const o of opened.splice(0)) o.close();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function database(journal: 'wal' | 'delete') {
  const dir = mkdtempSync(join(tmpdir(), 'plenum-mark-'));
  dirs.push(dir);
  const file = join(dir, 'db.sqlite');
  const connect = () => {
    const db = new SQLite(file);
    db.pragma(`journal_mode = ${journal}`);
    db.pragma('busy_timeout = 5000');
    opened.push(db);
    return db;
  };
  const hub = connect();
  hub.exec('create table t (v text)');
  const mark = sqliteWriteMark(hub, file);
  opened.push(mark);
  return { file, hub, other: connect(), mark: mark.mark };
}

describe.each(['wal', 'delete'] as const)('the write mark with journal mode %s', (journal) => {
  it('stands still while only reading, and moves with each commit of this connection', () => {
    const { hub, mark } = database(journal);
    const first = mark();
    expect(first).not.toBeNull();
    hub.prepare('select * from t').all();
    expect(mark()).toBe(first);
    hub.prepare('insert into t values (?)').run('a');
    const second = mark();
    expect(second).not.toBe(first);
    expect(mark()).toBe(second);
  });

  it('moves with each commit of another connection, also after the log was checkpointed away', () => {
    const { hub, other, mark } = database(journal);
    const seen = new Set([mark()]);
    for (let i = 0; i < 5; i++) {
      other.prepare('insert into t values (?)').run(`other ${i}`);
      const now = mark();
      expect(seen.has(now)).toBe(false);
      seen.add(now);
      expect(mark()).toBe(now);
      if (i === 2 && journal === 'wal') hub.pragma('wal_checkpoint(TRUNCATE)');
    }
  });

  it('does not move for a transaction of another connection until it commits', () => {
    const { other, mark } = database(journal);
    const before = mark();
    other.exec('begin immediate');
    other.prepare('insert into t values (?)').run('pending');
    expect(mark()).toBe(before);
    other.exec('commit');
    expect(mark()).not.toBe(before);
  });
});

it('lets a look at other connections stand for othersWithinMs, but counts its own commits at once', () => {
  const { file, hub, other } = database('wal');
  let clock = 0;
  const { mark, close } = sqliteWriteMark(hub, file, () => clock);
  opened.push({ close });
  const first = mark(10);
  other.prepare('insert into t values (?)').run('unseen for now');
  expect(mark(10)).toBe(first);
  // An exact look sees it, whatever a bounded one kept.
  expect(mark()).not.toBe(first);
  const seen = mark(10);
  other.prepare('insert into t values (?)').run('seen after the bound');
  clock += 9;
  expect(mark(10)).toBe(seen);
  clock += 1;
  const later = mark(10);
  expect(later).not.toBe(seen);
  hub.prepare('insert into t values (?)').run('own');
  expect(mark(10)).not.toBe(later);
});

it('reads the header from the -shm file in WAL mode, and asks SQLite when there is none', () => {
  expect(database('wal').mark()).toMatch(/:h\d+$/u);
  expect(database('delete').mark()).toMatch(/:v\d+$/u);
});

it('is null once the connection is closed', () => {
  const { hub, mark } = database('wal');
  hub.close();
  expect(mark()).toBeNull();
});

it('asks SQLite when the two copies of the header differ, as while a commit writes them', () => {
  const { file, mark } = database('delete');
  // A header as SQLite lays it out: version 3007000, isInit set; the second copy half-written.
  const header = Buffer.alloc(48);
  header.writeUInt32LE(3007000, 0);
  header[12] = 1;
  header.writeUInt32LE(7, 8);
  const torn = Buffer.from(header);
  torn.writeUInt32LE(8, 8);
  writeFileSync(`${file}-shm`, Buffer.concat([header, torn]));
  expect(mark()).toMatch(/:v\d+$/u);
  writeFileSync(`${file}-shm`, Buffer.concat([header, header]));
  const whole = mark();
  expect(whole).toMatch(/:h\d+$/u);
  expect(mark()).toBe(whole);
  writeFileSync(`${file}-shm`, Buffer.concat([torn, torn]));
  expect(mark()).not.toBe(whole);
});

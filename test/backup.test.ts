import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BACKUP_TABLES, NOT_BACKED_UP } from '../src/store/backup.repository.js';
import { isFullTextMachinery } from '../src/store/search-documents.js';
import { buildUser, PASSWORD, signedInClient, startMeeting } from './support/factories.js';
import { type Hub, openTestDatabase, startHub, type TestDatabase } from './support/hub.js';

const run = promisify(execFile);
const PAGE = readFileSync(new URL('./fixtures/planning-page.md', import.meta.url), 'utf8');
const NOW = () => new Date('2026-11-29T10:00:00Z');

/** A hub with rows in every table a backup holds. */
async function populate(hub: Hub): Promise<void> {
  const admin = await buildUser(hub, { role: 'admin', name: 'Ada Admin' });
  const member = await buildUser(hub, { name: 'Mia Member' });
  await hub.app.docs.importPage(admin.actor, PAGE, { weekday: 4, timeZone: 'Europe/Berlin' });
  const idea = await hub.app.ideas.propose(member.actor, {
    title: 'Tagged idea with ümlauts',
    description: 'Some *Markdown*',
    tags: ['ui', 'docs'],
    links: [{ label: 'spec', url: 'https://example.org/spec' }],
  });
  await hub.app.ideas.changeStatus(admin.actor, idea.id, 1, 'declined', 'Out of scope');
  // The proposer follows the idea already; the admin wants it and follows the board too.
  await hub.app.interest.add(admin.actor, idea.id);
  // A milestone needs five members interested; the backup only needs its row.
  await hub.store.transaction((repos) => repos.interest.reachMilestone(idea.id, 5, '2026-12-01T00:00:00Z'));
  await hub.app.follows.follow(admin.actor, 'board', 'default');
  await hub.app.meetings.cancel(admin.actor, 'community-planning', '2026-12-10', 'Holiday');
  await hub.app.meetings.addExtra(admin.actor, 'community-planning', {
    date: '2026-12-22',
    startTime: '10:00',
    durationMinutes: 45,
  });
  await hub.app.invitations.request('community-planning', 'guest@example.org', 'de');
  await hub.app.agenda.propose(member.actor, 'community-planning', '2026-12-24', {
    title: 'Holiday plans',
    idea: idea.slug,
  });
  await hub.app.reminders.markAgendaReady(admin.actor, 'community-planning', '2026-12-24');
  await startMeeting(hub, admin, 'community-planning', '2026-12-24');
  await hub.app.minutes.save(admin.actor, 'community-planning', '2026-12-24', 0, {
    body: 'Notes with ümlauts',
    attendeeCount: 7,
  });
  await hub.app.minutes.decide(admin.actor, 'community-planning', '2026-12-24', {
    text: 'Move it to the roadmap',
    idea: idea.slug,
  });
  await hub.app.minutes.publish(admin.actor, 'community-planning', '2026-12-24', 1);
  const proposed = await hub.app.minutes.decide(admin.actor, 'community-planning', '2026-12-24', {
    text: 'Wait for objections',
    objectionHours: 72,
  });
  await hub.app.minutes.object(member.actor, proposed.id, { reason: 'Not so fast' });
  await hub.app.minutes.addActionItem(admin.actor, 'community-planning', '2026-12-24', {
    text: 'Write the plan',
    assignee: 'Mia',
    dueDate: '2026-12-24',
  });
  const item = await hub.app.board.addItem(admin.actor, 'default', {
    title: 'Board item with ümlauts',
    links: ['https://github.com/acme/plenum/issues/5'],
    labels: ['ui'],
    assignees: ['Mia'],
    idea: idea.slug,
  });
  await hub.app.board.moveItem(admin.actor, item.id, item.version, { column: 'in_progress' });
  await hub.app.roadmap.setHorizon(admin.actor, idea.slug, 0, 'later');
  await hub.app.groups.create(admin.actor, {
    slug: 'sig-umlauts',
    name: 'Group with ümlauts',
    members: [member.user.handle],
    leads: [member.user.handle],
  });
  await hub.app.groups.assign(admin.actor, 'idea', idea.id, 'sig-umlauts');
  await hub.app.groups.assign(admin.actor, 'series', 'community-planning', 'sig-umlauts');
  const mep = await hub.app.proposals.create(admin.actor, {
    title: 'Proposal with ümlauts',
    ideas: [idea.slug],
  });
  await hub.app.proposals.changeState(admin.actor, mep.number, 1, 'accepted', 'Decided');
  const topic = await hub.app.agenda.propose(member.actor, 'community-planning', '2026-12-24', {
    title: 'Talk',
  });
  const comment = await hub.app.comments.create(
    member.actor,
    'topic',
    topic.id,
    { body: 'Comment with ümlauts' },
    'c',
  );
  // The edit mentions the admin: a mention row.
  await hub.app.comments.edit(member.actor, comment.id, 1, `Comment, edited for @${admin.user.handle}`);
  await hub.app.comments.report(admin.actor, comment.id, 'Please look');
  // The status change and the mention above are in the inbox; the member wants no mail.
  await hub.app.notifications.saveSettings(member.actor, { mail: 'never' });
  await hub.app.accounts.createInvitation(admin.actor, 'maintainer');
  await hub.app.settings.setRegistrationMode(admin.actor, 'invite');
  await hub.app.settings.cookieSecret();
  await hub.app.webhooks.create(admin.actor, {
    url: 'https://ci.example.org/plenum',
    events: ['idea.proposed'],
  });
  await hub.app.webhooks.create(admin.actor, {
    url: 'https://discord.com/api/webhooks/123456789/secret-token',
    events: ['idea.proposed'],
    format: 'discord',
    locale: 'de',
  });
  await signedInClient(hub, member);
  // A sign-in through GitHub linked to the member, as a finished round trip leaves it.
  await hub.store.transaction((repos) =>
    repos.identities.insert({
      id: '0190f0c0-0000-7000-8000-00000000beef',
      user_id: member.user.id,
      provider: 'github',
      subject: '583231',
      email: 'mia@example.org',
      email_verified: 1,
      login: 'mia-member',
      avatar_url: null,
      created_at: '2026-12-01T10:00:00.000Z',
      last_used_at: null,
    }),
  );
}

describe('backup and restore across engines', () => {
  let source: Hub;
  const targets: Hub[] = [];
  beforeAll(async () => {
    source = await startHub('sqlite', { now: NOW });
    await populate(source);
  });
  afterAll(async () => {
    await source.close();
    for (const t of targets) await t.close();
  });

  const fresh = async (engine: 'sqlite' | 'postgres') => {
    const hub = await startHub(engine, { now: NOW });
    targets.push(hub);
    return hub;
  };

  it('holds a row of every table it covers, and covers every table but the named exceptions', async () => {
    const backup = await source.app.backup.create({ includeSecrets: true });
    for (const { name } of BACKUP_TABLES)
      expect({ name, rows: (backup.tables[name]?.length ?? 0) > 0 }).toEqual({ name, rows: true });
    const tables = await source.testDb.database.db.introspection.getTables();
    const covered = new Set<string>([...BACKUP_TABLES.map((t) => t.name), ...NOT_BACKED_UP]);
    const own = tables.map((t) => t.name).filter((n) => !isFullTextMachinery(n));
    expect(own.filter((n) => !covered.has(n))).toEqual([]);
  });

  it('leaves secrets out unless asked', async () => {
    const backup = await source.app.backup.create({ includeSecrets: false });
    expect(backup.tables.sessions).toBeUndefined();
    expect(backup.tables.api_tokens).toBeUndefined();
    expect(backup.tables.invitations).toBeUndefined();
    expect(backup.tables.users?.every((u) => u.password_hash === null)).toBe(true);
    expect(backup.tables.settings?.some((s) => String(s.key).startsWith('secret.'))).toBe(false);
    expect(JSON.stringify(backup)).not.toMatch(/scrypt\$/u);
    // An endpoint comes back without its secret, paused until registered anew.
    // A chat endpoint's URL is what lets anyone post to the channel: it is left out too.
    expect(backup.tables.webhook_endpoints).toEqual([
      expect.objectContaining({ url: 'https://ci.example.org/plenum', secret: '', status: 'paused' }),
      expect.objectContaining({ url: '', format: 'discord', locale: 'de', secret: '', status: 'paused' }),
    ]);
    expect(JSON.stringify(backup)).not.toMatch(/whsec_|secret-token/u);
  });

  it('SQLite → backup → PostgreSQL restore → backup gives identical JSON, and back again', async () => {
    for (const includeSecrets of [false, true]) {
      const first = await source.app.backup.create({ includeSecrets });
      const pg = await fresh('postgres');
      await pg.app.backup.restore(JSON.parse(JSON.stringify(first)));
      const second = await pg.app.backup.create({ includeSecrets });
      expect(JSON.stringify(second)).toBe(JSON.stringify(first));
      const sqlite = await fresh('sqlite');
      await sqlite.app.backup.restore(JSON.parse(JSON.stringify(second)));
      expect(JSON.stringify(await sqlite.app.backup.create({ includeSecrets }))).toBe(JSON.stringify(first));
    }
    // Four fresh databases, each migrated from nothing: on a busy machine that alone passes 30 s.
  }, 120_000);

  it('restores a working hub: pages, feeds and, with secrets, sign-in', async () => {
    const pg = await fresh('postgres');
    await pg.app.backup.restore(await source.app.backup.create({ includeSecrets: true }));
    for (const url of [
      '/backlog',
      '/meetings/community-planning',
      '/meetings/community-planning.ics',
      '/docs/planning.md',
    ]) {
      const [a, b] = await Promise.all([source.server.inject({ url }), pg.server.inject({ url })]);
      expect({ url, status: b.statusCode }).toEqual({ url, status: 200 });
      if (url.endsWith('.ics') || url.endsWith('.md')) expect(b.body).toBe(a.body);
    }
    const mia = (
      await pg.app.accounts.listUsers({ kind: 'user', userId: 'x', role: 'admin', name: 'x' })
    ).find((u) => u.name === 'Mia Member');
    const signedIn = await pg.app.accounts.signIn({ email: mia?.email, password: PASSWORD }, '127.0.0.9');
    expect(signedIn.user.name).toBe('Mia Member');
  });

  it('refuses a database that holds data, and files that are not a matching backup, changing nothing', async () => {
    const backup = await source.app.backup.create({ includeSecrets: false });
    await expect(source.app.backup.restore(backup)).rejects.toMatchObject({
      problems: [{ key: 'error.restoreNotEmpty' }],
    });
    const target = await fresh('sqlite');
    const before = JSON.stringify(await target.app.backup.create({ includeSecrets: true }));
    for (const [bad, key] of [
      [{ hello: 'world' }, 'error.backupFormat'],
      [{ ...backup, version: 99 }, 'error.backupVersion'],
      [{ ...backup, migrations: ['2020-01-01-other'] }, 'error.backupMigrations'],
      [{ ...backup, tables: { users: [{ id: 'u', nickname: 'x' }] } }, 'error.backupColumn'],
      [{ ...backup, tables: { passwords: [] } }, 'error.backupFormat'],
    ] as const) {
      await expect(target.app.backup.restore(bad)).rejects.toMatchObject({
        problems: [expect.objectContaining({ key })],
      });
    }
    // A restore failing half-way (a row the database refuses) leaves nothing behind.
    const broken = {
      ...backup,
      tables: {
        ...backup.tables,
        ideas: [...(backup.tables.ideas ?? []), { ...(backup.tables.ideas?.[0] ?? {}) }],
      },
    };
    await expect(target.app.backup.restore(broken)).rejects.toThrow();
    expect(JSON.stringify(await target.app.backup.create({ includeSecrets: true }))).toBe(before);
  });
});

describe('plenum backup / restore on the command line', () => {
  let pg: TestDatabase;
  beforeAll(async () => {
    pg = await openTestDatabase('postgres');
  });
  afterAll(() => pg.drop());

  it('writes a file with progress, and restores it into PostgreSQL', async () => {
    const hub = await startHub('sqlite', { now: NOW });
    await populate(hub);
    const expected = JSON.stringify(await hub.app.backup.create({ includeSecrets: false }));
    await hub.close();
    const dir = mkdtempSync(join(tmpdir(), 'plenum-backup-'));
    writeFileSync(join(dir, 'expected.json'), expected);
    const cli = (args: string[], env: Record<string, string>) =>
      run(process.execPath, ['bin/plenum.js', ...args], {
        env: { ...process.env, ...env },
        cwd: new URL('..', import.meta.url).pathname,
      });
    const sqliteEnv = { PLENUM_DATA_DIR: join(dir, 'sqlite') };
    const pgEnv = { DATABASE_URL: pg.url ?? '' };

    expect((await cli(['restore', join(dir, 'expected.json')], sqliteEnv)).stderr).toMatch(
      /Restored \d+ rows/u,
    );
    const written = await cli(['backup', join(dir, 'sqlite.json')], sqliteEnv);
    expect(written.stderr).toMatch(/ideas: \d+\/\d+/u);
    expect(JSON.stringify(JSON.parse(readFileSync(join(dir, 'sqlite.json'), 'utf8')))).toBe(expected);

    await cli(['restore', join(dir, 'sqlite.json')], pgEnv);
    await cli(['backup', join(dir, 'postgres.json')], pgEnv);
    expect(readFileSync(join(dir, 'postgres.json'), 'utf8')).toBe(
      readFileSync(join(dir, 'sqlite.json'), 'utf8'),
    );

    const refused = await cli(['restore', join(dir, 'sqlite.json')], pgEnv).catch(
      (e: { code: number; stderr: string }) => e,
    );
    expect(refused).toMatchObject({ code: 1, stderr: expect.stringContaining('already holds data') });
  }, 120_000);
});

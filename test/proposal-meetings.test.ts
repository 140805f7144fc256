import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrateTo, migrateToLatest } from '../src/store/migrate.js';
import { buildIdea, buildUser, planningSeries, startMeeting, type TestUser } from './support/factories.js';
import { ENGINES, type Hub, startHub } from './support/hub.js';

/**
 * A topic not marked discussed goes on to the next meeting when the minutes are published. The
 * proposal (and idea) it brings still lists every meeting it was on, the one that decided it
 * included, each with where that meeting stands. The clock stands on Sunday 29 Nov 2026; the
 * series meets on 30 Nov, 14 Dec and 28 Dec.
 */

const NOW = new Date('2026-11-29T10:00:00Z');
const occurrences = '/series/planning-meeting/occurrences';

/** The entries of the page's "meetings" section, one line each, tags dropped. */
function meetingLines(html: string): string[] {
  const section = /<section[^>]*aria-labelledby="meetings-heading"[\s\S]*?<\/section>/u.exec(html)?.[0] ?? '';
  return [...section.matchAll(/<li[^>]*>([\s\S]*?)<\/li>/gu)].map((m) =>
    (m[1] ?? '')
      .replace(/<[^>]+>/gu, '')
      .replace(/\s+/gu, ' ')
      .trim(),
  );
}

/** The link targets of the section's entries. */
function meetingLinks(html: string): string[] {
  const section = /<section[^>]*aria-labelledby="meetings-heading"[\s\S]*?<\/section>/u.exec(html)?.[0] ?? '';
  return [...section.matchAll(/<li[^>]*>\s*<a href="([^"]+)"/gu)].map((m) => m[1] ?? '');
}

describe.each(ENGINES)('the meetings a proposal was on, after it was carried over, on %s', (engine) => {
  let hub: Hub;
  let maintainer: TestUser;
  let ideaSlug = '';

  beforeAll(async () => {
    hub = await startHub(engine, { now: () => NOW });
    maintainer = await buildUser(hub, { role: 'maintainer' });
    await planningSeries(hub, maintainer);
    const idea = await buildIdea(hub, maintainer, { title: 'Network boot', status: 'backlog' });
    ideaSlug = idea.slug;
    expect((await api('POST', '/proposals', { title: 'Boot over HTTP' })).statusCode).toBe(201);
    expect((await api('POST', '/proposals/1/nominations', {})).statusCode).toBe(201);
    expect((await api('POST', `/ideas/${idea.id}/nominations`, {})).statusCode).toBe(201);
  });
  afterAll(() => hub.close());

  const api = (method: 'POST' | 'PUT', url: string, json?: object, headers: Record<string, string> = {}) =>
    hub.server.inject({
      method,
      url: `/api/v1${url}`,
      headers: { ...maintainer.auth, ...headers },
      ...(json !== undefined ? { payload: json } : {}),
    });
  const page = async (url: string) => (await hub.server.inject({ method: 'GET', url })).body;

  /** Holds the meeting and publishes its minutes without marking the topics discussed. */
  async function hold(date: string, decision?: object) {
    await startMeeting(hub, maintainer, 'planning-meeting', date);
    const meeting = `${occurrences}/${date}`;
    expect((await api('PUT', `${meeting}/minutes`, { text: 'Notes' })).statusCode).toBeLessThan(300);
    if (decision) expect((await api('POST', `${meeting}/decisions`, decision)).statusCode).toBe(201);
    const published = await api('POST', `${meeting}/minutes/publish`, undefined, { 'if-match': '"1"' });
    expect(published.statusCode, published.body).toBe(200);
  }

  it('keeps the meeting that decided it when the topic goes on to the next one', async () => {
    await hold('2026-11-30', { text: 'We accept booting over HTTP', proposal: 1, proposalState: 'accepted' });
    const html = await page('/proposals/1');
    expect(html).toContain('Accepted');
    expect(meetingLines(html)).toEqual([
      'Planning meeting, 30 Nov 2026: 1. Boot over HTTP (carried over to 14 Dec 2026) Minutes published',
      'Planning meeting, 14 Dec 2026: 1. Boot over HTTP (on the agenda) Upcoming',
    ]);
    const [decided, next] = meetingLinks(html);
    // The meeting it left shows it by its minutes; the one it is on now by the topic.
    expect(decided).toBe('/meetings/planning-meeting/2026-11-30#minutes');
    expect(next).toMatch(/^\/meetings\/planning-meeting\/2026-12-14#topic-/u);
  });

  it('lists every meeting when it is carried over again, and so does the idea’s page', async () => {
    await hold('2026-12-14');
    expect(meetingLines(await page('/proposals/1'))).toEqual([
      'Planning meeting, 30 Nov 2026: 1. Boot over HTTP (carried over to 14 Dec 2026) Minutes published',
      'Planning meeting, 14 Dec 2026: 1. Boot over HTTP (carried over to 28 Dec 2026) Minutes published',
      'Planning meeting, 28 Dec 2026: 1. Boot over HTTP (on the agenda) Upcoming',
    ]);
    const lines = meetingLines(await page(`/ideas/${ideaSlug}`));
    expect(lines).toHaveLength(3);
    expect(lines[0]).toContain('30 Nov 2026: Network boot (carried over to 14 Dec 2026)');
    expect(lines[2]).toContain('28 Dec 2026: Network boot (on the agenda)');
    const de = await hub.server.inject({
      method: 'GET',
      url: '/proposals/1',
      headers: { 'accept-language': 'de' },
    });
    expect(meetingLines(de.body)[0]).toContain('(in den Termin am 14. Dez. 2026 übernommen)');
  });

  it('gives topics carried before the trail was kept the meeting they came from', async () => {
    const db = hub.testDb.database.db;
    await migrateTo(db, '2026-12-06-2-weekday-after');
    try {
      // As a carry-over wrote it then: the last meeting left, and no more.
      await sql`update agenda_topics set carried_from = '2026-12-14' where proposal_id is not null`.execute(
        db,
      );
    } finally {
      await migrateToLatest(db);
    }
    const rows = await db.selectFrom('agenda_topics').select(['carried_through', 'proposal_id']).execute();
    expect(rows.find((r) => r.proposal_id !== null)?.carried_through).toBe('["2026-12-14"]');
    expect(rows.find((r) => r.proposal_id === null)?.carried_through).toBe('["2026-12-14"]');
  });
});

import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { liveChannel } from '../src/app/live-channels.js';
import { type EventStream, openEventStream } from './support/event-stream.js';
import { buildUser, planningSeries, type TestUser } from './support/factories.js';
import { ENGINES, type Hub, startHub } from './support/hub.js';

/**
 * A proposal's page told live of what happens to it at a meeting: the meeting that has it on
 * its agenda starts, its minutes with a decision about it come out, and the decision's objection
 * window closes. The clock stands on Sunday 29 Nov 2026; the meeting is on Mon 30 Nov.
 */

const START = new Date('2026-11-29T10:00:00Z');
let clock = START;
const MEETING = '/series/planning-meeting/occurrences/2026-11-30';

async function until(check: () => boolean, ms = 2000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** Events that say something changed; those that only say "fetch again" (a resync) are left out. */
const changes = (stream: EventStream) => stream.events.filter((e) => e.data === '{"resync":false}');

describe.each(ENGINES)('live updates of a proposal at its meeting on %s', (engine) => {
  let hub: Hub;
  let origin: string;
  let maintainer: TestUser;
  const opened: EventStream[] = [];

  beforeAll(async () => {
    hub = await startHub(engine, { now: () => clock });
    maintainer = await buildUser(hub, { role: 'maintainer' });
    await planningSeries(hub, maintainer);
    origin = await hub.server.listen({ host: '127.0.0.1', port: 0 });
  });
  afterEach(() => {
    for (const s of opened.splice(0)) s.close();
  });
  afterAll(() => hub.close());

  const api = (method: 'GET' | 'POST' | 'PUT' | 'PATCH', url: string, json?: object, ifMatch?: number) =>
    hub.server.inject({
      method,
      url: `/api/v1${url}`,
      headers: { ...maintainer.auth, ...(ifMatch !== undefined ? { 'if-match': `"${ifMatch}"` } : {}) },
      ...(json !== undefined ? { payload: json } : {}),
    });
  const page = async (url: string) => (await hub.server.inject({ method: 'GET', url })).body;

  /** The stream of proposal `number`'s page, opened at the cursor the page would carry, once it hears commits. */
  async function watch(number: number): Promise<EventStream> {
    const { proposal } = await hub.app.proposals.get(number);
    const channel = liveChannel.proposal(proposal.id);
    const since = encodeURIComponent(hub.app.live.cursor(channel));
    const stream = await openEventStream(`${origin}/proposals/${number}/events?since=${since}`);
    opened.push(stream);
    expect(stream.status).toBe(200);
    // On PostgreSQL the first stream opens the LISTEN connection; until it is up, nothing is heard.
    await until(() => !hub.app.live.cursor(channel).startsWith('offline-'));
    return stream;
  }

  it('fires when the meeting starts, when its minutes come out and when the window closes', async () => {
    for (const title of ['Boot over HTTP', 'Drop the mailing list']) {
      expect((await api('POST', '/proposals', { title })).statusCode).toBe(201);
    }
    const nominated = await api('POST', '/proposals/1/nominations', {});
    expect(nominated.json()).toMatchObject({ status: 'accepted', occurrence: '2026-11-30' });
    const stream = await watch(1);
    const elsewhere = await watch(2);
    expect(await page('/proposals/1')).toContain('chip-phase-before');

    expect((await api('POST', `${MEETING}/start`)).statusCode).toBe(200);
    await until(() => changes(stream).length === 1);
    expect(await page('/proposals/1')).toContain('chip-phase-during');

    expect((await api('PUT', `${MEETING}/minutes`, { text: 'Notes' })).statusCode).toBe(201);
    const decided = await api('POST', `${MEETING}/decisions`, {
      text: 'We accept booting over HTTP',
      proposal: 1,
      proposalState: 'accepted',
      objectionHours: 24,
    });
    expect(decided.statusCode, decided.body).toBe(201);
    await until(() => changes(stream).length === 2);
    // Decisions show on the proposal's page once the minutes are out.
    expect(await page('/proposals/1')).not.toContain('We accept booting over HTTP');

    expect((await api('POST', `${MEETING}/minutes/publish`, undefined, 1)).statusCode).toBe(200);
    await until(() => changes(stream).length === 3);
    const published = await page('/proposals/1');
    expect(published).toContain('We accept booting over HTTP');
    expect(published).toContain('href="/meetings/planning-meeting/2026-11-30#decision-');
    // The topic was not taken up, so it went on to the next meeting, which has not begun.
    expect(published).toContain('href="/meetings/planning-meeting/2026-12-14#topic-');
    expect((await api('GET', '/proposals/1')).json().state).toBe('in_discussion');

    clock = new Date(START.getTime() + 25 * 3_600_000);
    try {
      expect(await hub.app.minutes.finalizeDue(decided.json().id)).toBe('final');
    } finally {
      clock = START;
    }
    await until(() => changes(stream).length === 4);
    expect((await api('GET', '/proposals/1')).json().state).toBe('accepted');

    // Proposal 2 was at no meeting: it hears its own edit and nothing before it.
    const two = (await api('GET', '/proposals/2')).json();
    expect((await api('PATCH', '/proposals/2', { title: 'Keep the list' }, two.version)).statusCode).toBe(
      200,
    );
    await until(() => changes(elsewhere).length >= 1);
    expect(changes(elsewhere)).toHaveLength(1);
  });

  it('fires when a decision without a window takes effect as the minutes come out', async () => {
    const meeting = '/series/planning-meeting/occurrences/2026-12-14';
    expect((await api('POST', '/proposals', { title: 'Signed releases' })).statusCode).toBe(201);
    const stream = await watch(3);
    expect((await api('POST', `${meeting}/start`)).statusCode).toBe(200);
    expect((await api('PUT', `${meeting}/minutes`, { text: 'Notes' })).statusCode).toBe(201);
    const decided = await api('POST', `${meeting}/decisions`, {
      text: 'We sign releases',
      proposal: 3,
      proposalState: 'accepted',
    });
    expect(decided.statusCode, decided.body).toBe(201);
    await until(() => changes(stream).length === 1);
    expect((await api('POST', `${meeting}/minutes/publish`, undefined, 1)).statusCode).toBe(200);
    await until(() => changes(stream).length === 2);
    const html = await page('/proposals/3');
    expect(html).toContain('We sign releases');
    expect((await api('GET', '/proposals/3')).json().state).toBe('accepted');
  });

  it('fires when someone objects to a decision about it', async () => {
    const meeting = '/series/planning-meeting/occurrences/2026-12-28';
    const member = await buildUser(hub, { role: 'member' });
    expect((await api('POST', '/proposals', { title: 'Weekly builds' })).statusCode).toBe(201);
    const stream = await watch(4);
    expect((await api('POST', `${meeting}/start`)).statusCode).toBe(200);
    expect((await api('PUT', `${meeting}/minutes`, { text: 'Notes' })).statusCode).toBe(201);
    const decided = await api('POST', `${meeting}/decisions`, {
      text: 'We build weekly',
      proposal: 4,
      proposalState: 'accepted',
      objectionHours: 24,
    });
    expect(decided.statusCode, decided.body).toBe(201);
    expect((await api('POST', `${meeting}/minutes/publish`, undefined, 1)).statusCode).toBe(200);
    await until(() => changes(stream).length === 2);
    const objected = await hub.server.inject({
      method: 'POST',
      url: `/api/v1/decisions/${decided.json().id}/objections`,
      headers: member.auth,
      payload: { reason: 'Nobody would test them' },
    });
    expect(objected.statusCode, objected.body).toBe(201);
    await until(() => changes(stream).length === 3);
  });
});

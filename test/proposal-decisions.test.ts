import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildIdea, buildUser, planningSeries, startMeeting, type TestUser } from './support/factories.js';
import { ENGINES, type Hub, startHub } from './support/hub.js';

/**
 * Enhancement proposals brought to meetings and moved by their decisions, under lazy consensus
 * as ideas are. The clock stands on Sunday 29 Nov 2026; the decisions are of Mon 14 and 28 Dec.
 */

const START = new Date('2026-11-29T10:00:00Z');
let clock = START;
const series = '/series/planning-meeting/occurrences';

describe.each(ENGINES)('decisions on proposals on %s', (engine) => {
  let hub: Hub;
  let maintainer: TestUser;
  let member: TestUser;

  beforeAll(async () => {
    hub = await startHub(engine, { now: () => clock });
    [maintainer, member] = await Promise.all([buildUser(hub, { role: 'maintainer' }), buildUser(hub)]);
    await planningSeries(hub, maintainer);
    await startMeeting(hub, maintainer, 'planning-meeting', '2026-12-14');
    await startMeeting(hub, maintainer, 'planning-meeting', '2026-12-28');
  });
  afterAll(() => hub.close());

  const api = (method: 'GET' | 'POST' | 'PUT', url: string, as: TestUser | null, json?: object) =>
    hub.server.inject({
      method,
      url: `/api/v1${url}`,
      // Each meeting's notes are written once here, so they stand at version 1 when published.
      headers: { ...(as ? as.auth : {}), ...(url.endsWith('/publish') ? { 'if-match': '"1"' } : {}) },
      ...(json !== undefined ? { payload: json } : {}),
    });
  const page = async (url: string) => (await hub.server.inject({ method: 'GET', url })).body;
  const proposal = async (n: number) => (await api('GET', `/proposals/${n}`, null)).json();
  const later = async (hours: number, run: () => Promise<void>) => {
    clock = new Date(clock.getTime() + hours * 3_600_000);
    try {
      await run();
    } finally {
      clock = START;
    }
  };

  it('brings a proposal to the next meeting: accepted from a maintainer, proposed from a member', async () => {
    const idea = await buildIdea(hub, maintainer, { title: 'Network boot', status: 'backlog' });
    expect(
      (await api('POST', '/proposals', maintainer, { title: 'Boot over HTTP', ideas: [idea.slug] }))
        .statusCode,
    ).toBe(201);
    expect((await api('POST', '/proposals', maintainer, { title: 'Drop the mailing list' })).statusCode).toBe(
      201,
    );
    expect((await api('POST', '/proposals/1/nominations', null, {})).statusCode).toBe(401);
    const nominated = await api('POST', '/proposals/1/nominations', maintainer, {});
    expect(nominated.statusCode).toBe(201);
    expect(nominated.json()).toMatchObject({ status: 'accepted', occurrence: '2026-11-30' });
    expect((await api('POST', '/proposals/1/nominations', maintainer, {})).statusCode).toBe(422);
    const proposed = await api('POST', '/proposals/2/nominations', member, {});
    expect(proposed.statusCode).toBe(201);
    expect(proposed.json().status).toBe('proposed');
    const meetingPage = await page('/meetings/planning-meeting/2026-11-30');
    expect(meetingPage).toContain('href="/proposals/1"');
  });

  it('refuses a state the proposal cannot go to, naming those it can, and stores nothing', async () => {
    const meeting = `${series}/2026-12-14`;
    await api('PUT', `${meeting}/minutes`, maintainer, { text: 'Notes' });
    const before = (await api('GET', `${meeting}/decisions`, maintainer)).json().items;
    const refused = await api('POST', `${meeting}/decisions`, maintainer, {
      text: 'Boot over HTTP is done',
      proposal: 1,
      proposalState: 'completed',
    });
    expect(refused.statusCode).toBe(422);
    expect(JSON.stringify(refused.json())).toContain('accepted, declined, aborted');
    expect((await api('GET', `${meeting}/decisions`, maintainer)).json().items).toEqual(before);
    const unknown = await api('POST', `${meeting}/decisions`, maintainer, {
      text: 'x',
      proposal: 99,
      proposalState: 'accepted',
    });
    expect(unknown.statusCode).toBe(400);
    expect((await api('GET', `${meeting}/decisions`, maintainer)).json().items).toEqual(before);
  });

  it('moves the proposal only once the minutes are out and the window has closed', async () => {
    const meeting = `${series}/2026-12-14`;
    const made = await api('POST', `${meeting}/decisions`, maintainer, {
      text: 'We accept booting over HTTP',
      proposal: '1',
      proposalState: 'accepted',
      objectionHours: 24,
    });
    expect(made.statusCode).toBe(201);
    expect(made.json()).toMatchObject({ proposal: 1, toState: 'accepted', state: 'proposed' });
    const { id } = made.json();
    // A draft changes nothing, even long after.
    await later(48, async () => {
      expect(await hub.app.minutes.finalizeDue(id)).toBe('unchanged');
    });
    expect((await proposal(1)).state).toBe('in_discussion');
    expect((await api('POST', `${meeting}/minutes/publish`, maintainer)).statusCode).toBe(200);
    expect(await hub.app.minutes.finalizeDue(id)).toBe('waiting');
    expect((await proposal(1)).state).toBe('in_discussion');
    await later(25, async () => {
      expect(await hub.app.minutes.finalizeDue(id)).toBe('final');
    });
    const moved = await proposal(1);
    expect(moved.state).toBe('accepted');
    expect(moved.history.at(-1)).toMatchObject({
      fromState: 'in_discussion',
      toState: 'accepted',
      reason: 'We accept booting over HTTP',
      meeting: 'planning-meeting/2026-12-14',
    });
    const html = await page('/proposals/1');
    expect(html).toContain('href="/meetings/planning-meeting/2026-11-30#topic-');
    expect(html).toContain('We accept booting over HTTP');
    expect(html).toContain('href="/meetings/planning-meeting/2026-12-14#minutes"');
    expect(html).toMatch(/<a href="\/ideas\/[^"]+">Network boot<\/a>/u);
    expect(await page('/meetings/planning-meeting/2026-12-14')).toContain('href="/proposals/1"');
    const idea = (await api('GET', '/proposals/1', null)).json().ideas[0];
    expect(await page(`/ideas/${idea}`)).toContain('href="/proposals/1"');
  });

  it('an objection stops the change', async () => {
    const meeting = `${series}/2026-12-28`;
    await api('PUT', `${meeting}/minutes`, maintainer, { text: 'Notes' });
    const { id } = (
      await api('POST', `${meeting}/decisions`, maintainer, {
        text: 'We drop the mailing list',
        proposal: 2,
        proposalState: 'accepted',
        objectionHours: 24,
      })
    ).json();
    expect((await api('POST', `${meeting}/minutes/publish`, maintainer)).statusCode).toBe(200);
    expect(
      (await api('POST', `/decisions/${id}/objections`, member, { reason: 'People still read it' }))
        .statusCode,
    ).toBe(201);
    await later(25, async () => {
      expect(await hub.app.minutes.finalizeDue(id)).toBe('unchanged');
    });
    expect((await proposal(2)).state).toBe('in_discussion');
    expect(await page('/proposals/2')).toContain('We drop the mailing list');
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildUser, planningSeries, startMeeting, type TestUser } from './support/factories.js';
import { ENGINES, type Hub, startHub } from './support/hub.js';

/**
 * A decision's version through the JSON API: its ETag on create and read, counted up by every
 * change (the window opening, each objection, becoming final), and If-Match on an objection.
 * The clock stands on Sunday 29 Nov 2026; the minutes are of Monday 14 Dec.
 */

let clock = new Date('2026-11-29T10:00:00Z');
const MEETING = '/series/planning-meeting/occurrences/2026-12-14';

describe.each(ENGINES)('decision versions on %s', (engine) => {
  let hub: Hub;
  let maintainer: TestUser;
  let member: TestUser;
  let other: TestUser;
  let third: TestUser;

  beforeAll(async () => {
    hub = await startHub(engine, { now: () => clock });
    [maintainer, member, other, third] = await Promise.all([
      buildUser(hub, { role: 'maintainer' }),
      buildUser(hub),
      buildUser(hub),
      buildUser(hub),
    ]);
    await planningSeries(hub, maintainer);
    // Written ahead in these tests: started as a maintainer does, so the record can be written.
    await startMeeting(hub, maintainer, 'planning-meeting', '2026-12-14');
    await startMeeting(hub, maintainer, 'planning-meeting', '2026-12-28');
  });
  afterAll(() => hub.close());

  const api = (
    method: 'GET' | 'POST' | 'PUT',
    url: string,
    options: { as?: TestUser; json?: object; ifMatch?: string } = {},
  ) =>
    hub.server.inject({
      method,
      url: `/api/v1${url}`,
      headers: {
        ...(options.as ?? maintainer).auth,
        ...(options.ifMatch !== undefined ? { 'if-match': options.ifMatch } : {}),
      },
      ...(options.json !== undefined ? { payload: options.json } : {}),
    });
  const read = async (id: string) => {
    const res = await api('GET', `/decisions/${id}`);
    expect(res.statusCode).toBe(200);
    expect(res.headers.etag).toBe(`"${res.json().version}"`);
    return res;
  };
  const object = (id: string, as: TestUser, ifMatch?: string) =>
    api('POST', `/decisions/${id}/objections`, {
      as,
      json: { reason: 'Not yet' },
      ...(ifMatch === undefined ? {} : { ifMatch }),
    });

  it('answers an ETag that every change counts up, and refuses an objection to a version no longer stored', async () => {
    await api('PUT', `${MEETING}/minutes`, { json: { text: 'Notes' } });
    const made = await api('POST', `${MEETING}/decisions`, {
      json: { text: 'Hold a retreat', objectionHours: 24 },
    });
    expect(made.statusCode).toBe(201);
    expect(made.headers.etag).toBe('"1"');
    const { id, version } = made.json();
    expect(version).toBe(1);
    expect((await read(id)).headers.etag).toBe('"1"');

    // Publishing opens the objection window: a change of the decision.
    expect((await api('POST', `${MEETING}/minutes/publish`, { ifMatch: '"1"' })).statusCode).toBe(200);
    expect((await read(id)).headers.etag).toBe('"2"');

    // A stale If-Match is a conflict with the current decision, and leaves no objection behind.
    const stale = await object(id, member, '"1"');
    expect(stale.statusCode).toBe(409);
    expect(stale.headers['content-type']).toContain('application/problem+json');
    expect(stale.json().current).toMatchObject({ id, version: 2, state: 'proposed' });
    expect((await read(id)).json()).toMatchObject({ version: 2, objections: [] });
    expect((await object(id, member, 'nonsense')).statusCode).toBe(400);

    const first = await object(id, member, '"2"');
    expect(first.statusCode).toBe(201);
    expect(first.headers.etag).toBe('"3"');
    expect(first.json()).toMatchObject({ state: 'objected', version: 3 });
    // `*` takes whatever is current; without If-Match the objection is taken as before.
    expect((await object(id, other, '*')).headers.etag).toBe('"4"');
    const last = await object(id, third);
    expect(last.statusCode).toBe(201);
    expect(last.json()).toMatchObject({ version: 5 });
    expect((await read(id)).json().objections).toHaveLength(3);
    expect(
      (
        await api('POST', '/decisions/0190aaaa-0000-7000-8000-000000000000/objections', {
          as: member,
          json: { reason: 'x' },
          ifMatch: '*',
        })
      ).statusCode,
    ).toBe(404);
  });

  it('counts the version up when a decision becomes final by itself', async () => {
    const date = '2026-12-28';
    const meeting = `/series/planning-meeting/occurrences/${date}`;
    await api('PUT', `${meeting}/minutes`, { json: { text: 'Notes' } });
    const { id } = (
      await api('POST', `${meeting}/decisions`, { json: { text: 'Quiet', objectionHours: 24 } })
    ).json();
    expect((await api('POST', `${meeting}/minutes/publish`, { ifMatch: '"1"' })).statusCode).toBe(200);
    clock = new Date(clock.getTime() + 25 * 3_600_000);
    try {
      expect(await hub.app.minutes.finalizeDue(id)).toBe('final');
    } finally {
      clock = new Date('2026-11-29T10:00:00Z');
    }
    expect((await read(id)).json()).toMatchObject({ state: 'final', version: 3 });
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { changedTables, snapshotDatabase } from './support/db-snapshot.js';
import { buildUser, planningSeries, startMeeting, type TestUser } from './support/factories.js';
import { ENGINES, type Hub, startHub } from './support/hub.js';

/**
 * The record of a meeting through the JSON API: notes, publishing, the note-taker, decisions
 * (one moving an idea to the roadmap), objections, action items, and withdrawing a topic.
 * The clock stands on Sunday 29 Nov 2026, the day before the meeting of Monday 30 Nov.
 */

let clock = new Date('2026-11-29T10:00:00Z');
const SERIES = 'planning-meeting';
const MEETING = '2026-11-30';
const LATER = '2026-12-14';
const at = (date: string) => `/series/${SERIES}/occurrences/${date}`;

describe.each(ENGINES)('the meeting record API on %s', (engine) => {
  let hub: Hub;
  let maintainer: TestUser;
  let member: TestUser;
  let other: TestUser;

  beforeAll(async () => {
    hub = await startHub(engine, { now: () => clock });
    [maintainer, member, other] = await Promise.all([
      buildUser(hub, { role: 'maintainer' }),
      buildUser(hub, { name: 'Nora Notes' }),
      buildUser(hub),
    ]);
    await planningSeries(hub, maintainer);
    // Written ahead in these tests: started as a maintainer does, so the record can be written.
    await startMeeting(hub, maintainer, 'planning-meeting', MEETING);
    await startMeeting(hub, maintainer, 'planning-meeting', LATER);
    await startMeeting(hub, maintainer, 'planning-meeting', '2026-12-28');
  });
  afterAll(() => hub.close());

  type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  const api = (
    method: Method,
    url: string,
    options: { as?: TestUser | null; json?: unknown; ifMatch?: string } = {},
  ) =>
    hub.server.inject({
      method,
      url: `/api/v1${url}`,
      headers: {
        ...(options.as === null ? {} : (options.as ?? maintainer).auth),
        ...(options.ifMatch !== undefined ? { 'if-match': options.ifMatch } : {}),
      },
      ...(options.json !== undefined ? { payload: options.json as object } : {}),
    });

  /** Runs `requests`, which must all be refused, and checks that no table changed. */
  async function refused(
    requests: () => Promise<{ statusCode: number; body: string }[]>,
    statuses: number[],
  ) {
    const before = await snapshotDatabase(hub.testDb.database, { ignore: ['rate_limits'] });
    const answers = await requests();
    expect(answers.map((r) => r.statusCode)).toEqual(statuses);
    for (const r of answers) expect(JSON.parse(r.body)).toHaveProperty('status', r.statusCode);
    const after = await snapshotDatabase(hub.testDb.database, { ignore: ['rate_limits'] });
    expect(changedTables(before, after)).toEqual([]);
  }

  const idea = async (title: string) => hub.app.ideas.propose(maintainer.actor, { title, status: 'backlog' });

  it('writes the notes, records a decision that moves an idea to the roadmap on publishing, and an action item', async () => {
    const target = await idea('Public demo playground');
    const created = await api('PUT', `${at(MEETING)}/minutes`, { json: { text: 'We met.', attendees: 5 } });
    expect(created.statusCode).toBe(201);
    expect(created.headers.etag).toBe('"1"');
    expect(created.headers.location).toBe(`/api/v1${at(MEETING)}/minutes`);
    expect(created.json()).toMatchObject({ status: 'draft', body: 'We met.', attendeeCount: 5, version: 1 });

    const saved = await api('PUT', `${at(MEETING)}/minutes`, {
      json: { text: 'We met and agreed.', attendees: 6, attendeeNames: 'Ada' },
      ifMatch: '"1"',
    });
    expect(saved.statusCode).toBe(200);
    expect(saved.headers.etag).toBe('"2"');

    const decided = await api('POST', `${at(MEETING)}/decisions`, {
      json: { text: 'The playground goes on the roadmap', ideaId: target.slug, status: 'roadmap' },
    });
    expect(decided.statusCode).toBe(201);
    const decision = decided.json();
    expect(decided.headers.location).toBe(`/api/v1/decisions/${decision.id}`);
    expect(decision).toMatchObject({
      idea: target.slug,
      ideaId: target.id,
      toStatus: 'roadmap',
      state: 'final',
    });
    // A draft's decision changes nothing yet.
    expect((await hub.app.ideas.get(target.id)).idea.status).toBe('backlog');

    const added = await api('POST', `${at(MEETING)}/actions`, {
      json: { text: 'Find a host', assignee: 'Ada', due: '2026-12-14', ideaId: target.id },
    });
    expect(added.statusCode).toBe(201);
    expect(added.headers.etag).toBe('"1"');
    const action = added.json();
    expect(added.headers.location).toBe(`/api/v1/actions/${action.id}`);
    expect(action).toMatchObject({
      text: 'Find a host',
      assignee: 'Ada',
      dueDate: '2026-12-14',
      done: false,
    });

    const done = await api('PATCH', `/actions/${action.id}`, { json: { done: true }, ifMatch: '"1"' });
    expect(done.statusCode).toBe(200);
    expect(done.json()).toMatchObject({ done: true, version: 2, text: 'Find a host' });
    const edited = await api('PATCH', `/actions/${action.id}`, {
      json: { text: 'Find a host in the EU', due: null },
      ifMatch: '*',
    });
    expect(edited.json()).toMatchObject({
      text: 'Find a host in the EU',
      dueDate: null,
      done: true,
      version: 3,
    });

    const published = await api('POST', `${at(MEETING)}/minutes/publish`, { ifMatch: '"2"' });
    expect(published.statusCode).toBe(200);
    expect(published.headers.etag).toBe('"3"');
    expect(published.json()).toMatchObject({ status: 'published', body: 'We met and agreed.' });
    expect((await hub.app.ideas.get(target.id)).idea.status).toBe('roadmap');
    expect(published.json().overview).toEqual([
      { slug: target.slug, title: 'Public demo playground', status: 'roadmap' },
    ]);

    // Public now: visitors read the notes, the decision and the action item.
    const read = await api('GET', `${at(MEETING)}/minutes`, { as: null });
    expect(read.json().minutes).toMatchObject({ status: 'published', version: 3 });
    const decisions = await api('GET', `${at(MEETING)}/decisions`, { as: null });
    expect(decisions.json()).toEqual({
      items: [expect.objectContaining({ id: decision.id })],
      nextCursor: null,
    });
    expect((await api('GET', `/decisions/${decision.id}`, { as: null })).json().text).toBe(
      'The playground goes on the roadmap',
    );
    const actions = await api('GET', `${at(MEETING)}/actions`, { as: null });
    expect(actions.json().items.map((a: { id: string }) => a.id)).toEqual([action.id]);
    expect((await api('GET', `/actions/${action.id}`, { as: null })).headers.etag).toBe('"3"');

    // Publishing twice is refused, and changes nothing.
    await refused(
      async () => [await api('POST', `${at(MEETING)}/minutes/publish`, { ifMatch: '"3"' })],
      [422],
    );
  });

  it('a decision by lazy consensus moves its idea only when the window closes; objections show names, never e-mails', async () => {
    const target = await idea('Mascot contest');
    const stopped = await idea('Second mascot');
    await api('PUT', `${at(LATER)}/minutes`, { json: { text: 'Later notes' } });
    const lazy = (
      await api('POST', `${at(LATER)}/decisions`, {
        json: { text: 'Run the contest', ideaId: target.slug, status: 'roadmap', objectionHours: 24 },
      })
    ).json();
    const contested = (
      await api('POST', `${at(LATER)}/decisions`, {
        json: { text: 'Run another', ideaId: stopped.slug, status: 'roadmap', objectionHours: 24 },
      })
    ).json();
    expect(lazy).toMatchObject({ state: 'proposed', objectionDeadline: null, objectionsOpen: false });
    expect((await api('POST', `${at(LATER)}/minutes/publish`, { ifMatch: '"1"' })).statusCode).toBe(200);

    const objected = await api('POST', `/decisions/${contested.id}/objections`, {
      as: member,
      json: { reason: 'Too soon' },
    });
    expect(objected.statusCode).toBe(201);
    expect(objected.json().state).toBe('objected');
    const objections = await api('GET', `/decisions/${contested.id}/objections`, { as: null });
    expect(objections.statusCode).toBe(200);
    expect(objections.json()).toEqual({
      items: [
        { id: expect.any(String), name: 'Nora Notes', reason: 'Too soon', createdAt: expect.any(String) },
      ],
      nextCursor: null,
    });
    expect(objections.body).not.toContain(member.user.email);

    clock = new Date(clock.getTime() + 25 * 3_600_000);
    try {
      expect(await hub.app.minutes.finalizeDue(lazy.id)).toBe('final');
      expect(await hub.app.minutes.finalizeDue(contested.id)).toBe('unchanged');
    } finally {
      clock = new Date('2026-11-29T10:00:00Z');
    }
    expect((await hub.app.ideas.get(target.id)).idea.status).toBe('roadmap');
    expect((await hub.app.ideas.get(stopped.id)).idea.status).toBe('backlog');
    expect((await api('GET', `/decisions/${lazy.id}`)).json().state).toBe('final');
  });

  it('answers a stale version with 409 and the stored text, a missing If-Match with 428; neither changes anything', async () => {
    const date = '2026-12-28';
    await api('PUT', `${at(date)}/minutes`, { json: { text: 'First' } });
    await api('PUT', `${at(date)}/minutes`, { json: { text: 'Theirs' }, ifMatch: '"1"' });
    const action = (await api('POST', `${at(date)}/actions`, { json: { text: 'Do it' } })).json();
    const { id: topicId } = await hub.app.agenda.propose(member.actor, SERIES, date, { title: 'A topic' });
    await refused(
      async () => [
        await api('PUT', `${at(date)}/minutes`, { json: { text: 'Mine' }, ifMatch: '"1"' }),
        await api('PUT', `${at(date)}/minutes`, { json: { text: 'Mine' } }),
        await api('POST', `${at(date)}/minutes/publish`, { ifMatch: '"1"' }),
        await api('POST', `${at(date)}/minutes/publish`),
        await api('PATCH', `/actions/${action.id}`, { json: { done: true }, ifMatch: '"7"' }),
        await api('PATCH', `/actions/${action.id}`, { json: { done: true } }),
        await api('DELETE', `/topics/${topicId}`, { as: member, ifMatch: '"9"' }),
      ],
      [409, 428, 409, 428, 409, 428, 409],
    );
    const stale = await api('PUT', `${at(date)}/minutes`, { json: { text: 'Mine' }, ifMatch: '"1"' });
    expect(stale.headers['content-type']).toContain('application/problem+json');
    expect(stale.json().current).toMatchObject({ body: 'Theirs', version: 2 });
    // A first draft named by a version that is not there is a conflict too.
    await startMeeting(hub, maintainer, 'planning-meeting', '2027-01-04');
    await refused(
      async () => [await api('PUT', `${at('2027-01-04')}/minutes`, { json: { text: 'x' }, ifMatch: '"4"' })],
      [409],
    );
  });

  it('refuses bad input with 4xx and changes nothing', async () => {
    const date = '2027-01-18';
    await startMeeting(hub, maintainer, 'planning-meeting', date);
    await api('PUT', `${at(date)}/minutes`, { json: { text: 'Notes' } });
    const action = (await api('POST', `${at(date)}/actions`, { json: { text: 'Do it' } })).json();
    await refused(
      async () => [
        await api('PUT', `${at(date)}/minutes`, { json: { text: 5 }, ifMatch: '"1"' }),
        await api('PUT', `${at(date)}/minutes`, { json: { text: 'x', attendees: -1 }, ifMatch: '"1"' }),
        await api('PUT', `${at(date)}/minutes`, { json: { text: 'x', speakers: 3 }, ifMatch: '"1"' }),
        await api('PUT', `${at(date)}/minutes`, { json: { text: 'x' }, ifMatch: 'version one' }),
        await api('POST', `${at(date)}/decisions`, { json: { text: 'x', status: 'someday' } }),
        await api('POST', `${at(date)}/decisions`, { json: { text: 'x', status: 'roadmap' } }),
        await api('POST', `${at(date)}/decisions`, { json: { text: 'x', ideaId: 'no-such-idea' } }),
        await api('POST', `${at(date)}/decisions`, { json: { text: 'x', objectionHours: 0 } }),
        await api('POST', `${at(date)}/decisions`, { json: { text: '' } }),
        await api('POST', `${at(date)}/actions`, { json: { text: 'x', due: 'soon' } }),
        await api('POST', `${at(date)}/actions`, { json: { text: 'x', owner: 'Ada' } }),
        await api('PATCH', `/actions/${action.id}`, { json: {}, ifMatch: '"1"' }),
        await api('PATCH', `/actions/${action.id}`, { json: { done: 'yes' }, ifMatch: '"1"' }),
        await api('PUT', `${at(date)}/note-taker`, { json: { email: 'nobody@example.org' } }),
        await api('PUT', `${at(date)}/note-taker`, { json: { name: 'Nora' } }),
        await api('GET', `${at(date)}/decisions?limit=0`),
      ],
      Array(16).fill(400),
    );
    // Refusals name the fields as the API's bodies do.
    const fields = async (method: Method, url: string, json: unknown, ifMatch?: string) =>
      (await api(method, url, { json, ...(ifMatch ? { ifMatch } : {}) }))
        .json()
        .errors.map((e: { field: string }) => e.field);
    expect(await fields('POST', `${at(date)}/actions`, { text: 'x', due: 'soon', ideaId: 'none' })).toEqual([
      'due',
    ]);
    expect(await fields('POST', `${at(date)}/actions`, { text: 'x', ideaId: 'none' })).toEqual(['ideaId']);
    expect(await fields('POST', `${at(date)}/decisions`, { text: 'x', status: 'roadmap' })).toEqual([
      'ideaId',
    ]);
    expect(await fields('PUT', `${at(date)}/note-taker`, { email: 'nobody@example.org' })).toEqual(['email']);
    expect(await fields('PATCH', `/actions/${action.id}`, { due: '2026-02-30' }, '"1"')).toEqual(['due']);
    const unknown = await api('POST', `${at(date)}/actions`, { json: { text: 'x', owner: 'Ada' } });
    expect(unknown.json().errors).toEqual([
      { field: 'body.owner', message: expect.stringContaining('not known') },
    ]);
  });

  it('answers 404 for what is not there', async () => {
    await refused(
      async () => [
        await api('PUT', '/series/no-such-series/occurrences/2026-11-30/minutes', { json: { text: 'x' } }),
        await api('PUT', `${at('2026-12-01')}/minutes`, { json: { text: 'x' } }),
        await api('POST', `${at('2027-02-01')}/minutes/publish`, { ifMatch: '*' }),
        await api('GET', `${at('2026-12-01')}/decisions`),
        await api('GET', '/decisions/0190aaaa-0000-7000-8000-000000000000'),
        await api('GET', '/decisions/0190aaaa-0000-7000-8000-000000000000/objections'),
        await api('GET', '/actions/0190aaaa-0000-7000-8000-000000000000'),
        await api('PATCH', '/actions/0190aaaa-0000-7000-8000-000000000000', {
          json: { done: true },
          ifMatch: '"1"',
        }),
        await api('DELETE', '/topics/0190aaaa-0000-7000-8000-000000000000'),
        await api('DELETE', '/series/no-such-series/occurrences/2026-11-30/note-taker'),
      ],
      [404, 404, 404, 404, 404, 404, 404, 404, 404, 404],
    );
  });

  it('lets the named note-taker write the notes and action items, but not publish, decide or tick off; others are refused', async () => {
    const date = '2027-02-15';
    const named = await api('PUT', `${at(date)}/note-taker`, { json: { email: member.user.email } });
    expect(named.statusCode).toBe(200);
    expect(named.json()).toMatchObject({ noteTaker: 'Nora Notes', version: 1 });
    expect(named.body).not.toContain(member.user.email);
    await startMeeting(hub, maintainer, 'planning-meeting', date);

    const notes = await api('PUT', `${at(date)}/minutes`, {
      as: member,
      json: { text: 'By Nora' },
      ifMatch: '"1"',
    });
    expect(notes.statusCode).toBe(200);
    const action = await api('POST', `${at(date)}/actions`, { as: member, json: { text: 'Nora’s item' } });
    expect(action.statusCode).toBe(201);
    const { id } = action.json();
    const decision = (
      await api('POST', `${at(date)}/decisions`, { json: { text: 'Draft decision' } })
    ).json();
    expect(
      (
        await api('PATCH', `/actions/${id}`, { as: member, json: { assignee: 'Nora' }, ifMatch: '"1"' })
      ).json(),
    ).toMatchObject({ assignee: 'Nora', version: 2 });
    // The note-taker reads the draft's action items, not its decisions.
    expect((await api('GET', `${at(date)}/actions`, { as: member })).json().items).toHaveLength(1);
    expect((await api('GET', `${at(date)}/decisions`, { as: member })).json()).toEqual({
      items: [],
      nextCursor: null,
    });
    expect((await api('GET', `${at(date)}/actions`, { as: other })).json().items).toEqual([]);
    expect((await api('GET', `${at(date)}/decisions`, { as: null })).json().items).toEqual([]);

    await refused(
      async () => [
        await api('PUT', `${at(date)}/minutes`, { as: null, json: { text: 'x' }, ifMatch: '"2"' }),
        await api('PUT', `${at(date)}/minutes`, { as: other, json: { text: 'x' }, ifMatch: '"2"' }),
        await api('POST', `${at(date)}/minutes/publish`, { as: member, ifMatch: '"2"' }),
        await api('POST', `${at(date)}/minutes/publish`, { as: null, ifMatch: '"2"' }),
        await api('PUT', `${at(date)}/note-taker`, { as: member, json: { email: other.user.email } }),
        await api('DELETE', `${at(date)}/note-taker`, { as: member }),
        await api('DELETE', `${at(date)}/note-taker`, { as: null }),
        await api('POST', `${at(date)}/decisions`, { as: member, json: { text: 'x' } }),
        await api('POST', `${at(date)}/decisions`, { as: null, json: { text: 'x' } }),
        await api('POST', `${at(date)}/actions`, { as: other, json: { text: 'x' } }),
        await api('POST', `${at(date)}/actions`, { as: null, json: { text: 'x' } }),
        await api('PATCH', `/actions/${id}`, { as: member, json: { done: true }, ifMatch: '"2"' }),
        await api('PATCH', `/actions/${id}`, { as: other, json: { text: 'x' }, ifMatch: '"2"' }),
        await api('PATCH', `/actions/${id}`, { as: null, json: { text: 'x' }, ifMatch: '"2"' }),
        await api('GET', `/decisions/${decision.id}`, { as: member }),
        await api('GET', `/decisions/${decision.id}`, { as: null }),
        await api('GET', `/decisions/${decision.id}/objections`, { as: other }),
        await api('GET', `/actions/${id}`, { as: other }),
        await api('GET', `/actions/${id}`, { as: null }),
        await api('POST', `/decisions/${decision.id}/objections`, { as: null, json: { reason: 'x' } }),
      ],
      [401, 403, 403, 401, 403, 403, 401, 403, 401, 403, 401, 403, 403, 401, 403, 401, 403, 403, 401, 401],
    );

    const cleared = await api('DELETE', `${at(date)}/note-taker`);
    expect(cleared.statusCode).toBe(204);
    expect((await api('GET', `${at(date)}/minutes`)).json().minutes.noteTaker).toBeNull();
    await refused(
      async () => [
        await api('PUT', `${at(date)}/minutes`, { as: member, json: { text: 'x' }, ifMatch: '"2"' }),
      ],
      [403],
    );
  });

  it('lets the proposer withdraw their topic with DELETE; others may not', async () => {
    const date = '2027-03-01';
    const topic = await hub.app.agenda.propose(member.actor, SERIES, date, { title: 'Withdraw me' });
    await refused(
      async () => [
        await api('DELETE', `/topics/${topic.id}`, { as: other }),
        await api('DELETE', `/topics/${topic.id}`, { as: null }),
      ],
      [403, 401],
    );
    const gone = await api('DELETE', `/topics/${topic.id}`, { as: member, ifMatch: `"${topic.version}"` });
    expect(gone.statusCode).toBe(204);
    expect(gone.body).toBe('');
    expect((await hub.app.agenda.topic(topic.id)).status).toBe('withdrawn');
    // Withdrawing it again leaves it withdrawn.
    expect((await api('DELETE', `/topics/${topic.id}`, { as: member })).statusCode).toBe(204);
  });

  it('pages through decisions and action items without losing or repeating one', async () => {
    const date = '2027-03-15';
    await startMeeting(hub, maintainer, 'planning-meeting', date);
    for (const n of [1, 2, 3, 4, 5]) {
      await api('POST', `${at(date)}/decisions`, { json: { text: `Decision ${n}` } });
      await api('POST', `${at(date)}/actions`, { json: { text: `Action ${n}` } });
    }
    for (const list of ['decisions', 'actions']) {
      const seen: string[] = [];
      let cursor: string | null = null;
      let pages = 0;
      do {
        const res = await api('GET', `${at(date)}/${list}?limit=2${cursor ? `&cursor=${cursor}` : ''}`);
        expect(res.statusCode).toBe(200);
        seen.push(...res.json().items.map((i: { text: string }) => i.text));
        cursor = res.json().nextCursor;
        pages++;
      } while (cursor);
      const noun = list === 'decisions' ? 'Decision' : 'Action';
      expect(seen).toEqual([1, 2, 3, 4, 5].map((n) => `${noun} ${n}`));
      expect(pages).toBe(3);
    }
  });

  it('describes every operation of the record in the OpenAPI document, with tags, a summary and closed bodies', async () => {
    const doc = (await hub.server.inject({ url: '/api/openapi.json' })).json();
    const record = '/api/v1/series/{slug}/occurrences/{date}';
    const operations: [string, string][] = [
      [`${record}/minutes`, 'get'],
      [`${record}/minutes`, 'put'],
      [`${record}/minutes/publish`, 'post'],
      [`${record}/note-taker`, 'put'],
      [`${record}/note-taker`, 'delete'],
      [`${record}/decisions`, 'get'],
      [`${record}/decisions`, 'post'],
      ['/api/v1/decisions/{id}', 'get'],
      ['/api/v1/decisions/{id}/objections', 'get'],
      ['/api/v1/decisions/{id}/objections', 'post'],
      [`${record}/actions`, 'get'],
      [`${record}/actions`, 'post'],
      ['/api/v1/actions/{id}', 'get'],
      ['/api/v1/actions/{id}', 'patch'],
      ['/api/v1/topics/{id}', 'delete'],
    ];
    for (const [path, method] of operations) {
      const operation = doc.paths[path]?.[method];
      expect(operation, `${method} ${path}`).toBeDefined();
      expect(operation.tags, `${method} ${path}`).toHaveLength(1);
      expect(operation.summary, `${method} ${path}`).toEqual(expect.any(String));
      const body = operation.requestBody?.content?.['application/json']?.schema;
      if (body) expect(body.additionalProperties, `${method} ${path}`).toBe(false);
    }
  });
});

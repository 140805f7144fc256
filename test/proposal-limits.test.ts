import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { snapshotDatabase } from './support/db-snapshot.js';
import { buildUser, planningSeries, signedInClient, type TestUser } from './support/factories.js';
import { ENGINES, type Hub, startHub } from './support/hub.js';

/** Sunday 29 Nov 2026; the reference series meets next on Mon 30 Nov. */
const NOW = () => new Date('2026-11-29T10:00:00Z');
const NEXT = '2026-11-30';

describe.each(ENGINES)('proposal limits on %s', (engine) => {
  let hub: Hub;
  let member: TestUser;
  let other: TestUser;

  beforeAll(async () => {
    hub = await startHub(engine, {
      now: NOW,
      env: { PLENUM_TRUST_PROXY: '1' },
      limits: { proposalsPerAccount: { max: 2 }, proposalsPerClient: { max: 2 } },
    });
    const maintainer = await buildUser(hub, { role: 'maintainer' });
    [member, other] = await Promise.all([buildUser(hub), buildUser(hub)]);
    await planningSeries(hub, maintainer);
  });
  afterAll(() => hub.close());

  const post = (url: string, who: TestUser, payload: object, client: string) =>
    hub.server.inject({
      method: 'POST',
      url: `/api/v1${url}`,
      headers: { ...who.auth, 'x-forwarded-for': client },
      payload,
    });

  const snapshot = () => snapshotDatabase(hub.testDb.database, { ignore: ['rate_limits'] });

  it('counts ideas and topics of one account together, and refuses the third with 429 and Retry-After', async () => {
    const idea = await post('/ideas', member, { title: 'First idea' }, '10.9.0.1');
    expect(idea.statusCode).toBe(201);
    const topic = await post(
      `/series/planning-meeting/occurrences/${NEXT}/topics`,
      member,
      { title: 'T1' },
      '10.9.0.2',
    );
    expect(topic.statusCode).toBe(201);
    const before = await snapshot();
    const third = await post('/ideas', member, { title: 'Third idea' }, '10.9.0.3');
    expect(third.statusCode).toBe(429);
    expect(Number(third.headers['retry-after'])).toBeGreaterThan(0);
    expect(third.json().detail).toContain('proposing very fast');
    expect(await snapshot()).toEqual(before);
    const topicToo = await post(
      `/series/planning-meeting/occurrences/${NEXT}/topics`,
      member,
      { title: 'T2' },
      '10.9.0.4',
    );
    expect(topicToo.statusCode).toBe(429);
  });

  it('counts every account of one client together', async () => {
    const client = '10.9.1.1';
    const third = await buildUser(hub);
    expect((await post('/ideas', other, { title: 'From one place 1' }, client)).statusCode).toBe(201);
    expect((await post('/ideas', other, { title: 'From one place 2' }, client)).statusCode).toBe(201);
    expect((await post('/ideas', third, { title: 'From one place 3' }, client)).statusCode).toBe(429);
  });

  it('answers the form with 429 and Retry-After, keeping what was typed', async () => {
    const fast = await buildUser(hub);
    expect((await post('/ideas', fast, { title: 'Fast 1' }, '10.9.2.1')).statusCode).toBe(201);
    expect((await post('/ideas', fast, { title: 'Fast 2' }, '10.9.2.2')).statusCode).toBe(201);
    const browser = await signedInClient(hub, fast);
    await browser.get('/ideas/new');
    const before = await snapshot();
    const form = await browser.post('/ideas', { title: 'Typed and kept', description: 'Every word of it' });
    expect(await snapshot()).toEqual(before);
    expect(form.statusCode).toBe(429);
    expect(form.headers['retry-after']).toBeDefined();
    expect(form.body).toContain('Typed and kept');
    expect(form.body).toContain('Every word of it');
    expect(form.body).toContain('proposing very fast');
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildUser, planningSeries, signedInClient, type TestUser } from './support/factories.js';
import { ENGINES, type Hub, startHub } from './support/hub.js';

/** Sunday 29 Nov 2026; the reference series meets next on Mon 30 Nov, then 14 Dec. */
const NOW = () => new Date('2026-11-29T10:00:00Z');
const NEXT = '2026-11-30';
const AFTER = '2026-12-14';

describe.each(ENGINES)('agenda on %s', (engine) => {
  let hub: Hub;
  let maintainer: TestUser;
  let member: TestUser;
  let other: TestUser;

  beforeAll(async () => {
    hub = await startHub(engine, { now: NOW });
    [maintainer, member, other] = await Promise.all([
      buildUser(hub, { role: 'maintainer' }),
      buildUser(hub),
      buildUser(hub),
    ]);
    await planningSeries(hub, maintainer);
  });
  afterAll(() => hub.close());

  const api = (
    method: 'GET' | 'POST' | 'PATCH',
    url: string,
    who?: TestUser,
    payload?: object,
    version?: number,
  ) =>
    hub.server.inject({
      method,
      url: `/api/v1${url}`,
      headers: { ...(who ? who.auth : {}), ...(version !== undefined ? { 'if-match': `"${version}"` } : {}) },
      ...(payload ? { payload } : {}),
    });
  const agenda = async (key = NEXT) =>
    (await api('GET', `/series/planning-meeting/occurrences/${key}/agenda`)).json();

  it('lets a member propose topics in the browser, a maintainer accept one and defer the other, and sums the timebox', async () => {
    const browser = await signedInClient(hub, member);
    await browser.get(`/meetings/planning-meeting/${NEXT}`);
    const first = await browser.post(`/meetings/planning-meeting/${NEXT}/topics`, {
      title: 'Release 1.0 timeline',
      description: 'Can we ship **before** the holidays?',
      minutes: '20',
    });
    expect(first.statusCode).toBe(303);
    expect(String(first.headers.location)).toMatch(/\?notice=agenda\.topicProposed#topic-/u);
    expect((await browser.follow(first)).body).toContain('Topic proposed — the maintainers will review it.');
    await browser.post(`/meetings/planning-meeting/${NEXT}/topics`, { title: 'Logo contest', minutes: '15' });
    const proposed = (await agenda()).topics;
    expect(proposed.map((t: { title: string; status: string }) => [t.title, t.status])).toEqual([
      ['Release 1.0 timeline', 'proposed'],
      ['Logo contest', 'proposed'],
    ]);

    const release = proposed[0];
    const logo = proposed[1];
    const maintainerBrowser = await signedInClient(hub, maintainer);
    await maintainerBrowser.get(`/meetings/planning-meeting/${NEXT}`);
    const accepted = await maintainerBrowser.post(`/topics/${release.id}/status`, {
      status: 'accepted',
      version: String(release.version),
      next: `/meetings/planning-meeting/${NEXT}#agenda`,
    });
    expect(String(accepted.headers.location)).toBe(
      `/meetings/planning-meeting/${NEXT}?notice=agenda.topicChanged#agenda`,
    );
    expect(
      (await api('POST', `/topics/${logo.id}/status`, maintainer, { status: 'deferred' }, logo.version))
        .statusCode,
    ).toBe(200);

    const view = await agenda();
    expect(view.timebox).toEqual({ used: 20, available: 30, overflow: false });
    const page = await new (await import('./support/client.js')).PageClient(hub).get(
      `/meetings/planning-meeting/${NEXT}`,
    );
    expect(page.body).toContain('20 of 30 min');
    expect(page.body).toContain('Deferred');
    expect(page.body).toContain('<strong>before</strong>');
  });

  it('warns when the accepted topics overflow the meeting', async () => {
    const res = await api('POST', `/series/planning-meeting/occurrences/${NEXT}/topics`, maintainer, {
      title: 'Long review',
      minutes: 25,
    });
    expect(res.statusCode).toBe(201);
    expect(res.json().status).toBe('accepted');
    const view = await agenda();
    expect(view.timebox).toEqual({ used: 45, available: 30, overflow: true });
    const page = await hub.server.inject({ url: `/meetings/planning-meeting/${NEXT}` });
    expect(page.body).toContain('The accepted topics need 15 minutes more than the meeting has.');
    // A maintainer shortens it; the warning goes.
    const long = (await agenda()).topics.find((t: { title: string }) => t.title === 'Long review');
    expect(
      (await api('PATCH', `/topics/${long.id}`, maintainer, { minutes: 10 }, long.version)).statusCode,
    ).toBe(200);
    expect((await agenda()).timebox).toEqual({ used: 30, available: 30, overflow: false });
  });

  it('reorders accepted topics with the keyboard-friendly up and down actions', async () => {
    const before = (await agenda()).topics.filter((t: { status: string }) => t.status === 'accepted');
    expect(before.map((t: { title: string }) => t.title)).toEqual(['Release 1.0 timeline', 'Long review']);
    const long = before[1];
    expect(
      (await api('POST', `/topics/${long.id}/move`, maintainer, { direction: 'up' }, long.version))
        .statusCode,
    ).toBe(200);
    const after = (await agenda()).topics.filter((t: { status: string }) => t.status === 'accepted');
    expect(after.map((t: { title: string }) => t.title)).toEqual(['Long review', 'Release 1.0 timeline']);
    expect(
      (await api('POST', `/topics/${long.id}/move`, member, { direction: 'down' }, long.version + 1))
        .statusCode,
    ).toBe(403);
  });

  it('places a topic at any position, as a drag and drop does, renumbering the rest', async () => {
    const DAY = '2027-02-01';
    for (const title of ['One', 'Two', 'Three', 'Four']) {
      await api('POST', `/series/planning-meeting/occurrences/${DAY}/topics`, maintainer, { title });
    }
    const titles = async () =>
      (await agenda(DAY)).topics
        .filter((t: { status: string }) => t.status === 'accepted')
        .map((t: { title: string }) => t.title);
    const topic = async (title: string) =>
      (await agenda(DAY)).topics.find((t: { title: string }) => t.title === title);
    const four = await topic('Four');
    const moved = await api('POST', `/topics/${four.id}/move`, maintainer, { position: 0 }, four.version);
    expect(moved.statusCode).toBe(200);
    expect(await titles()).toEqual(['Four', 'One', 'Two', 'Three']);
    const one = await topic('One');
    await api('POST', `/topics/${one.id}/move`, maintainer, { position: 99 }, one.version);
    expect(await titles()).toEqual(['Four', 'Two', 'Three', 'One']);

    const two = await topic('Two');
    const before = await titles();
    expect(
      (await api('POST', `/topics/${two.id}/move`, maintainer, { position: 2 }, two.version - 1)).statusCode,
    ).toBe(409);
    expect(
      (await api('POST', `/topics/${two.id}/move`, maintainer, { position: -1 }, two.version)).statusCode,
    ).toBe(400);
    expect(
      (await api('POST', `/topics/${two.id}/move`, maintainer, { position: 'first' }, two.version))
        .statusCode,
    ).toBe(400);
    expect(
      (await api('POST', `/topics/${two.id}/move`, member, { position: 0 }, two.version)).statusCode,
    ).toBe(403);
    expect(await titles()).toEqual(before);
    const page = await (await signedInClient(hub, maintainer)).get(`/meetings/planning-meeting/${DAY}`);
    expect(page.body).toContain('/assets/agenda-drag.js');
    expect(page.body).toMatch(/<li class="topic topic-accepted"[^>]*draggable="true"/u);
    expect((await hub.server.inject({ url: `/meetings/planning-meeting/${DAY}` })).body).not.toContain(
      'agenda-drag.js',
    );
  });

  it('lets only the proposer withdraw a topic of theirs', async () => {
    const res = await api('POST', `/series/planning-meeting/occurrences/${NEXT}/topics`, member, {
      title: 'Withdraw me',
    });
    const topic = res.json();
    expect(topic.minutes).toBe(5);
    expect(
      (await api('POST', `/topics/${topic.id}/status`, other, { status: 'withdrawn' }, topic.version))
        .statusCode,
    ).toBe(403);
    expect(
      (await api('POST', `/topics/${topic.id}/status`, member, { status: 'accepted' }, topic.version))
        .statusCode,
    ).toBe(403);
    expect(
      (await api('POST', `/topics/${topic.id}/status`, member, { status: 'withdrawn' }, topic.version)).json()
        .status,
    ).toBe('withdrawn');
  });

  describe('bad input gets a clear message and changes nothing', () => {
    const count = async () => (await agenda()).topics.length + (await agenda(AFTER)).topics.length;
    const cases: [
      string,
      () => Promise<{ statusCode: number; json: () => { detail: string } }>,
      number,
      RegExp,
    ][] = [
      [
        'a topic for a past meeting',
        () =>
          api('POST', '/series/planning-meeting/occurrences/2026-11-16/topics', member, { title: 'Late' }),
        422,
        /over/u,
      ],
      [
        'a topic for a day without a meeting',
        () =>
          api('POST', '/series/planning-meeting/occurrences/2026-12-01/topics', member, { title: 'Tuesday' }),
        404,
        /./u,
      ],
      [
        'negative minutes',
        () =>
          api('POST', `/series/planning-meeting/occurrences/${NEXT}/topics`, member, {
            title: 'Negative',
            minutes: -5,
          }),
        400,
        /1 to 240/u,
      ],
      [
        'an idea that does not exist',
        () =>
          api('POST', `/series/planning-meeting/occurrences/${NEXT}/topics`, member, {
            title: 'Ghost',
            idea: 'no-such-idea',
          }),
        400,
        /no idea/u,
      ],
      [
        'an empty title',
        () => api('POST', `/series/planning-meeting/occurrences/${NEXT}/topics`, member, { title: ' ' }),
        400,
        /required/u,
      ],
      [
        'anonymous',
        () =>
          api('POST', `/series/planning-meeting/occurrences/${NEXT}/topics`, undefined, { title: 'Anon' }),
        401,
        /sign in/iu,
      ],
    ];
    for (const [name, send, status, message] of cases) {
      it(name, async () => {
        const before = await count();
        const res = await send();
        expect(res.statusCode).toBe(status);
        expect(res.json().detail).toMatch(message);
        expect(await count()).toBe(before);
      });
    }

    it('a stale version', async () => {
      const topic = (await agenda()).topics[0];
      const res = await api(
        'POST',
        `/topics/${topic.id}/status`,
        maintainer,
        { status: 'deferred' },
        topic.version - 1,
      );
      expect(res.statusCode).toBe(409);
      expect((await agenda()).topics[0]).toEqual(topic);
    });

    it('a stale or refused change from the page shows the agenda as it is, with why', async () => {
      const topic = (await agenda()).topics[0];
      const browser = await signedInClient(hub, maintainer);
      await browser.get(`/meetings/planning-meeting/${NEXT}`);
      const stale = await browser.post(`/topics/${topic.id}/status`, {
        status: 'deferred',
        version: String(topic.version - 1),
        next: `/meetings/planning-meeting/${NEXT}#agenda`,
      });
      expect(stale.statusCode).toBe(409);
      expect(stale.body).toContain('Someone changed this topic meanwhile.');
      expect(stale.body).toContain('id="propose-topic"');
      expect(stale.body).toContain(topic.title);
      await browser.get(`/meetings/planning-meeting/${NEXT}`);
      const refused = await browser.post(`/topics/${topic.id}/minutes`, {
        minutes: '-5',
        version: String(topic.version),
        next: `/meetings/planning-meeting/${NEXT}#agenda`,
      });
      expect(refused.statusCode).toBe(422);
      expect(refused.body).toMatch(/role="alert"[^>]*>.*Ask for 1 to 240 minutes\./su);
      expect((await agenda()).topics[0]).toEqual(topic);
    });

    it('a topic for a cancelled meeting', async () => {
      await hub.app.meetings.cancel(maintainer.actor, 'planning-meeting', '2027-01-18', 'Retreat');
      const res = await api('POST', '/series/planning-meeting/occurrences/2027-01-18/topics', member, {
        title: 'Nope',
      });
      expect(res.statusCode).toBe(422);
      expect(res.json().detail).toMatch(/cancelled/u);
    });
  });

  it('moves accepted and deferred topics to the next meeting when one is cancelled, and says where they came from', async () => {
    const accepted = (await agenda()).topics
      .filter((t: { status: string }) => t.status === 'accepted' || t.status === 'deferred')
      .map((t: { title: string }) => t.title);
    expect(accepted.length).toBeGreaterThan(0);
    await hub.app.meetings.cancel(maintainer.actor, 'planning-meeting', NEXT, 'Nobody can make it');
    const next = await agenda(AFTER);
    const carried = next.topics.filter((t: { carriedFrom: string | null }) => t.carriedFrom === NEXT);
    expect(carried.map((t: { title: string }) => t.title).sort()).toEqual([...accepted].sort());
    expect(
      (await agenda()).topics.filter(
        (t: { status: string }) => t.status === 'accepted' || t.status === 'deferred',
      ),
    ).toEqual([]);
    const page = await hub.server.inject({ url: `/meetings/planning-meeting/${AFTER}` });
    expect(page.body).toContain('carried over from 30 Nov 2026');
  });

  it('shows current projects and priorities from the backlog in the agenda', async () => {
    const idea = await hub.app.ideas.propose(maintainer.actor, {
      title: 'Public demo playground',
      status: 'backlog',
    });
    await hub.app.ideas.changeStatus(maintainer.actor, idea.id, 1, 'roadmap', null);
    const view = await agenda(AFTER);
    expect(view.overview).toEqual([{ slug: idea.slug, title: 'Public demo playground', status: 'roadmap' }]);
    const de = await hub.server.inject({ url: `/meetings/planning-meeting/${AFTER}?lang=de` });
    expect(de.body).toContain('Aktuelle Projekte und Prioritäten');
    expect(de.body).toContain('übernommen aus dem Termin am');
  });

  it("lists on an idea's page the meetings it was brought to", async () => {
    const idea = await hub.app.ideas.propose(member.actor, { title: 'Bring me to a meeting' });
    const res = await api('POST', `/series/planning-meeting/occurrences/${AFTER}/topics`, member, {
      title: 'Please look at this idea',
      idea: idea.slug,
    });
    expect(res.json().ideaId).toBe(idea.id);
    const page = await hub.server.inject({ url: `/ideas/${idea.slug}` });
    expect(page.body).toContain('In planning meetings');
    expect(page.body).toContain(`/meetings/planning-meeting/${AFTER}#topic-${res.json().id}`);
    expect(page.body).toContain('Please look at this idea (proposed)');
  });
});

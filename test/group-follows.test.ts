import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiAs } from './support/api-as.js';
import { NEXT_MEETING, SERIES_FORM } from './support/authorization-world.js';
import { buildIdea, buildUser, signedInClient, type TestUser } from './support/factories.js';
import { ENGINES, type Hub, startHub } from './support/hub.js';

/**
 * Following a group: its next meeting on one's home page, its series' and boards' news in the
 * inbox; the group page as the group's home; the roadmap and search narrowed to a group.
 */

/** Sunday 29 Nov 2026, 11:00 in Berlin: the series of SERIES_FORM meets next on Monday 30 Nov. */
const NOW = new Date('2026-11-29T10:00:00Z');

describe.each(ENGINES)('following groups on %s', (engine) => {
  let hub: Hub;
  let admin: TestUser;
  let maintainer: TestUser;
  let follower: TestUser;
  let api: ReturnType<typeof apiAs>;
  const made: Record<'a' | 'b', { series: string; board: string; idea: string }> = {
    a: { series: '', board: '', idea: '' },
    b: { series: '', board: '', idea: '' },
  };
  let clock = NOW;
  const section = (html: string) =>
    /aria-labelledby="group-meetings-heading"[\s\S]*?<\/section>/u.exec(html)?.[0] ?? '';

  beforeAll(async () => {
    hub = await startHub(engine, { now: () => clock });
    api = apiAs(hub);
    [admin, maintainer, follower] = await Promise.all([
      buildUser(hub, { role: 'admin' }),
      buildUser(hub, { role: 'maintainer' }),
      buildUser(hub, { name: 'Fio Follower' }),
    ]);
    for (const [key, slug, name] of [
      ['a', 'sig-alpha', 'SIG Alpha'],
      ['b', 'sig-beta', 'SIG Beta'],
    ] as const) {
      expect((await api('POST', '/groups', admin, { slug, name })).statusCode).toBe(201);
      const series = await hub.app.meetings.create(maintainer.actor, {
        ...SERIES_FORM,
        title: `${name} weekly`,
      });
      const board = await hub.app.board.createBoard(maintainer.actor, { title: `${name} board` });
      const idea = await buildIdea(hub, maintainer, { title: `Zebra of ${slug}`, status: 'backlog' });
      await hub.app.groups.assign(maintainer.actor, 'series', series.slug, slug);
      await hub.app.groups.assign(maintainer.actor, 'board', board.id, slug);
      await hub.app.groups.assign(maintainer.actor, 'idea', idea.id, slug);
      const moved = await api(
        'POST',
        `/ideas/${idea.id}/status`,
        maintainer,
        { status: 'roadmap', reason: 'Agreed' },
        { 'if-match': '*' },
      );
      expect(moved.statusCode).toBe(200);
      made[key] = { series: series.slug, board: board.id, idea: idea.id };
    }
    // An accepted topic on Alpha's next meeting, and one still proposed; Beta's minutes published.
    await hub.app.agenda.propose(maintainer.actor, made.a.series, NEXT_MEETING, { title: 'Zebra crossings' });
    await hub.app.agenda.propose(follower.actor, made.a.series, NEXT_MEETING, { title: 'Only proposed' });
    // Minutes are published once their meeting has begun: the clock goes to the end of Beta's
    // meeting of 30 November and back.
    clock = new Date('2026-11-30T13:45:00Z');
    await hub.app.minutes.save(maintainer.actor, made.b.series, NEXT_MEETING, 0, { body: 'We met.' });
    await hub.app.minutes.publish(maintainer.actor, made.b.series, NEXT_MEETING, 1);
    clock = NOW;
  });
  afterAll(() => hub.close());

  it('follows a group by the API, once, and lists it among one’s follows', async () => {
    const first = await api('PUT', '/groups/sig-alpha/follow', follower);
    expect(first.statusCode).toBe(200);
    expect(first.json()).toEqual({ following: true, changed: true });
    expect((await api('PUT', '/groups/sig-alpha/follow', follower)).json()).toEqual({
      following: true,
      changed: false,
    });
    const follows = (await api('GET', '/me/follows', follower)).json().items;
    expect(follows).toContainEqual(
      expect.objectContaining({ kind: 'group', slug: 'sig-alpha', title: 'SIG Alpha' }),
    );
    expect((await api('PUT', '/groups/sig-nothing/follow', follower)).statusCode).toBe(404);
    expect((await api('PUT', '/groups/sig-alpha/follow', null)).statusCode).toBe(401);
    const data = (await api('GET', '/me/export', follower)).json();
    expect(JSON.stringify(data)).toContain('"group"');
  });

  it('shows a follower the next meeting of the groups they follow on the home page, and visitors every group’s', async () => {
    const client = await signedInClient(hub, follower);
    const mine = section((await client.get('/')).body);
    expect(mine).toContain('SIG Alpha');
    expect(mine).toContain(`/meetings/${made.a.series}/${NEXT_MEETING}`);
    expect(mine).not.toContain('SIG Beta');
    expect(mine).toContain('groups you follow or belong to');
    const visitor = section((await hub.server.inject({ method: 'GET', url: '/' })).body);
    expect(visitor).toContain('SIG Alpha');
    expect(visitor).toContain('SIG Beta');

    await client.get('/groups/sig-alpha');
    const off = await client.post('/groups/sig-alpha/follow', { follow: 'false', next: '/groups/sig-alpha' });
    expect(off.statusCode).toBe(303);
    expect((await client.follow(off)).body).toContain('You no longer follow it.');
    expect(section((await client.get('/')).body)).toBe('');
    await client.get('/groups/sig-alpha');
    const on = await client.post('/groups/sig-alpha/follow', { follow: 'true', next: '/groups/sig-alpha' });
    const page = (await client.follow(on)).body;
    expect(page).toContain('You follow this.');
    expect(page).toContain('Unfollow');
  });

  it('tells a group’s followers of its series’ news, through the group’s follow', async () => {
    await hub.app.agenda.propose(maintainer.actor, made.a.series, NEXT_MEETING, {
      title: 'Told to followers',
    });
    const inbox = (await api('GET', '/me/notifications', follower)).json().items as {
      kind: string;
      data: Record<string, string>;
    }[];
    expect(inbox.some((n) => n.kind === 'topic.proposed')).toBe(true);
    await hub.app.agenda.propose(maintainer.actor, made.b.series, NEXT_MEETING, { title: 'Not for Fio' });
    const again = (await api('GET', '/me/notifications', follower)).json().items as unknown[];
    expect(again).toHaveLength(inbox.length);
  });

  it('shows the group’s next meeting with its agenda, its recent minutes and a follow button', async () => {
    const visitor = (await hub.server.inject({ method: 'GET', url: '/groups/sig-alpha' })).body;
    expect(visitor).toContain('Sign in to follow');
    expect(visitor).toContain('Next meeting');
    expect(visitor).toMatch(
      new RegExp(`href="/meetings/${made.a.series}/${NEXT_MEETING}#topic-[^"]+">Zebra crossings<`, 'u'),
    );
    expect(visitor).not.toContain('Only proposed');
    expect(visitor).toContain('No minutes of this group’s meetings published yet.');
    const beta = (await hub.server.inject({ method: 'GET', url: '/groups/sig-beta' })).body;
    expect(beta).toContain(`/meetings/${made.b.series}/${NEXT_MEETING}#minutes`);
    expect(beta).toContain('No topics accepted for this meeting yet.');
    const de = (
      await hub.server.inject({
        method: 'GET',
        url: '/groups/sig-alpha',
        headers: { 'accept-language': 'de' },
      })
    ).body;
    expect(de).toContain('Nächstes Meeting');
    expect(de).toContain('auf der Roadmap');
    expect(de).not.toMatch(/>roadmap</u);
  });

  it('narrows the roadmap to a group, in the API and on the page, and refuses an unknown group', async () => {
    const titles = (body: { groups: { entries: { idea: { title: string } }[] }[] }) =>
      body.groups.flatMap((g) => g.entries.map((e) => e.idea.title));
    const all = titles((await api('GET', '/roadmap', null)).json());
    expect(all).toEqual(expect.arrayContaining(['Zebra of sig-alpha', 'Zebra of sig-beta']));
    expect(titles((await api('GET', '/roadmap?group=sig-alpha', null)).json())).toEqual([
      'Zebra of sig-alpha',
    ]);
    const unknown = await api('GET', '/roadmap?group=sig-nothing', null);
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().detail).toContain('sig-nothing');
    const page = (await hub.server.inject({ method: 'GET', url: '/roadmap?group=sig-beta' })).body;
    expect(page).toContain('Zebra of sig-beta');
    expect(page).not.toContain('Zebra of sig-alpha');
    expect(page).toMatch(/<option value="sig-beta" selected/u);
    const refused = await hub.server.inject({ method: 'GET', url: '/roadmap?group=sig-nothing' });
    expect(refused.statusCode).toBe(400);
    expect(refused.body).toContain('There is no group “sig-nothing”.');
  });

  it('narrows search to a group, also for topics through their series, and refuses an unknown group', async () => {
    const found = async (extra: string) =>
      (
        (await api('GET', `/search?q=zebra${extra}`, null)).json().items as { kind: string; title: string }[]
      ).map((h) => `${h.kind}:${h.title}`);
    expect(await found('')).toEqual(
      expect.arrayContaining(['idea:Zebra of sig-alpha', 'idea:Zebra of sig-beta', 'topic:Zebra crossings']),
    );
    const alpha = await found('&group=sig-alpha');
    expect(alpha).toEqual(expect.arrayContaining(['idea:Zebra of sig-alpha', 'topic:Zebra crossings']));
    expect(alpha).not.toContain('idea:Zebra of sig-beta');
    expect(await found('&group=sig-beta')).toEqual(['idea:Zebra of sig-beta']);
    const unknown = await api('GET', '/search?q=zebra&group=sig-nothing', null);
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().detail).toContain('sig-nothing');
    const page = (await hub.server.inject({ method: 'GET', url: '/search?q=zebra&group=sig-beta' })).body;
    expect(page).toContain('Zebra of sig-beta');
    expect(page).not.toContain('Zebra of sig-alpha');
    expect(page).toMatch(/<option value="sig-beta" selected/u);
  });
});

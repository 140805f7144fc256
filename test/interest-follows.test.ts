import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PageClient } from './support/client.js';
import {
  buildIdea,
  buildUser,
  planningSeries,
  signedInClient,
  startMeeting,
  type TestUser,
} from './support/factories.js';
import { ENGINES, type Hub, startHub } from './support/hub.js';

/**
 * Interest ("I want this too"), following and public profiles: one interest and one follow per
 * member however often they say it, counts everyone sees and names only maintainers see, a
 * backlog that stays alphabetical whatever the interest, and a profile without an address.
 */

/** Sunday 29 Nov 2026: the reference series meets next on Monday 30 Nov. */
const NOW = new Date('2026-11-29T10:00:00Z');

describe.each(ENGINES)('interest, follows and profiles on %s', (engine) => {
  let hub: Hub;
  let member: TestUser;
  let other: TestUser;
  let maintainer: TestUser;

  beforeAll(async () => {
    hub = await startHub(engine, { now: () => NOW });
    [member, other, maintainer] = await Promise.all([
      buildUser(hub, { name: 'Mia Member' }),
      buildUser(hub, { name: 'Otto Other' }),
      buildUser(hub, { role: 'maintainer', name: 'Maya Maintainer' }),
    ]);
  });
  afterAll(() => hub.close());

  const api = (
    method: 'GET' | 'PUT' | 'DELETE' | 'POST',
    url: string,
    who: TestUser | null,
    payload?: unknown,
  ) =>
    hub.server.inject({
      method,
      url: `/api/v1${url}`,
      headers: who ? who.auth : {},
      ...(payload !== undefined ? { payload: payload as object } : {}),
    });

  const rowsOf = async (table: 'idea_interest' | 'follows') =>
    Number(
      (
        await hub.testDb.database.db
          .selectFrom(table)
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );

  it('takes interest once however often it is said, and undoes it any time', async () => {
    const idea = await buildIdea(hub, maintainer, { title: 'Dark mode', status: 'backlog' });
    const before = await rowsOf('idea_interest');
    const first = await api('PUT', `/ideas/${idea.slug}/interest`, member);
    expect(first.statusCode).toBe(200);
    expect(first.json()).toEqual({ interested: true, changed: true, count: 1 });
    const again = await api('PUT', `/ideas/${idea.id}/interest`, member);
    expect(again.statusCode).toBe(200);
    expect(again.json()).toEqual({ interested: true, changed: false, count: 1 });
    expect(await rowsOf('idea_interest')).toBe(before + 1);

    expect((await api('PUT', `/ideas/${idea.slug}/interest`, other)).json().count).toBe(2);
    const undone = await api('DELETE', `/ideas/${idea.slug}/interest`, member);
    expect(undone.json()).toEqual({ interested: false, changed: true, count: 1 });
    const undoneAgain = await api('DELETE', `/ideas/${idea.slug}/interest`, member);
    expect(undoneAgain.json()).toEqual({ interested: false, changed: false, count: 1 });
    expect(await rowsOf('idea_interest')).toBe(before + 1);
  });

  it('refuses visitors and answers 404 for an idea that does not exist', async () => {
    const idea = await buildIdea(hub, maintainer, { title: 'Visitors ask', status: 'backlog' });
    expect((await api('PUT', `/ideas/${idea.slug}/interest`, null)).statusCode).toBe(401);
    expect((await api('PUT', `/ideas/${idea.slug}/follow`, null)).statusCode).toBe(401);
    expect((await api('PUT', '/ideas/no-such-idea/interest', member)).statusCode).toBe(404);
    for (const url of [
      '/ideas/no-such-idea/follow',
      '/series/no-such-series/follow',
      '/boards/no-such-board/follow',
    ]) {
      const res = await api('PUT', url, member);
      expect(res.statusCode, url).toBe(404);
      expect(res.headers['content-type']).toContain('application/problem+json');
    }
  });

  it('shows the count on the idea page and each backlog row, and never reorders the backlog', async () => {
    const apple = await buildIdea(hub, maintainer, {
      title: 'Apple orchard',
      status: 'backlog',
      tags: ['order'],
    });
    const zebra = await buildIdea(hub, maintainer, {
      title: 'Zebra crossing',
      status: 'backlog',
      tags: ['order'],
    });
    for (const who of [member, other, maintainer]) await hub.app.interest.add(who.actor, zebra.slug);

    const backlog = await hub.server.inject({ method: 'GET', url: '/backlog?tag=order' });
    const html = backlog.body;
    expect(html.indexOf('Apple orchard')).toBeLessThan(html.indexOf('Zebra crossing'));
    expect(html).toContain('3 interested');
    const api1 = (await api('GET', '/ideas?tag=order', null)).json();
    expect(api1.items.map((i: { title: string }) => i.title)).toEqual(['Apple orchard', 'Zebra crossing']);
    expect(api1.items.map((i: { interestCount: number }) => i.interestCount)).toEqual([0, 3]);

    // Asked for, the API orders by interest, and pages through that order.
    const byInterest = (await api('GET', '/ideas?tag=order&sort=interest&limit=1', null)).json();
    expect(byInterest.items.map((i: { title: string }) => i.title)).toEqual(['Zebra crossing']);
    const next = (
      await api('GET', `/ideas?tag=order&sort=interest&limit=1&cursor=${byInterest.nextCursor}`, null)
    ).json();
    expect(next.items.map((i: { title: string }) => i.title)).toEqual(['Apple orchard']);

    // The planning page for docs sites leaves interest out.
    const docs = await hub.server.inject({ method: 'GET', url: '/docs/planning.md' });
    expect(docs.body).toContain('Zebra crossing');
    expect(docs.body).not.toMatch(/interest|want this/iu);

    const page = await hub.server.inject({ method: 'GET', url: `/ideas/${zebra.slug}` });
    expect(page.body).toContain('3 people want this');
    const none = await hub.server.inject({ method: 'GET', url: `/ideas/${apple.slug}` });
    expect(none.body).toContain('Nobody has said they want this yet.');
  });

  it('puts the most wanted proposals first in triage when asked, the oldest first otherwise', async () => {
    const older = await buildIdea(hub, member, { title: 'Triage older' });
    const wanted = await buildIdea(hub, member, { title: 'Triage wanted' });
    await hub.app.interest.add(other.actor, wanted.slug);
    const order = (queue: { slug: string }[]) =>
      queue.map((i) => i.slug).filter((s) => s === older.slug || s === wanted.slug);
    expect(order(await hub.app.ideas.triageQueue(maintainer.actor))).toEqual([older.slug, wanted.slug]);
    expect(order(await hub.app.ideas.triageQueue(maintainer.actor, 'interest'))).toEqual([
      wanted.slug,
      older.slug,
    ]);
    const page = await (await signedInClient(hub, maintainer)).get('/triage?sort=interest');
    expect(page.body.indexOf('Triage wanted')).toBeLessThan(page.body.indexOf('Triage older'));
    expect(page.body).toContain('1 interested');
  });

  it('shows the names to maintainers and only the count to everyone else', async () => {
    const idea = await buildIdea(hub, maintainer, { title: 'Names for maintainers', status: 'backlog' });
    await hub.app.interest.add(other.actor, idea.slug);

    const asMaintainer = (await api('GET', `/ideas/${idea.slug}/interest`, maintainer)).json();
    expect(asMaintainer.count).toBe(1);
    expect(asMaintainer.people.items.map((p: { name: string }) => p.name)).toEqual(['Otto Other']);
    const asMember = (await api('GET', `/ideas/${idea.slug}/interest`, member)).json();
    expect(asMember).toEqual({ count: 1, interested: false, people: null });
    expect((await api('GET', `/ideas/${idea.slug}/interest`, other)).json().interested).toBe(true);

    const maintainerPage = await (await signedInClient(hub, maintainer)).get(`/ideas/${idea.slug}`);
    expect(maintainerPage.body).toContain('Otto Other');
    const memberPage = await (await signedInClient(hub, member)).get(`/ideas/${idea.slug}`);
    expect(memberPage.body).toContain('1 person wants this');
    expect(memberPage.body).not.toContain('Otto Other');
    const visitorPage = await new PageClient(hub).get(`/ideas/${idea.slug}`);
    expect(visitorPage.body).not.toContain('Otto Other');
    expect(visitorPage.body).toContain('Sign in to say you want this');
  });

  it('says "I want this too" through the idea page’s form, without JavaScript', async () => {
    const idea = await buildIdea(hub, maintainer, { title: 'Form interest', status: 'backlog' });
    const client = await signedInClient(hub, member);
    await client.get(`/ideas/${idea.slug}`);
    const res = await client.post(`/ideas/${idea.slug}/interest`, {
      interested: 'true',
      next: `/ideas/${idea.slug}`,
    });
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toContain('notice=interest.added');
    const page = await client.follow(res);
    expect(page.body).toContain('You want this too.');
    expect(page.body).toContain('Take back my interest');
    await client.post(`/ideas/${idea.slug}/interest`, { interested: 'false' });
    expect((await hub.app.interest.summary(member.actor, idea.id)).count).toBe(0);
  });

  it('follows and unfollows ideas, series and boards, and lists what one follows', async () => {
    const idea = await buildIdea(hub, maintainer, { title: 'To follow', status: 'backlog' });
    const series = await planningSeries(hub, maintainer);
    const board = await hub.app.board.createBoard(maintainer.actor, { title: 'Followed board' });

    for (const url of [
      `/ideas/${idea.slug}/follow`,
      `/series/${series.slug}/follow`,
      `/boards/${board.slug}/follow`,
    ]) {
      const first = await api('PUT', url, other);
      expect(first.statusCode, url).toBe(200);
      expect(first.json()).toEqual({ following: true, changed: true });
      expect((await api('PUT', url, other)).json()).toEqual({ following: true, changed: false });
    }
    const list = (await api('GET', '/me/follows', other)).json();
    expect(list.nextCursor).toBeNull();
    expect(list.items.map((f: { kind: string; title: string }) => `${f.kind}:${f.title}`).sort()).toEqual([
      'board:Followed board',
      'idea:To follow',
      `series:${series.title}`,
    ]);
    const firstPage = (await api('GET', '/me/follows?limit=2', other)).json();
    expect(firstPage.items).toHaveLength(2);
    const rest = (await api('GET', `/me/follows?limit=2&cursor=${firstPage.nextCursor}`, other)).json();
    expect(rest.items).toHaveLength(1);
    expect(rest.nextCursor).toBeNull();

    expect((await api('DELETE', `/series/${series.slug}/follow`, other)).json()).toEqual({
      following: false,
      changed: true,
    });
    expect((await api('DELETE', `/series/${series.slug}/follow`, other)).json().changed).toBe(false);
    expect((await api('GET', '/me/follows', other)).json().items).toHaveLength(2);
    expect((await api('GET', '/me/follows', null)).statusCode).toBe(401);

    // The pages' buttons do the same, and say so.
    const client = await signedInClient(hub, other);
    await client.get(`/meetings/${series.slug}`);
    expect(client.lastHtml).toContain('>Follow<');
    const res = await client.post(`/meetings/${series.slug}/follow`, { follow: 'true' });
    expect(res.headers.location).toContain('notice=follow.followed');
    expect((await client.follow(res)).body).toContain('You follow this.');
    await client.get(`/boards/${board.slug}`);
    expect(client.lastHtml).toContain('Unfollow');
  });

  it('follows an idea one proposes, and one an action item assigned to one is linked to', async () => {
    const proposed = await buildIdea(hub, member, { title: 'My own proposal' });
    const mine = (await api('GET', '/me/follows', member)).json().items;
    expect(mine.some((f: { id: string }) => f.id === proposed.id)).toBe(true);

    const idea = await buildIdea(hub, maintainer, { title: 'Assigned work', status: 'backlog' });
    const series = await planningSeries(hub, maintainer);
    await startMeeting(hub, maintainer, series.slug, '2026-11-30');
    await hub.app.minutes.addActionItem(maintainer.actor, series.slug, '2026-11-30', {
      text: 'Write it down',
      assignee: 'otto other',
      idea: idea.slug,
    });
    const follows = (await api('GET', '/me/follows', other)).json().items;
    expect(follows.some((f: { id: string }) => f.id === idea.id)).toBe(true);
    // A name nobody has follows nothing, and is no error.
    await hub.app.minutes.addActionItem(maintainer.actor, series.slug, '2026-11-30', {
      text: 'Someone else',
      assignee: 'Nobody Known',
      idea: idea.slug,
    });
  });

  it('shows a public profile without the e-mail address, and without removed ideas to members', async () => {
    const kept = await buildIdea(hub, member, { title: 'Profile idea kept' });
    const removed = await buildIdea(hub, member, { title: 'Profile idea removed', status: 'proposed' });
    await hub.app.ideas.changeStatus(maintainer.actor, removed.id, 1, 'backlog', null);
    await hub.app.ideas.changeStatus(maintainer.actor, removed.id, 2, 'removed', 'Spam');
    const series = await planningSeries(hub, maintainer);
    await hub.app.agenda.propose(member.actor, series.slug, '2026-11-30', { title: 'Profile topic' });

    const json = await api('GET', `/people/${member.user.id}`, other);
    expect(json.statusCode).toBe(200);
    expect(json.body).not.toContain(member.user.email);
    expect(json.body).not.toContain('@');
    const body = json.json();
    expect(body.name).toBe('Mia Member');
    expect(body.ideas.map((i: { title: string }) => i.title)).toContain(kept.title);
    expect(body.ideas.map((i: { title: string }) => i.title)).not.toContain(removed.title);
    expect(body.topics.map((t: { title: string }) => t.title)).toContain('Profile topic');
    const forMaintainer = (await api('GET', `/people/${member.user.id}`, maintainer)).json();
    expect(forMaintainer.ideas.map((i: { title: string }) => i.title)).toContain(removed.title);

    for (const client of [
      new PageClient(hub),
      await signedInClient(hub, other),
      await signedInClient(hub, member),
    ]) {
      const page = await client.get(`/people/${member.user.id}`);
      expect(page.statusCode).toBe(200);
      expect(page.body).toContain('Mia Member');
      expect(page.body).toContain('MM');
      expect(page.body).toContain(kept.title);
      expect(page.body).not.toContain(member.user.email);
      expect(page.body).not.toContain(removed.title);
    }
    expect((await api('GET', '/people/no-such-person', null)).statusCode).toBe(404);
    expect((await hub.server.inject({ method: 'GET', url: '/people/no-such-person' })).statusCode).toBe(404);

    // The idea page links the proposer's name to their profile.
    const ideaPage = await hub.server.inject({ method: 'GET', url: `/ideas/${kept.slug}` });
    expect(ideaPage.body).toContain(`href="/people/${member.user.id}"`);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PageClient } from './support/client.js';
import { buildUser, planningSeries, signedInClient, type TestUser } from './support/factories.js';
import { ENGINES, type Hub, startHub } from './support/hub.js';

/** Sunday 29 Nov 2026, 11:00 in Berlin: the planning series meets next on Monday 30 Nov. */
const NOW = new Date('2026-11-29T10:00:00Z');
const NEXT = '2026-11-30';
/** The meeting after: the one called off. */
const LATER = '2026-12-14';

/**
 * A group's leads run their group's meetings and ideas from the pages, as maintainers do: they
 * see the forms, and the forms work. Of another group's or of no group they see none, and a
 * form sent there anyway is refused with nothing stored.
 */
describe.each(ENGINES)('a group’s leads on the pages on %s', (engine) => {
  let hub: Hub;
  let maintainer: TestUser;
  let lead: TestUser;
  let member: TestUser;
  let browser: PageClient;
  /** Series of the lead's group, of another group and of none; ideas of the first two (slugs). */
  const made = { a: '', b: '', none: '', ideaA: '', ideaB: '' };

  beforeAll(async () => {
    hub = await startHub(engine, { now: () => NOW });
    const admin = await buildUser(hub, { role: 'admin' });
    maintainer = await buildUser(hub, { role: 'maintainer' });
    lead = await buildUser(hub, { name: 'Lea Lead' });
    const otherLead = await buildUser(hub, { name: 'Bo Lead' });
    member = await buildUser(hub, { name: 'Mia Member' });
    for (const [slug, who] of [
      ['sig-a', lead],
      ['sig-b', otherLead],
    ] as const)
      await hub.app.groups.create(admin.actor, {
        slug,
        name: slug.toUpperCase(),
        members: [who.user.handle],
        leads: [who.user.handle],
      });
    for (const [key, group] of [
      ['a', 'sig-a'],
      ['b', 'sig-b'],
      ['none', null],
    ] as const) {
      const series = await planningSeries(hub, maintainer, `Meeting ${key}`);
      if (group) await hub.app.groups.assign(maintainer.actor, 'series', series.slug, group);
      made[key] = series.slug;
      // Two accepted topics: the second can move up.
      for (const title of ['First', 'Second'])
        await hub.app.agenda.propose(maintainer.actor, series.slug, NEXT, { title: `${title} of ${key}` });
    }
    for (const [key, group] of [
      ['ideaA', 'sig-a'],
      ['ideaB', 'sig-b'],
    ] as const) {
      const idea = await hub.app.ideas.propose(member.actor, { title: `Idea of ${group}` });
      await hub.app.ideas.changeStatus(maintainer.actor, idea.id, 1, 'backlog', null);
      await hub.app.groups.assign(maintainer.actor, 'idea', idea.id, group);
      made[key] = idea.slug;
    }
    browser = await signedInClient(hub, lead);
  });
  afterAll(() => hub.close());

  const base = (slug: string, date = NEXT) => `/meetings/${slug}/${date}`;
  const page = async (path: string) => {
    const res = await browser.get(path);
    expect(res.statusCode, path).toBe(200);
    return res.body;
  };
  const topicsOf = async (slug: string) => (await hub.app.agenda.forOccurrence(slug, NEXT)).topics;
  const minutesOf = async (slug: string) => {
    const series = await hub.store.read.series.findBySlug(slug);
    return hub.store.read.minutes.find(series?.id ?? '', NEXT);
  };
  /** Posts a form from the page it is on (its CSRF token), as a browser does. */
  const send = async (from: string, action: string, fields: Record<string, string> = {}) => {
    await page(from);
    return browser.post(action, fields);
  };

  it('shows the tools of a meeting ahead for their group only', async () => {
    const before = [
      'start',
      'cancel',
      'move',
      'agenda-ready',
      'note-taker',
    ] as const satisfies readonly string[];
    const mine = await page(base(made.a));
    for (const form of before) expect(mine, form).toContain(`action="${base(made.a)}/${form}"`);
    const [, second] = await topicsOf(made.a);
    expect(mine).toContain(`action="/topics/${second?.id}/move"`);
    expect(mine).toContain(`action="/topics/${second?.id}/minutes"`);
    expect(mine).toContain('agenda-drag.js');
    for (const slug of [made.b, made.none]) {
      const theirs = await page(base(slug));
      for (const form of before) expect(theirs, `${slug} ${form}`).not.toContain(`${base(slug)}/${form}"`);
      expect(theirs).not.toContain('/move"');
      expect(theirs).not.toContain('agenda-drag.js');
    }
  });

  it('arranges their group’s agenda and sends it out through the forms; elsewhere 403 and nothing stored', async () => {
    for (const slug of [made.b, made.none]) {
      const [, second] = await topicsOf(slug);
      const moved = await send(base(slug), `/topics/${second?.id}/move`, {
        version: String(second?.version),
        direction: 'up',
      });
      expect(moved.statusCode, slug).toBe(403);
      expect((await topicsOf(slug))[1]?.id).toBe(second?.id);
      expect((await send(base(slug), `${base(slug)}/agenda-ready`)).statusCode).toBe(403);
      const series = await hub.store.read.series.findBySlug(slug);
      expect(await hub.app.reminders.agendaSentAt(series?.id ?? '', NEXT)).toBeNull();
    }
    const [first, second] = await topicsOf(made.a);
    const moved = await send(base(made.a), `/topics/${second?.id}/move`, {
      version: String(second?.version),
      direction: 'up',
      next: base(made.a),
    });
    expect(moved.statusCode, moved.body).toBe(303);
    expect((await topicsOf(made.a)).map((t) => t.id)).toEqual([second?.id, first?.id]);
    expect((await send(base(made.a), `${base(made.a)}/agenda-ready`)).statusCode).toBe(303);
    expect(await page(base(made.a))).not.toContain(`${base(made.a)}/agenda-ready"`);
  });

  it('calls off a meeting of their group from its page, and no other', async () => {
    for (const slug of [made.b, made.none]) {
      const refused = await send(base(slug, LATER), `${base(slug, LATER)}/cancel`, { reason: 'Holidays' });
      expect(refused.statusCode, slug).toBe(403);
      expect((await hub.app.meetings.occurrence(slug, LATER)).occurrence.status).toBe('scheduled');
    }
    const done = await send(base(made.a, LATER), `${base(made.a, LATER)}/cancel`, { reason: 'Holidays' });
    expect(done.statusCode, done.body).toBe(303);
    expect((await hub.app.meetings.occurrence(made.a, LATER)).occurrence.status).toBe('cancelled');
  });

  it('starts their group’s meeting, records a decision and publishes the minutes through the forms', async () => {
    for (const slug of [made.b, made.none]) {
      expect((await send(base(slug), `${base(slug)}/start`)).statusCode, slug).toBe(403);
      expect(await minutesOf(slug)).toBeUndefined();
    }
    expect((await send(base(made.a), `${base(made.a)}/start`)).statusCode).toBe(303);
    const during = await page(base(made.a));
    for (const form of ['decisions', 'actions', 'minutes'])
      expect(during, form).toContain(`action="${base(made.a)}/${form}"`);
    const decided = await browser.post(`${base(made.a)}/decisions`, { text: 'We ship in January' });
    expect(decided.statusCode, decided.body).toBe(303);
    const saved = await browser.post(`${base(made.a)}/minutes`, { version: '0', text: 'Notes of A' });
    expect(saved.statusCode, saved.body).toBe(303);
    const draft = await page(base(made.a));
    expect(draft).toContain('Notes of A');
    expect(draft).toContain(`action="${base(made.a)}/minutes/publish"`);
    const published = await browser.post(`${base(made.a)}/minutes/publish`, { version: '1' });
    expect(published.statusCode, published.body).toBe(303);
    expect((await minutesOf(made.a))?.status).toBe('published');
    const view = await hub.app.minutes.forOccurrence(maintainer.actor, made.a, NEXT);
    expect(view.decisions.map((d) => d.text)).toEqual(['We ship in January']);
  });

  it('sees the drafts of another group’s meeting as a member does, without its forms, and is refused there', async () => {
    const slug = made.b;
    await hub.app.minutes.start(maintainer.actor, slug, NEXT);
    await hub.app.minutes.save(maintainer.actor, slug, NEXT, 0, { body: 'Secret draft of B' });
    const theirs = await page(base(slug));
    expect(theirs).not.toContain('Secret draft of B');
    for (const form of ['decisions', 'minutes', 'minutes/publish'])
      expect(theirs, form).not.toContain(`action="${base(slug)}/${form}"`);
    expect((await send(base(slug), `${base(slug)}/decisions`, { text: 'Not ours' })).statusCode).toBe(403);
    expect((await send(base(slug), `${base(slug)}/minutes/publish`, { version: '1' })).statusCode).toBe(403);
    expect((await minutesOf(slug))?.status).toBe('draft');
    const view = await hub.app.minutes.forOccurrence(maintainer.actor, slug, NEXT);
    expect(view.decisions).toEqual([]);
  });

  it('ticks off the action items of their group’s meetings only', async () => {
    const [ours, theirs] = await Promise.all(
      [made.a, made.b].map((slug) =>
        hub.app.minutes.addActionItem(maintainer.actor, slug, NEXT, { text: `Action of ${slug}` }),
      ),
    );
    expect(await page(base(made.b))).not.toContain(`/actions/${theirs?.id}/done`);
    const refused = await send(base(made.b), `/actions/${theirs?.id}/done`, { version: '1', done: 'true' });
    expect(refused.statusCode).toBe(403);
    expect((await hub.store.read.minutes.findActionItem(theirs?.id ?? ''))?.done).toBeFalsy();
    expect(await page(base(made.a))).toContain(`action="/actions/${ours?.id}/done"`);
    const done = await browser.post(`/actions/${ours?.id}/done`, { version: '1', done: 'true' });
    expect(done.statusCode, done.body).toBe(303);
    expect((await hub.store.read.minutes.findActionItem(ours?.id ?? ''))?.done).toBeTruthy();
  });

  it('edits and moves an idea of their group from its page, and not another group’s', async () => {
    const mine = await page(`/ideas/${made.ideaA}`);
    expect(mine).toContain(`action="/ideas/${made.ideaA}/status"`);
    expect(mine).toContain(`href="/ideas/${made.ideaA}/edit"`);
    const theirs = await page(`/ideas/${made.ideaB}`);
    expect(theirs).not.toContain(`/ideas/${made.ideaB}/status"`);
    expect(theirs).not.toContain(`/ideas/${made.ideaB}/edit"`);
    expect((await browser.get(`/ideas/${made.ideaB}/edit`)).statusCode).toBe(403);
    const refused = await send(`/ideas/${made.ideaB}`, `/ideas/${made.ideaB}/status`, {
      version: '2',
      status: 'roadmap',
      reason: 'Agreed',
    });
    expect(refused.statusCode).toBe(403);
    expect((await hub.app.ideas.get(made.ideaB, maintainer.actor)).idea.status).toBe('backlog');

    const moved = await send(`/ideas/${made.ideaA}`, `/ideas/${made.ideaA}/status`, {
      version: '2',
      status: 'roadmap',
      reason: 'Agreed',
    });
    expect(moved.statusCode, moved.body).toBe(303);
    const form = await page(`/ideas/${made.ideaA}/edit`);
    expect(form).toContain('name="title"');
    const edited = await browser.post(`/ideas/${made.ideaA}/edit`, {
      version: '3',
      title: 'Idea of A, sharper',
    });
    expect(edited.statusCode, edited.body).toBe(303);
    const { idea } = await hub.app.ideas.get(made.ideaA, maintainer.actor);
    expect([idea.status, idea.title]).toEqual(['roadmap', 'Idea of A, sharper']);
  });

  it('adds a meeting to their group’s series from its page, and not to another', async () => {
    const extra = { date: '2026-12-03', startTime: '15:00', durationMinutes: '30' };
    expect(await page(`/meetings/${made.a}`)).toContain(`action="/meetings/${made.a}/extra"`);
    expect(await page(`/meetings/${made.b}`)).not.toContain(`/meetings/${made.b}/extra"`);
    expect((await send(`/meetings/${made.b}`, `/meetings/${made.b}/extra`, extra)).statusCode).toBe(403);
    await expect(hub.app.meetings.occurrence(made.b, '2026-12-03')).rejects.toThrow();
    const added = await send(`/meetings/${made.a}`, `/meetings/${made.a}/extra`, extra);
    expect(added.statusCode, added.body).toBe(303);
    expect((await hub.app.meetings.occurrence(made.a, '2026-12-03')).occurrence.key).toBe('2026-12-03');
  });

  it('finds the draft minutes and decisions of their group’s meetings in search, not another group’s', async () => {
    await hub.app.minutes.start(maintainer.actor, made.none, NEXT);
    await hub.app.minutes.save(maintainer.actor, made.none, NEXT, 0, { body: 'Quokkaplan of nobody' });
    const a = await planningSeries(hub, maintainer, 'Second of A');
    await hub.app.groups.assign(maintainer.actor, 'series', a.slug, 'sig-a');
    await hub.app.minutes.start(maintainer.actor, a.slug, NEXT);
    await hub.app.minutes.save(maintainer.actor, a.slug, NEXT, 0, { body: 'Quokkaplan of ours' });
    await hub.app.minutes.decide(maintainer.actor, a.slug, NEXT, { text: 'Quokkadecision of ours' });
    await hub.app.minutes.decide(maintainer.actor, made.none, NEXT, { text: 'Quokkadecision of nobody' });
    const found = async (q: string) =>
      (await hub.app.search.search(lead.actor, { q, limit: 10 })).items.map((h) =>
        h.excerpt.map((p) => p.text).join(''),
      );
    expect(await found('Quokkaplan')).toEqual(['Quokkaplan of ours']);
    expect(await found('Quokkadecision')).toEqual(['Quokkadecision of ours']);
    const asMember = await hub.app.search.search(member.actor, { q: 'Quokkaplan', limit: 10 });
    expect(asMember.items).toEqual([]);
  });
});

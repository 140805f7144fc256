import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PageClient } from './support/client.js';
import { buildUser, planningSeries, signedInClient, type TestUser } from './support/factories.js';
import { ENGINES, type Hub, startHub } from './support/hub.js';

/** Sunday 29 Nov 2026, 11:00 in Berlin; the series meets Mon 30 Nov, then 14 Dec, then 28 Dec. */
let clock = new Date('2026-11-29T10:00:00Z');
const NEXT = '2026-11-30';
const AFTER = '2026-12-14';

describe.each(ENGINES)('nominating ideas for the next meeting on %s', (engine) => {
  let hub: Hub;
  let admin: TestUser;
  let maintainer: TestUser;
  let member: TestUser;

  beforeAll(async () => {
    hub = await startHub(engine, { now: () => clock });
    [admin, maintainer, member] = await Promise.all([
      buildUser(hub, { role: 'admin' }),
      buildUser(hub, { role: 'maintainer' }),
      buildUser(hub),
    ]);
    await planningSeries(hub, maintainer);
  });
  afterAll(() => hub.close());

  const backlogIdea = (title: string) =>
    hub.app.ideas.propose(maintainer.actor, { title, status: 'backlog' });
  const topicsAbout = async (key: string, ideaId: string) =>
    (await hub.app.agenda.forOccurrence('planning-meeting', key)).topics.filter((t) => t.ideaId === ideaId);
  const nominateApi = (who: TestUser, idea: string, body: object = {}) =>
    hub.server.inject({
      method: 'POST',
      url: `/api/v1/ideas/${idea}/nominations`,
      headers: who.auth,
      payload: body,
    });

  it('a maintainer puts an idea on the next agenda from its page; it stands there accepted', async () => {
    const idea = await backlogIdea('Plugin marketplace');
    const browser = await signedInClient(hub, maintainer);
    const page = await browser.get(`/ideas/${idea.slug}`);
    expect(page.body).toContain('Nominate for the next meeting');
    const res = await browser.post(`/ideas/${idea.slug}/nominate`, { series: 'planning-meeting' });
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toMatch(
      new RegExp(`^/meetings/planning-meeting/${NEXT}\\?notice=nominate\\.done#topic-`, 'u'),
    );
    expect(await topicsAbout(NEXT, idea.id)).toMatchObject([
      { title: 'Plugin marketplace', status: 'accepted', minutes: 5, proposerId: maintainer.user.id },
    ]);
    expect((await hub.server.inject({ url: `/ideas/${idea.slug}` })).body).toContain('In planning meetings');

    // Once is enough: a second nomination for the same meeting is refused and adds nothing.
    await browser.get(`/ideas/${idea.slug}`);
    const again = await browser.post(`/ideas/${idea.slug}/nominate`, { series: 'planning-meeting' });
    expect(again.statusCode).toBe(422);
    expect(again.body).toContain('This idea is already on the agenda of the meeting on 2026-11-30.');
    expect(await topicsAbout(NEXT, idea.id)).toHaveLength(1);
  });

  it('skips a cancelled meeting and one that has begun', async () => {
    const idea = await backlogIdea('Translations workflow');
    await hub.app.meetings.cancel(maintainer.actor, 'planning-meeting', AFTER, 'Holidays');
    clock = new Date('2026-11-30T13:10:00Z'); // 14:10 in Berlin: the meeting of 30 Nov is running
    const res = await nominateApi(maintainer, idea.slug);
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ occurrence: '2026-12-28', status: 'accepted', ideaId: idea.id });
    await hub.app.meetings.restore(maintainer.actor, 'planning-meeting', AFTER);
    clock = new Date('2026-11-29T10:00:00Z');
  });

  it('members nominate only when an admin allows it', async () => {
    const idea = await backlogIdea('Accessibility audit');
    const browser = await signedInClient(hub, member);
    expect((await browser.get(`/ideas/${idea.slug}`)).body).not.toContain('Nominate for the next meeting');
    expect(
      (await browser.post(`/ideas/${idea.slug}/nominate`, { series: 'planning-meeting' })).statusCode,
    ).toBe(403);
    expect((await nominateApi(member, idea.slug)).statusCode).toBe(403);
    // Without the form's token, and not allowed anyway: the page still says why.
    const tokenless = await browser.post(`/ideas/${idea.slug}/nominate`, {
      series: 'planning-meeting',
      _csrf: '',
    });
    expect(tokenless.statusCode).toBe(403);
    expect(tokenless.body).toMatch(/role="alert"/u);
    expect(await topicsAbout(NEXT, idea.id)).toEqual([]);

    const adminBrowser = await signedInClient(hub, admin);
    await adminBrowser.get('/admin');
    expect((await adminBrowser.post('/admin/nominations', { nominations: 'members' })).statusCode).toBe(303);
    expect((await browser.get(`/ideas/${idea.slug}`)).body).toContain('Nominate for the next meeting');
    expect((await nominateApi(member, idea.slug)).statusCode).toBe(201);
    expect(await topicsAbout(NEXT, idea.id)).toHaveLength(1);
    await hub.app.settings.setNominationMode(admin.actor, 'maintainers');
  });

  it('both doors (form and API) answer alike for every role, for ideas and for cards, in both modes', async () => {
    type Door = 'form' | 'api';
    const people: [string, TestUser | null][] = [
      ['anonymous', null],
      ['member', member],
      ['maintainer', maintainer],
      ['admin', admin],
    ];
    const outcomes: string[] = [];
    for (const mode of ['maintainers', 'members'] as const) {
      await hub.app.settings.setNominationMode(admin.actor, mode);
      for (const subject of ['idea', 'item'] as const) {
        for (const [role, who] of people) {
          const results: Record<Door, number> = { form: 0, api: 0 };
          for (const door of ['form', 'api'] as const) {
            // Something new each time, so a refusal is never the duplicate rule.
            const title = `Door ${mode} ${subject} ${role} ${door}`;
            const ref =
              subject === 'idea'
                ? (await backlogIdea(title)).slug
                : (await hub.app.board.addItem(maintainer.actor, 'default', { title })).id;
            const plural = subject === 'idea' ? 'ideas' : 'items';
            if (door === 'api') {
              results.api = (
                await hub.server.inject({
                  method: 'POST',
                  url: `/api/v1/${plural}/${ref}/nominations`,
                  headers: who ? who.auth : {},
                  payload: { series: 'planning-meeting' },
                })
              ).statusCode;
            } else {
              const browser = who ? await signedInClient(hub, who) : new PageClient(hub);
              await browser.get(subject === 'idea' ? `/ideas/${ref}` : '/board');
              results.form = (
                await browser.post(`/${plural}/${ref}/nominate`, { series: 'planning-meeting' })
              ).statusCode;
            }
          }
          const allowed = (s: number) => s === 201 || s === 303;
          outcomes.push(
            `${mode} ${subject} ${role}: form ${allowed(results.form) ? 'yes' : results.form} api ${allowed(results.api) ? 'yes' : results.api}`,
          );
        }
      }
    }
    await hub.app.settings.setNominationMode(admin.actor, 'maintainers');
    // Ideas: maintainers always, members when an admin allows it. Cards: maintainers only.
    expect(outcomes).toEqual([
      'maintainers idea anonymous: form 401 api 401',
      'maintainers idea member: form 403 api 403',
      'maintainers idea maintainer: form yes api yes',
      'maintainers idea admin: form yes api yes',
      'maintainers item anonymous: form 401 api 401',
      'maintainers item member: form 403 api 403',
      'maintainers item maintainer: form yes api yes',
      'maintainers item admin: form yes api yes',
      'members idea anonymous: form 401 api 401',
      'members idea member: form yes api yes',
      'members idea maintainer: form yes api yes',
      'members idea admin: form yes api yes',
      'members item anonymous: form 401 api 401',
      'members item member: form 403 api 403',
      'members item maintainer: form yes api yes',
      'members item admin: form yes api yes',
    ]);
  });

  it('a card of the board is nominated with its links and idea, once', async () => {
    const idea = await backlogIdea('Release notes');
    const card = await hub.app.board.addItem(maintainer.actor, 'default', {
      title: 'Write the 1.0 release notes',
      links: [{ label: 'PR', url: 'https://github.com/acme/app/pull/42' }],
      idea: idea.slug,
    });
    // The idea's page lists the card, with how many of its cards are done.
    const ideaPage = (await hub.server.inject({ url: `/ideas/${idea.slug}` })).body;
    expect(ideaPage).toContain('On the board (0 of 1 done)');
    expect(ideaPage).toContain(`#item-${card.id}">Write the 1.0 release notes</a>`);
    const browser = await signedInClient(hub, maintainer);
    const edit = await browser.get(`/items/${card.id}/edit`);
    expect(edit.body).toContain('Puts this card on the agenda of the next meeting');
    const res = await browser.post(`/items/${card.id}/nominate`, { series: 'planning-meeting' });
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toMatch(
      new RegExp(`^/meetings/planning-meeting/${NEXT}\\?notice=nominate\\.done#topic-`, 'u'),
    );
    expect(await topicsAbout(NEXT, idea.id)).toMatchObject([
      {
        title: 'Write the 1.0 release notes',
        status: 'accepted',
        links: [{ label: 'PR', url: 'https://github.com/acme/app/pull/42' }],
      },
    ]);
    const again = await hub.server.inject({
      method: 'POST',
      url: `/api/v1/items/${card.id}/nominations`,
      headers: maintainer.auth,
      payload: { series: 'planning-meeting' },
    });
    expect(again.statusCode).toBe(422);
    expect(await topicsAbout(NEXT, idea.id)).toHaveLength(1);
    const missing = await hub.server.inject({
      method: 'POST',
      url: '/api/v1/items/no-such-item/nominations',
      headers: maintainer.auth,
      payload: {},
    });
    expect(missing.statusCode).toBe(404);
  });

  it('refuses a removed idea, a missing idea, a missing series, and anonymous readers', async () => {
    const idea = await backlogIdea('Old plan');
    await hub.app.ideas.changeStatus(maintainer.actor, idea.id, 1, 'removed', 'Superseded');
    const removed = await nominateApi(maintainer, idea.slug);
    expect(removed.statusCode).toBe(422);
    expect(removed.json().detail).toContain('A removed idea cannot be nominated');
    expect((await nominateApi(maintainer, 'no-such-idea')).statusCode).toBe(404);
    const live = await backlogIdea('Live idea');
    expect((await nominateApi(maintainer, live.slug, { series: 'no-such-series' })).statusCode).toBe(404);
    expect(
      (
        await hub.server.inject({
          method: 'POST',
          url: `/api/v1/ideas/${live.slug}/nominations`,
          payload: {},
        })
      ).statusCode,
    ).toBe(401);
    // With two series the series must be named.
    await hub.app.meetings.create(maintainer.actor, {
      title: 'Release sync',
      weekday: 3,
      startTime: '10:00',
      durationMinutes: 30,
      timeZone: 'Europe/Berlin',
      weekRule: 'every',
      startDate: '2026-11-01',
    });
    const unnamed = await nominateApi(maintainer, live.slug);
    expect(unnamed.statusCode).toBe(400);
    expect(unnamed.json().errors).toMatchObject([{ field: 'series' }]);
    expect((await hub.app.agenda.forIdea(live.id)).length).toBe(0);
  });
});

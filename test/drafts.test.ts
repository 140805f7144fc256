import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PageClient } from './support/client.js';
import { buildUser, planningSeries, signedInClient, type TestUser } from './support/factories.js';
import { ENGINES, type Hub, startHub } from './support/hub.js';

/**
 * Nothing of unpublished minutes reaches anyone but the people writing them: not the notes,
 * the decisions, the action items, who attended or who took the notes, and not the status change
 * a decision makes to an idea. Publishing brings it all out at once.
 */

/** Mon 30 Nov 2026, 15:00 in Berlin: the day's meeting (14:00–14:30) is over. */
const NOW = new Date('2026-11-30T14:00:00Z');
const MEETING = '2026-11-30';
const SERIES = 'planning-meeting';
const SECRET = 'Zq7draftmarker';

describe.each(ENGINES)('unpublished minutes stay private on %s', (engine) => {
  let hub: Hub;
  let maintainer: TestUser;
  let member: TestUser;
  let noteTaker: TestUser;
  let ideaSlug = '';
  let ideaTitle = '';

  beforeAll(async () => {
    hub = await startHub(engine, { now: () => NOW });
    [maintainer, member, noteTaker] = await Promise.all([
      buildUser(hub, { role: 'maintainer' }),
      buildUser(hub),
      buildUser(hub, { name: `Note ${SECRET} Taker` }),
    ]);
    await planningSeries(hub, maintainer);
    ideaTitle = 'Public demo playground';
    ideaSlug = (await hub.app.ideas.propose(maintainer.actor, { title: ideaTitle, status: 'backlog' })).slug;

    // A draft that holds the marker in every part it has.
    await hub.app.minutes.setNoteTaker(maintainer.actor, SERIES, MEETING, noteTaker.user.email);
    await hub.app.minutes.save(maintainer.actor, SERIES, MEETING, 1, {
      body: `Notes ${SECRET}-body`,
      attendeeCount: 5,
      attendeeNames: `Ada ${SECRET}-names`,
    });
    await hub.app.minutes.decide(maintainer.actor, SERIES, MEETING, {
      text: `Decision ${SECRET}-decision`,
      idea: ideaSlug,
      status: 'roadmap',
      reason: `Reason ${SECRET}-reason`,
    });
    await hub.app.minutes.addActionItem(maintainer.actor, SERIES, MEETING, {
      text: `Action ${SECRET}-action`,
      assignee: 'Mia',
    });
  });
  afterAll(() => hub.close());

  /** Everything a reader can fetch that could show minutes, a decision or the idea it moves. */
  const urls = () => [
    '/',
    `/ideas/${ideaSlug}`,
    `/api/v1/ideas/${ideaSlug}`,
    '/api/v1/ideas',
    '/api/v1/ideas?status=roadmap',
    '/backlog',
    '/backlog?status=roadmap',
    '/roadmap',
    `/meetings/${SERIES}`,
    `/meetings/${SERIES}/${MEETING}`,
    `/meetings/${SERIES}/${MEETING}.ics`,
    `/meetings/${SERIES}.ics`,
    `/api/v1/series/${SERIES}/occurrences/${MEETING}/minutes`,
    `/api/v1/series/${SERIES}/occurrences/${MEETING}/agenda`,
    `/meetings/${SERIES}/${MEETING}/minutes.md`,
    `/meetings/${SERIES}/minutes.atom`,
    '/docs/planning.md',
    '/docs/planning.md?include=roadmap',
  ];

  const readers = (): [string, () => Promise<PageClient>][] => [
    ['anonymous', async () => new PageClient(hub)],
    ['a member', () => signedInClient(hub, member)],
  ];

  it('shows nothing of the draft to anonymous readers or members, anywhere', async () => {
    for (const [who, client] of readers()) {
      const browser = await client();
      for (const url of urls()) {
        const res = await browser.get(url);
        expect(res.statusCode, `${who} ${url}`).toBeLessThan(500);
        expect(res.body, `${who} ${url}`).not.toContain(SECRET);
      }
    }
  });

  it('leaves the idea as it was until the minutes are published', async () => {
    const { idea, history } = await hub.app.ideas.get(ideaSlug);
    expect(idea.status).toBe('backlog');
    expect(idea.statusReason).toBeNull();
    expect(history.map((h) => h.toStatus)).toEqual(['backlog']);
    const roadmap = await hub.server.inject({ url: '/api/v1/ideas?status=roadmap' });
    expect(roadmap.json().items).toEqual([]);
    const page = (await new PageClient(hub).get('/roadmap')).body;
    expect(page).not.toContain(ideaTitle);
  });

  it('shows maintainers the pending decision in the draft, marked as waiting for publication', async () => {
    const browser = await signedInClient(hub, maintainer);
    const page = (await browser.get(`/meetings/${SERIES}/${MEETING}`)).body;
    expect(page).toContain(`Decision ${SECRET}-decision`);
    expect(page).toContain('it moves the idea when these minutes are published');
  });

  it('brings everything out when the minutes are published', async () => {
    const draft = await hub.app.minutes.forOccurrence(maintainer.actor, SERIES, MEETING);
    await hub.app.minutes.publish(maintainer.actor, SERIES, MEETING, draft.minutes?.version ?? 0);

    const { idea, history } = await hub.app.ideas.get(ideaSlug);
    expect(idea.status).toBe('roadmap');
    expect(idea.statusReason).toBe(`Reason ${SECRET}-reason`);
    expect(history.at(-1)).toMatchObject({
      toStatus: 'roadmap',
      reason: `Reason ${SECRET}-reason`,
      meeting: `${SERIES}/${MEETING}`,
    });

    const anonymous = new PageClient(hub);
    const body = `${SECRET}-body`;
    const names = `${SECRET}-names`;
    const decision = `${SECRET}-decision`;
    const action = `${SECRET}-action`;
    const reason = `${SECRET}-reason`;
    const expected: [string, string[]][] = [
      [`/ideas/${ideaSlug}`, [reason, decision]],
      [`/api/v1/ideas/${ideaSlug}`, [reason]],
      [`/meetings/${SERIES}/${MEETING}`, [body, names, decision, action, `Note ${SECRET} Taker`]],
      [`/api/v1/series/${SERIES}/occurrences/${MEETING}/minutes`, [body, decision, action]],
      [`/meetings/${SERIES}/${MEETING}/minutes.md`, [body, names, decision, action]],
      [`/meetings/${SERIES}/minutes.atom`, [body, decision]],
    ];
    for (const [url, parts] of expected) {
      const res = await anonymous.get(url);
      expect(res.statusCode, url).toBe(200);
      for (const part of parts) expect(res.body, `${url}: ${part}`).toContain(part);
    }
    expect((await anonymous.get('/roadmap')).body).toContain(ideaTitle);
    expect((await anonymous.get('/docs/planning.md?include=roadmap')).body).toContain(ideaTitle);
    // Published, the decision no longer waits.
    const maintainerPage = (
      await (await signedInClient(hub, maintainer)).get(`/meetings/${SERIES}/${MEETING}`)
    ).body;
    expect(maintainerPage).not.toContain('it moves the idea when these minutes are published');
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildUser, planningSeries, type TestUser } from './support/factories.js';
import { ENGINES, type Hub, startHub } from './support/hub.js';

/** Sunday 29 Nov 2026; the reference series meets next on Mon 30 Nov. */
const NOW = () => new Date('2026-11-29T10:00:00Z');
const NEXT = '2026-11-30';

describe.each(ENGINES)('comment counts on the agenda on %s', (engine) => {
  let hub: Hub;
  let maintainer: TestUser;
  let member: TestUser;

  beforeAll(async () => {
    hub = await startHub(engine, { now: NOW });
    [maintainer, member] = await Promise.all([buildUser(hub, { role: 'maintainer' }), buildUser(hub)]);
    await planningSeries(hub, maintainer);
  });
  afterAll(() => hub.close());

  const link = (html: string, topicId: string) =>
    new RegExp(`<a href="/topics/${topicId}/comments"[^>]*>([^<]*)</a>`, 'u').exec(html)?.[1];

  it('shows beside each topic how many comments everyone sees, hidden ones left out', async () => {
    const talked = await hub.app.agenda.propose(maintainer.actor, 'planning-meeting', NEXT, {
      title: 'Talked',
    });
    const once = await hub.app.agenda.propose(member.actor, 'planning-meeting', NEXT, { title: 'Once' });
    const quiet = await hub.app.agenda.propose(maintainer.actor, 'planning-meeting', NEXT, {
      title: 'Quiet',
    });
    for (const body of ['One', 'Two', 'Three'])
      await hub.app.comments.create(member.actor, 'topic', talked.id, { body }, 'test');
    const hidden = await hub.app.comments.create(member.actor, 'topic', once.id, { body: 'Rude' }, 'test');
    await hub.app.comments.create(member.actor, 'topic', once.id, { body: 'Kind' }, 'test');
    await hub.app.comments.hide(maintainer.actor, hidden.id, hidden.version, 'Rude');

    const page = await hub.server.inject({ url: `/meetings/planning-meeting/${NEXT}` });
    expect(page.statusCode).toBe(200);
    expect(link(page.body, talked.id)).toBe('3 comments');
    expect(link(page.body, once.id)).toBe('1 comment');
    expect(link(page.body, quiet.id)).toBe('Comments');

    const german = await hub.server.inject({
      url: `/meetings/planning-meeting/${NEXT}`,
      headers: { 'accept-language': 'de' },
    });
    expect(link(german.body, talked.id)).toBe('3 Kommentare');
  });
});

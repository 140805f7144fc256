import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type OutboxWorker, smtpTransport, startOutboxWorker } from '../src/mail/worker.js';
import {
  buildIdea,
  buildUser,
  mailableMember,
  planningSeries,
  signedInClient,
  startMeeting,
  type TestUser,
} from './support/factories.js';
import { ENGINES, type Hub, startHub } from './support/hub.js';
import { type Mailbox, startMailbox } from './support/smtp.js';

/**
 * The events that reached webhooks before they reached the inbox: a proposal waiting for triage
 * (to maintainers and admins), an idea's interest reaching a milestone (to its proposer and
 * followers, once per milestone) and an action item ticked off (to its assignee and the
 * followers of its series and idea), each in the inbox and, as chosen, by mail.
 */

/** Sunday 29 Nov 2026: the reference series meets next on Monday 30 Nov. */
const NOW = new Date('2026-11-29T10:00:00Z');

describe.each(ENGINES)('inbox of proposals, interest milestones and done action items on %s', (engine) => {
  let hub: Hub;
  let mailbox: Mailbox;
  let worker: OutboxWorker;
  let admin: TestUser;
  let maya: TestUser;
  let anna: TestUser;
  let carl: TestUser;

  const verified = (who: TestUser, locale: string) =>
    mailableMember(hub, who, { locale, timeZone: 'Europe/Berlin' }, NOW);

  beforeAll(async () => {
    mailbox = await startMailbox();
    hub = await startHub(engine, {
      now: () => NOW,
      baseUrl: 'https://planning.example.org/',
      env: { SMTP_URL: mailbox.url, PLENUM_MAIL_FROM: 'planning@example.org' },
    });
    worker = startOutboxWorker(hub.app, hub.config, smtpTransport(hub.config), { autoStart: false });
    admin = await verified(await buildUser(hub, { role: 'admin', name: 'Ada Admin' }), 'en');
    maya = await verified(await buildUser(hub, { role: 'maintainer', name: 'Maya Maintainer' }), 'de');
    anna = await verified(await buildUser(hub, { name: 'Anna Berg' }), 'en');
    carl = await buildUser(hub, { name: 'Carl Do' });
  });
  afterAll(async () => {
    await worker.stop();
    await hub.close();
    await mailbox.close();
  });
  afterEach(() => mailbox.clear());

  const inbox = async (who: TestUser) => (await hub.app.notifications.list(who.actor, { limit: 100 })).items;
  const ofKind = async (who: TestUser, kind: string) => (await inbox(who)).filter((n) => n.kind === kind);
  /** Members made one after another: the password hashing queue turns away a crowd. */
  const people = async (name: string, n: number) => {
    const made: TestUser[] = [];
    for (let i = 0; i < n; i++) made.push(await buildUser(hub, { name: `${name} ${i}` }));
    return made;
  };
  const drain = async () => {
    while ((await worker.runOnce()) > 0);
  };

  it('tells maintainers and admins of a proposal that waits for triage, by inbox and mail', async () => {
    const idea = await buildIdea(hub, anna, { title: 'Dark mode' });
    for (const who of [admin, maya])
      expect(await ofKind(who, 'idea.proposed')).toMatchObject([
        {
          thread: { type: 'idea', id: idea.id, title: 'Dark mode' },
          path: `/ideas/${idea.slug}`,
          actor: { id: anna.user.id, name: 'Anna Berg' },
        },
      ]);
    expect(await ofKind(anna, 'idea.proposed')).toEqual([]);
    expect(await ofKind(carl, 'idea.proposed')).toEqual([]);
    await drain();
    expect(mailbox.to(admin.user.email).map((m) => m.subject)).toEqual([
      'Anna Berg proposed the idea “Dark mode”; it waits for triage',
    ]);
    const [mail] = mailbox.to(maya.user.email);
    expect(mail?.subject).toBe('Anna Berg hat die Idee „Dark mode“ vorgeschlagen; sie wartet auf Sichtung');
    expect(mail?.text).toContain('weil du neue Ideen sichtest');
    // A maintainer's own idea straight into the backlog waits for no triage.
    await buildIdea(hub, maya, { title: 'Straight in', status: 'backlog' });
    expect(await ofKind(admin, 'idea.proposed')).toHaveLength(1);
  });

  it('tells of a held proposal only once it is published, not to who published it', async () => {
    await hub.app.settings.setHoldFirstPosts(admin.actor, 1);
    try {
      const newcomer = await buildUser(hub, { name: 'Newt' });
      const held = await buildIdea(hub, newcomer, { title: 'Quiet quokka' });
      expect(held.held).toBeDefined();
      const told = async () =>
        (await ofKind(admin, 'idea.proposed')).filter((n) => n.thread.id === held.id).length;
      expect(await told()).toBe(0);
      await hub.app.ideas.approve(maya.actor, held.slug, held.version);
      expect(await told()).toBe(1);
      expect((await ofKind(maya, 'idea.proposed')).some((n) => n.thread.id === held.id)).toBe(false);
    } finally {
      await hub.app.settings.setHoldFirstPosts(admin.actor, 0);
    }
  });

  it('tells the proposer and followers when interest reaches a milestone, once each', async () => {
    const idea = await buildIdea(hub, anna, { title: 'Wanted widely' });
    await hub.app.follows.follow(carl.actor, 'idea', idea.slug);
    const fans = await people('Fan', 11);
    const milestones = async (who: TestUser) =>
      (await ofKind(who, 'idea.interest_milestone')).map((n) => n.data.count);
    for (const fan of fans.slice(0, 4)) await hub.app.interest.add(fan.actor, idea.slug);
    expect(await milestones(anna)).toEqual([]);
    await hub.app.interest.add(fans[4]?.actor ?? anna.actor, idea.slug);
    expect(await milestones(anna)).toEqual(['5']);
    expect(await milestones(carl)).toEqual(['5']);
    // Interest dropping below 5 and rising again tells nobody twice.
    await hub.app.interest.remove(fans[4]?.actor ?? anna.actor, idea.slug);
    await hub.app.interest.add(fans[4]?.actor ?? anna.actor, idea.slug);
    await hub.app.interest.add(fans[5]?.actor ?? anna.actor, idea.slug);
    expect(await milestones(anna)).toEqual(['5']);
    for (const fan of fans.slice(6, 10)) await hub.app.interest.add(fan.actor, idea.slug);
    expect(await milestones(carl)).toEqual(['10', '5']);
    const page = await (await signedInClient(hub, carl)).get('/notifications?lang=de');
    expect(page.body).toContain('10 Mitglieder interessieren sich jetzt für „Wanted widely“');
    await drain();
    const mails = mailbox.to(anna.user.email).map((m) => [m.subject, m.text?.includes('you proposed')]);
    // Both happened at the test's one `now`: the outbox may send them in either order.
    expect(mails.sort()).toEqual([
      ['10 members are now interested in “Wanted widely”', true],
      ['5 members are now interested in “Wanted widely”', true],
    ]);
  });

  it('tells webhooks of each milestone once', async () => {
    const idea = await buildIdea(hub, anna, { title: 'Hooked' });
    await hub.app.webhooks.create(admin.actor, {
      url: 'https://hooks.example.org/plenum',
      events: ['idea.interest_milestone'],
    });
    const fans = await people('Hook', 5);
    for (const fan of fans) await hub.app.interest.add(fan.actor, idea.slug);
    await hub.app.interest.remove(fans[0]?.actor ?? anna.actor, idea.slug);
    await hub.app.interest.add(fans[0]?.actor ?? anna.actor, idea.slug);
    const messages = await hub.testDb.database.db
      .selectFrom('webhook_messages')
      .select('event')
      .where('event_type', '=', 'idea.interest_milestone')
      .execute();
    expect(messages.map((m) => JSON.parse(m.event).data)).toEqual([
      { id: idea.id, slug: idea.slug, title: 'Hooked', count: 5 },
    ]);
  });

  it('tells of an action item ticked off: its assignee, the series’ and the idea’s followers', async () => {
    await planningSeries(hub, maya);
    const idea = await buildIdea(hub, carl, { title: 'Linked work' });
    const seriesFan = await buildUser(hub, { name: 'Sue Series' });
    await hub.app.follows.follow(seriesFan.actor, 'series', 'planning-meeting');
    await startMeeting(hub, maya, 'planning-meeting', '2026-11-30');
    const saved = await hub.app.minutes.save(maya.actor, 'planning-meeting', '2026-11-30', 0, { body: 'N' });
    await hub.app.minutes.publish(maya.actor, 'planning-meeting', '2026-11-30', saved.version);
    const item = await hub.app.minutes.addActionItem(maya.actor, 'planning-meeting', '2026-11-30', {
      text: 'Write the release notes',
      assignee: 'Anna Berg',
      idea: idea.slug,
    });
    await drain();
    mailbox.clear();
    await hub.app.minutes.setActionDone(maya.actor, item.id, item.version, true);
    for (const who of [anna, seriesFan, carl])
      expect(await ofKind(who, 'action_item.done')).toMatchObject([
        {
          thread: { type: 'meeting', title: 'Planning meeting' },
          path: '/meetings/planning-meeting/2026-11-30',
          data: { text: 'Write the release notes', date: '2026-11-30' },
          actor: { name: 'Maya Maintainer' },
        },
      ]);
    expect(await ofKind(maya, 'action_item.done')).toEqual([]);
    const page = await (await signedInClient(hub, seriesFan)).get('/notifications');
    expect(page.body).toContain(
      'Maya Maintainer ticked off an action item of “Planning meeting” on 30 Nov 2026',
    );
    expect(page.body).toContain('Write the release notes');
    await drain();
    const [mail] = mailbox.to(anna.user.email);
    expect(mail?.text).toContain('because the action item was yours');
    expect(mail?.text).toContain('Write the release notes');
  });
});

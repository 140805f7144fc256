import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { REMINDER_JOB, SWEEP_JOB } from '../src/app/reminders.js';
import { type OutboxWorker, smtpTransport, startOutboxWorker } from '../src/mail/worker.js';
import { newId } from '../src/store/ids.js';
import { buildUser, type TestUser } from './support/factories.js';
import { ENGINES, type Hub, startHub } from './support/hub.js';
import { flat, saysTheSame, verifiedUser } from './support/mail-reading.js';
import { type Mailbox, startMailbox } from './support/smtp.js';

/**
 * Meeting reminders through the outbox and real SMTP, with the hub's clock moved by the tests:
 * a biweekly Europe/Berlin series at 14:00 and a reader in America/New_York, across March 2027,
 * when the US has moved its clocks (14 March) and Europe not yet (28 March).
 *
 * The truth, worked out by hand: 14:00 in Berlin is 13:00 UTC while Berlin keeps CET (UTC+1)
 * and 12:00 UTC from 28 March (CEST, UTC+2). New York is UTC-5 (EST) until 14 March and UTC-4
 * (EDT) after. So 14:00 Berlin reads 08:00 in New York on 1 March (13-5), 09:00 on 15 March
 * (13-4) and 08:00 again on 29 March (12-4).
 */

const SERIES = {
  title: 'Planning meeting',
  weekday: 1,
  startTime: '14:00',
  durationMinutes: 30,
  timeZone: 'Europe/Berlin',
  weekRule: 'odd',
  startDate: '2027-01-01',
  platform: 'Microsoft Teams',
  joinUrl: 'https://teams.example.org/l/meetup-join/planning',
};
const SLUG = 'planning-meeting';
const GUEST = 'guest@example.org';

describe.each(ENGINES)('meeting reminders on %s', (engine) => {
  let hub: Hub;
  let mailbox: Mailbox;
  let worker: OutboxWorker;
  let second: OutboxWorker;
  let clock = new Date('2027-02-20T10:00:00Z');
  let mia: TestUser;
  let anna: TestUser;
  let lena: TestUser;

  const at = async (iso: string) => {
    clock = new Date(iso);
    await worker.runOnce();
  };
  const texts = (address: string) => mailbox.to(address).map((m) => flat(m.text ?? ''));
  const subjects = (address: string) => mailbox.to(address).map((m) => m.subject ?? '');

  beforeAll(async () => {
    mailbox = await startMailbox();
    hub = await startHub(engine, {
      now: () => clock,
      baseUrl: 'https://planning.example.org/',
      env: { SMTP_URL: mailbox.url, PLENUM_MAIL_FROM: 'planning@example.org' },
    });
    worker = startOutboxWorker(hub.app, hub.config, smtpTransport(hub.config), { autoStart: false });
    second = startOutboxWorker(hub.app, hub.config, smtpTransport(hub.config), { autoStart: false });
    mia = await buildUser(hub, { name: 'Mia', role: 'maintainer' });
    anna = await verifiedUser(hub, 'Anna Berg', 'en', 'America/New_York', clock);
    lena = await verifiedUser(hub, 'Lena Koch', 'de', 'Europe/Berlin', clock);
    await hub.app.meetings.create(mia.actor, SERIES);
    await hub.app.follows.follow(anna.actor, 'series', SLUG);
    await hub.app.follows.follow(lena.actor, 'series', SLUG);
    const topic = await hub.app.agenda.propose(mia.actor, SLUG, '2027-03-01', {
      title: 'Release 2.0',
      minutes: 20,
    });
    expect(topic.status).toBe('accepted');
    // Invitation subscribers: a guest without an account, and Anna, who follows the series too.
    const { id: seriesId } = (await hub.store.read.series.findBySlug(SLUG)) ?? { id: '' };
    for (const email of [GUEST, anna.user.email])
      await hub.store.transaction((repos) =>
        repos.subscribers.insert({
          id: newId(),
          series_id: seriesId,
          email,
          locale: 'en',
          status: 'confirmed',
          created_at: clock.toISOString(),
          confirmation_sent_at: null,
          confirmed_at: clock.toISOString(),
          unsubscribed_at: null,
          version: 1,
        }),
      );
    // What the setup itself told (the topic accepted) is not a reminder.
    await worker.runOnce();
    mailbox.clear();
  });
  afterAll(async () => {
    await second.stop();
    await worker.stop();
    await hub.close();
    await mailbox.close();
  });
  afterEach(() => mailbox.clear());

  it('sends the agenda 24 h before with both times and the join link, once, from two instances', async () => {
    await at('2027-02-28T12:59:59Z');
    expect(mailbox.messages).toHaveLength(0);
    clock = new Date('2027-02-28T13:00:00Z');
    // Two instances and a sweep run twice by hand: each reminder is still queued and sent once.
    await Promise.all([worker.runOnce(), second.runOnce(), hub.app.reminders.sweep()]);
    await hub.app.reminders.sweep();
    await Promise.all([worker.runOnce(), second.runOnce()]);

    expect(texts(anna.user.email)).toHaveLength(1);
    const [annas] = texts(anna.user.email);
    expect(subjects(anna.user.email)[0]).toBe('The agenda of “Planning meeting” on 1 Mar 2027 is ready');
    expect(annas).toContain('Meeting time: Mon, 1 Mar 2027, 14:00–14:30 CET (Europe/Berlin)');
    expect(annas).toContain('Your time: Mon, 1 Mar 2027, 08:00–08:30 EST (America/New_York)');
    expect(annas).toContain('Join: https://teams.example.org/l/meetup-join/planning');
    expect(annas).toContain('Agenda (20 of 30 min): - Release 2.0 (20 min)');
    saysTheSame(mailbox.to(anna.user.email)[0]);

    const [lenas] = texts(lena.user.email);
    expect(subjects(lena.user.email)).toEqual([
      'Die Tagesordnung von „Planning meeting“ am 1. März 2027 steht',
    ]);
    expect(lenas).toContain('Deine Zeit: Mo., 1. März 2027, 14:00–14:30 CET (Europe/Berlin)');
    expect(lenas).toContain('Link zur Teilnahme: https://teams.example.org/l/meetup-join/planning');
    expect(lenas).toContain('Tagesordnung (20 von 30 Min.): - Release 2.0 (20 Min.)');

    // The guest has no account and no zone: UTC, named; no inbox, one mail with its own unsubscribe.
    const [guests] = texts(GUEST);
    expect(texts(GUEST)).toHaveLength(1);
    expect(guests).toContain('Your time: Mon, 1 Mar 2027, 13:00–13:30 UTC');
    expect(guests).toContain('because you asked for invitations to “Planning meeting”');
    expect(guests).toContain('/meetings/planning-meeting/invitations/unsubscribe?s=');

    const inbox = await hub.app.notifications.list(anna.actor, { limit: 10 });
    expect(inbox.items.filter((n) => n.kind === 'meeting.agenda_ready')).toHaveLength(1);
    expect(await hub.app.notifications.list(mia.actor, { limit: 10 })).toMatchObject({ items: [] });
    expect(await hub.store.read.outbox.countsOf(REMINDER_JOB)).not.toHaveProperty('failed');
  });

  it('says the meeting starts 15 minutes before, once', async () => {
    await at('2027-03-01T12:44:59Z');
    expect(mailbox.messages).toHaveLength(0);
    await at('2027-03-01T12:45:00Z');
    await worker.runOnce();
    expect(subjects(anna.user.email)).toEqual(['“Planning meeting” on 1 Mar 2027 starts in 15 minutes']);
    expect(texts(anna.user.email)[0]).toContain('Your time: Mon, 1 Mar 2027, 08:00–08:30 EST');
    expect(texts(anna.user.email)[0]).toContain('Join: https://teams.example.org/l/meetup-join/planning');
    expect(subjects(lena.user.email)).toEqual(['„Planning meeting“ am 1. März 2027 beginnt in 15 Minuten']);
    expect(texts(GUEST)).toHaveLength(1);
    await at('2027-03-01T13:10:00Z');
    expect(mailbox.messages).toHaveLength(3);
  });

  it('sends an agenda marked ready early once, and not again 24 hours before', async () => {
    clock = new Date('2027-03-01T15:00:00Z');
    expect(await hub.app.reminders.markAgendaReady(mia.actor, SLUG, '2027-03-15')).toMatchObject({
      sent: true,
    });
    await worker.runOnce();
    // Between the changes: the US is on summer time, Europe is not yet.
    expect(texts(anna.user.email)).toHaveLength(1);
    expect(texts(anna.user.email)[0]).toContain(
      'Your time: Mon, 15 Mar 2027, 09:00–09:30 EDT (America/New_York)',
    );
    expect(texts(anna.user.email)[0]).toContain('No topics on the agenda yet.');
    expect(await hub.app.reminders.markAgendaReady(mia.actor, SLUG, '2027-03-15')).toMatchObject({
      sent: false,
    });
    await at('2027-03-14T13:00:00Z');
    expect(subjects(anna.user.email)).toHaveLength(1);
    mailbox.clear();
    await at('2027-03-15T12:45:00Z');
    expect(subjects(anna.user.email)).toEqual(['“Planning meeting” on 15 Mar 2027 starts in 15 minutes']);
    expect(texts(anna.user.email)[0]).toContain('Your time: Mon, 15 Mar 2027, 09:00–09:30 EDT');
  });

  it('reminds at 08:00 New York time again once Europe has changed too', async () => {
    await at('2027-03-28T11:59:59Z');
    expect(mailbox.messages).toHaveLength(0);
    await at('2027-03-28T12:00:00Z');
    const [annas] = texts(anna.user.email);
    expect(annas).toContain('Meeting time: Mon, 29 Mar 2027, 14:00–14:30 CEST (Europe/Berlin)');
    expect(annas).toContain('Your time: Mon, 29 Mar 2027, 08:00–08:30 EDT (America/New_York)');
    await at('2027-03-29T11:45:00Z');
    expect(texts(anna.user.email)[1]).toContain('Your time: Mon, 29 Mar 2027, 08:00–08:30 EDT');
  });

  it('reminds nobody of a cancelled meeting, and a moved one at its new time', async () => {
    clock = new Date('2027-03-29T13:00:00Z');
    await hub.app.meetings.cancel(mia.actor, SLUG, '2027-04-12', 'Easter');
    await hub.app.meetings.move(mia.actor, SLUG, '2027-04-26', {
      date: '2027-04-27',
      startTime: '15:00',
      durationMinutes: 30,
      reason: 'Holiday',
    });
    await worker.runOnce();
    mailbox.clear();
    await at('2027-04-11T12:00:00Z');
    await at('2027-04-12T11:45:00Z');
    await at('2027-04-25T12:00:00Z');
    await at('2027-04-26T11:45:00Z');
    expect(mailbox.messages).toHaveLength(0);
    // 15:00 in Berlin (CEST) is 13:00 UTC, 09:00 in New York (EDT).
    await at('2027-04-26T13:00:00Z');
    expect(subjects(anna.user.email)).toEqual(['The agenda of “Planning meeting” on 26 Apr 2027 is ready']);
    expect(texts(anna.user.email)[0]).toContain('Your time: Tue, 27 Apr 2027, 09:00–09:30 EDT');
    await at('2027-04-27T12:45:00Z');
    expect(subjects(anna.user.email)).toHaveLength(2);
  });

  it('sends nothing when the series turns its reminders off', async () => {
    const series = (await hub.app.meetings.get(SLUG)).series;
    await hub.app.meetings.update(mia.actor, SLUG, series.version, {
      ...SERIES,
      remind24h: false,
      remind15m: false,
    });
    // The subscribers' calendars hear of the change; that is not a reminder.
    await worker.runOnce();
    mailbox.clear();
    await at('2027-05-09T12:00:00Z');
    await at('2027-05-10T11:45:00Z');
    await at('2027-05-10T12:10:00Z');
    expect(mailbox.messages).toHaveLength(0);
  });

  it('keeps one sweep queued and clears the finished ones', async () => {
    // The last one run is kept until the next runs; all before it are gone.
    expect(await hub.store.read.outbox.countsOf(SWEEP_JOB)).toEqual({ pending: 1, done: 1 });
  });

  it('tells the assignee at 09:00 their time the day before an action item is due', async () => {
    clock = new Date('2027-05-10T13:00:00Z');
    await hub.app.minutes.save(mia.actor, SLUG, '2027-05-10', 0, { body: 'Notes' });
    await hub.app.minutes.addActionItem(mia.actor, SLUG, '2027-05-10', {
      text: 'Write the release notes',
      assignee: 'Anna Berg',
      dueDate: '2027-05-20',
    });
    await hub.app.minutes.publish(mia.actor, SLUG, '2027-05-10', 1);
    await worker.runOnce();
    mailbox.clear();
    // 09:00 in New York (EDT) on 19 May is 13:00 UTC.
    await at('2027-05-19T12:59:59Z');
    expect(mailbox.messages).toHaveLength(0);
    await at('2027-05-19T13:00:00Z');
    await worker.runOnce();
    expect(subjects(anna.user.email)).toEqual(['Your action item of “Planning meeting” is due tomorrow']);
    expect(texts(anna.user.email)[0]).toContain('Write the release notes · Due 20 May 2027');
  });
});

import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PageClient } from './support/client.js';
import {
  buildUser,
  PASSWORD,
  planningSeries,
  signedInClient,
  startMeeting,
  type TestUser,
} from './support/factories.js';
import { ENGINES, type Hub, startHub } from './support/hub.js';
import { type Mailbox, startMailbox } from './support/smtp.js';

/**
 * A form that creates something carries a one-time token: sent twice (a double click, a reload
 * of the POST, a flaky connection), the second answer leads to what the first made, and nothing
 * is made twice, also when both arrive at the same moment.
 */

const MEETING = '2026-11-30';

interface CreatingForm {
  name: string;
  /** Who sends it; null for someone not signed in. */
  as: 'maintainer' | 'admin' | 'member' | null;
  /** The page holding the form, and the form's action. */
  page: string;
  action: string;
  /** The form's fields; `n` makes each use unique. */
  fields: (n: number) => Record<string, string>;
  /** The table that gains a row. */
  table: string;
}

const FORMS: CreatingForm[] = [
  {
    name: 'proposing an idea',
    as: 'member',
    page: '/ideas/new',
    action: '/ideas',
    fields: (n) => ({ title: `Idea ${n}`, description: '', tags: '' }),
    table: 'ideas',
  },
  {
    name: 'proposing a topic',
    as: 'member',
    page: `/meetings/planning-meeting/${MEETING}`,
    action: `/meetings/planning-meeting/${MEETING}/topics`,
    fields: (n) => ({ title: `Topic ${n}`, description: '', minutes: '5', idea: '' }),
    table: 'agenda_topics',
  },
  {
    name: 'adding a card to the board',
    as: 'maintainer',
    page: '/board',
    action: '/boards/default/items',
    fields: (n) => ({ title: `Card ${n}`, column: 'todo' }),
    table: 'board_items',
  },
  {
    name: 'adding a column',
    as: 'maintainer',
    page: '/board',
    action: '/boards/default/columns',
    fields: (n) => ({ name: `Column ${n}` }),
    table: 'board_columns',
  },
  {
    name: 'recording a decision',
    as: 'maintainer',
    page: `/meetings/planning-meeting/${MEETING}`,
    action: `/meetings/planning-meeting/${MEETING}/decisions`,
    fields: (n) => ({ text: `Decision ${n}`, ideaId: '', status: '', reason: '', objectionHours: '' }),
    table: 'decisions',
  },
  {
    name: 'adding an action item',
    as: 'maintainer',
    page: `/meetings/planning-meeting/${MEETING}`,
    action: `/meetings/planning-meeting/${MEETING}/actions`,
    fields: (n) => ({ text: `Action ${n}`, assignee: 'Ada', due: '', ideaId: '' }),
    table: 'action_items',
  },
  {
    name: 'adding an extra meeting',
    as: 'maintainer',
    page: '/meetings/planning-meeting',
    action: '/meetings/planning-meeting/extra',
    fields: (n) => ({
      date: `2027-02-${String((n % 28) + 1).padStart(2, '0')}`,
      startTime: '10:00',
      durationMinutes: '30',
      reason: `Extra ${n}`,
    }),
    table: 'occurrence_changes',
  },
  {
    name: 'creating a meeting series',
    as: 'maintainer',
    page: '/meetings/new',
    action: '/meetings/new',
    fields: (n) => ({
      title: `Series ${n}`,
      purpose: '',
      weekday: '2',
      startTime: '10:00',
      durationMinutes: '30',
      timeZone: 'Europe/Berlin',
      weekRule: 'every',
      interval: '1',
      startDate: '2026-12-01',
      endDate: '',
      platform: '',
      joinUrl: '',
      languages: '',
      invitationInfo: '',
      contributeNote: '',
    }),
    table: 'meeting_series',
  },
  {
    name: 'registering',
    as: null,
    page: '/register',
    action: '/register',
    fields: (n) => ({ email: `new-${n}@example.org`, name: `New ${n}`, password: PASSWORD, next: '/' }),
    table: 'users',
  },
  {
    name: 'requesting invitations',
    as: null,
    page: '/meetings/planning-meeting',
    action: '/meetings/planning-meeting/invitations',
    fields: (n) => ({ email: `reader-${n}@example.org` }),
    table: 'outbox',
  },
  {
    name: 'creating an account (admin)',
    as: 'admin',
    page: '/admin',
    action: '/admin/users',
    fields: (n) => ({
      email: `made-${n}@example.org`,
      name: `Made ${n}`,
      role: 'member',
      password: PASSWORD,
    }),
    table: 'users',
  },
  {
    name: 'creating an invitation link (admin)',
    as: 'admin',
    page: '/admin',
    action: '/admin/invitations',
    fields: () => ({ role: 'member' }),
    table: 'invitations',
  },
  {
    name: 'creating an API token',
    as: 'member',
    page: '/profile',
    action: '/profile/tokens',
    fields: (n) => ({ name: `Token ${n}` }),
    table: 'api_tokens',
  },
];

/** The one-time token of the form posting to `action` on a page. */
function onceToken(html: string, action: string): string {
  for (const form of html.matchAll(/<form\b[^>]*>.*?<\/form>/gsu)) {
    if (!form[0].includes(`action="${action}"`)) continue;
    const token = /name="_once" value="([^"]+)"/u.exec(form[0])?.[1];
    if (token) return token;
  }
  throw new Error(`no one-time token in the form to ${action}`);
}

describe.each(ENGINES)('forms sent twice on %s', (engine) => {
  let hub: Hub;
  let mailbox: Mailbox;
  const people: Record<'maintainer' | 'admin' | 'member', TestUser> = {} as never;
  let n = 0;

  beforeAll(async () => {
    // Invitations are offered only where mail can be sent.
    mailbox = await startMailbox();
    hub = await startHub(engine, {
      now: () => new Date('2026-11-29T10:00:00Z'),
      env: { SMTP_URL: mailbox.url },
    });
    [people.maintainer, people.admin, people.member] = await Promise.all([
      buildUser(hub, { role: 'maintainer' }),
      buildUser(hub, { role: 'admin' }),
      buildUser(hub),
    ]);
    await planningSeries(hub, people.maintainer);
    await startMeeting(hub, people.maintainer, 'planning-meeting', MEETING);
  });
  afterAll(async () => {
    await hub.close();
    await mailbox.close();
  });

  const rows = async (table: string) =>
    Number(
      (
        await sql<{ n: number }>`select count(*) as n from ${sql.table(table)}`.execute(
          hub.testDb.database.db,
        )
      ).rows[0]?.n,
    );
  const browserFor = async (form: CreatingForm): Promise<PageClient> =>
    form.as ? signedInClient(hub, people[form.as]) : new PageClient(hub);

  it.each(FORMS.map((f) => [f.name, f] as const))('%s: twice in a row makes one', async (_name, form) => {
    const browser = await browserFor(form);
    const page = await browser.get(form.page);
    const token = onceToken(page.body, form.action);
    const fields = { ...form.fields(++n), _once: token };
    const before = await rows(form.table);
    const first = await browser.post(form.action, fields);
    expect([201, 303], first.body.slice(0, 300)).toContain(first.statusCode);
    const made = await rows(form.table);
    expect(made).toBeGreaterThan(before);
    const second = await browser.post(form.action, fields);
    expect(second.statusCode).toBe(303);
    if (first.statusCode === 303) {
      // Back to what the first one made, saying the form had been sent already.
      const path = (location: unknown) => String(location).replace(/\?.*?(#|$)/u, '$1');
      expect(path(second.headers.location)).toBe(path(first.headers.location));
    }
    expect(String(second.headers.location)).toContain('notice=form.alreadySent');
    expect((await browser.follow(second)).body).toContain('This form was sent already');
    expect(await rows(form.table)).toBe(made);
  });

  it.each(FORMS.map((f) => [f.name, f] as const))('%s: twice at once makes one', async (_name, form) => {
    const browser = await browserFor(form);
    const page = await browser.get(form.page);
    const fields = { ...form.fields(++n), _once: onceToken(page.body, form.action) };
    const before = await rows(form.table);
    const answers = await Promise.all([browser.post(form.action, fields), browser.post(form.action, fields)]);
    for (const a of answers) expect([201, 303], a.body.slice(0, 300)).toContain(a.statusCode);
    const grown = (await rows(form.table)) - before;
    // One invitation request sends one mail; everything else is one row.
    expect(grown).toBe(1);
  });

  it('a refused form can be fixed and sent again with its token', async () => {
    const browser = await signedInClient(hub, people.member);
    const page = await browser.get('/ideas/new');
    const token = onceToken(page.body, '/ideas');
    const before = await rows('ideas');
    const refused = await browser.post('/ideas', { title: '', _once: token });
    expect(refused.statusCode).toBe(422);
    const fixed = await browser.post('/ideas', { title: 'Fixed idea', _once: token });
    expect(fixed.statusCode).toBe(303);
    expect(await rows('ideas')).toBe(before + 1);
  });
});

import { join } from 'node:path';
import type { LightMyRequestResponse } from 'fastify';
import ICAL from 'ical.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../src/app/app.js';
import type { Series } from '../src/domain/series.js';
import { buildServer } from '../src/http/server.js';
import { openDatabase } from '../src/store/db.js';
import { createStore } from '../src/store/store.js';
import { decodeEntities, PageClient } from './support/client.js';
import { buildUser, signedInClient, type TestUser } from './support/factories.js';
import { ENGINES, type Hub, startHub } from './support/hub.js';

/** Sunday before the reference series' first meeting; 11:00 in Berlin, 23:00 in Auckland. */
const NOW = new Date('2026-11-29T10:00:00Z');
const JOIN = 'https://teams.microsoft.com/l/meetup-join/planning-meeting';

/** The reference series exactly as a maintainer types it into the form. */
const REFERENCE = {
  title: 'Planning meeting',
  purpose: 'We decide together what goes on the roadmap next.',
  weekRule: 'odd',
  interval: '2',
  weekday: '1',
  startTime: '14:00',
  durationMinutes: '30',
  timeZone: 'Europe/Berlin',
  startDate: '2026-11-29',
  endDate: '',
  platform: 'Microsoft Teams',
  joinUrl: JOIN,
  languages: 'English or German, depending on attendees',
  invitationInfo: 'Write to planning@example.org for an invitation.',
  contributeNote: 'Anyone can contribute without attending: comment on the backlog.',
} as const;

/** The same series as a JSON body for POST /api/v1/series. */
function apiSeries(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    title: REFERENCE.title,
    purpose: REFERENCE.purpose,
    weekRule: 'odd',
    weekday: 1,
    startTime: '14:00',
    durationMinutes: 30,
    timeZone: 'Europe/Berlin',
    startDate: REFERENCE.startDate,
    endDate: null,
    platform: REFERENCE.platform,
    joinUrl: JOIN,
    languages: REFERENCE.languages,
    recorded: false,
    ...overrides,
  };
}

/** Every Monday of an odd ISO week from the pinned clock on: 2026 has 53 weeks, so W53 and W01 follow each other. */
const NEXT_EIGHT = [
  '2026-11-30', // W49
  '2026-12-14', // W51
  '2026-12-28', // W53
  '2027-01-04', // W01
  '2027-01-18', // W03
  '2027-02-01', // W05
  '2027-02-15', // W07
  '2027-03-01', // W09
];

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/gu, '\\$&');
}

function mainOf(html: string): string {
  const start = html.indexOf('<main');
  return start < 0 ? '' : html.slice(start, html.indexOf('</main>', start));
}

/** What a reader sees: tags removed, entities decoded, white space collapsed. */
function visibleText(html: string): string {
  return decodeEntities(html.replace(/<[^>]*>/gu, ' '))
    .replace(/\s+/gu, ' ')
    .trim();
}

function fieldError(html: string, field: string): string | undefined {
  const m = new RegExp(
    `<p class="field-error" id="field-${escapeRegExp(field)}-error">([^<]*)</p>`,
    'u',
  ).exec(html);
  return m?.[1] === undefined ? undefined : decodeEntities(m[1]);
}

/** The value of the `<input>` with this name (the first one, in document order). */
function inputValue(html: string, name: string): string | undefined {
  const tag = (html.match(/<input\b[^>]*>/gu) ?? []).find((t) => t.includes(` name="${name}"`));
  if (!tag) return undefined;
  return decodeEntities(/\svalue="([^"]*)"/u.exec(tag)?.[1] ?? '');
}

function textareaValue(html: string, name: string): string | undefined {
  const m = new RegExp(`<textarea\\b[^>]*\\sname="${name}"[^>]*>([\\s\\S]*?)</textarea>`, 'u').exec(html);
  return m?.[1] === undefined ? undefined : decodeEntities(m[1]);
}

interface Listed {
  key: string;
  status: string;
  /** The `datetime` of the `<time>`: local start with offset. */
  datetime: string;
  /** The time as written in the series' zone. */
  when: string;
  /** Everything after the time: status chip, reason. */
  rest: string;
}

/** The entries of the "next meetings" list of a series page, in the order shown. */
function listedOccurrences(html: string): Listed[] {
  const list = /<ul class="occurrence-list">([\s\S]*?)<\/ul>/u.exec(html)?.[1] ?? '';
  return [
    ...list.matchAll(
      /<li class="occurrence occurrence-(\w+)"><a href="[^"]*\/(\d{4}-\d{2}-\d{2})"><span class="meeting-time"><time datetime="([^"]+)">([^<]*)<\/time>([\s\S]*?)<\/li>/gu,
    ),
  ].map((m) => ({
    status: m[1] ?? '',
    key: m[2] ?? '',
    datetime: m[3] ?? '',
    when: decodeEntities(m[4] ?? ''),
    rest: visibleText(m[5] ?? ''),
  }));
}

/** Content lines of an iCalendar text with folding undone. */
function unfold(ics: string): string[] {
  return ics.replace(/\r\n[ \t]/gu, '').split('\r\n');
}

function vevents(ics: string): ICAL.Component[] {
  return new ICAL.Component(ICAL.parse(ics)).getAllSubcomponents('vevent');
}

function prop(event: ICAL.Component, name: string): string | null {
  const value = event.getFirstPropertyValue(name);
  return value === null || value === undefined ? null : String(value);
}

/**
 * The local start dates (YYYY-MM-DD) a calendar program computes from a series feed up to
 * `until`, with cancelled instances left out and moved ones at their new date.
 */
function expandFeed(ics: string, until: string): string[] {
  const events = vevents(ics);
  const overrides = new Map<string, ICAL.Component>();
  for (const e of events) {
    const rid = e.getFirstPropertyValue('recurrence-id');
    if (rid) overrides.set(`${prop(e, 'uid')}|${String(rid).slice(0, 10)}`, e);
  }
  const dates: string[] = [];
  for (const master of events) {
    if (master.getFirstPropertyValue('recurrence-id')) continue;
    if (!master.getFirstPropertyValue('rrule')) {
      dates.push(String(master.getFirstPropertyValue('dtstart')).slice(0, 10));
      continue;
    }
    const iterator = new ICAL.Event(master).iterator();
    for (let next = iterator.next(); next; next = iterator.next()) {
      const day = next.toString().slice(0, 10);
      if (day > until) break;
      const override = overrides.get(`${prop(master, 'uid')}|${day}`);
      if (!override) dates.push(day);
      else if (prop(override, 'status') !== 'CANCELLED')
        dates.push(String(override.getFirstPropertyValue('dtstart')).slice(0, 10));
    }
  }
  return dates.filter((d) => d <= until).sort();
}

describe.each(ENGINES)('meeting series on %s', (engine) => {
  let hub: Hub;
  let maintainer: TestUser;
  let otherMaintainer: TestUser;
  let member: TestUser;
  let browser: PageClient;

  beforeAll(async () => {
    hub = await startHub(engine, { now: () => NOW });
    // An admin exists, so the home page is the hub's and not the first-run setup form.
    await buildUser(hub, { role: 'admin' });
    [maintainer, otherMaintainer, member] = await Promise.all([
      buildUser(hub, { role: 'maintainer' }),
      buildUser(hub, { role: 'maintainer' }),
      buildUser(hub),
    ]);
    browser = await signedInClient(hub, maintainer);
  });
  afterAll(() => hub.close());

  const api = (
    method: 'GET' | 'POST' | 'PATCH',
    url: string,
    options: { payload?: unknown; headers?: Record<string, string> } = {},
  ) =>
    hub.server.inject({
      method,
      url: `/api/v1${url}`,
      headers: options.headers ?? {},
      ...(options.payload !== undefined ? { payload: options.payload as object } : {}),
    });

  const get = (url: string, headers: Record<string, string> = {}) =>
    hub.server.inject({ method: 'GET', url, headers });

  /** A series of the reference schedule under another title; it has met since September. */
  const createSeries = (title: string, overrides: Record<string, unknown> = {}): Promise<Series> =>
    hub.app.meetings.create(maintainer.actor, { ...REFERENCE, title, startDate: '2026-09-07', ...overrides });

  /** Everything a refused request must leave untouched: series, their changes, the audit log. */
  const snapshot = async () => {
    const series = await hub.store.read.series.list();
    const changes = await Promise.all(series.map((s) => hub.store.read.series.changes(s.id)));
    return { series, changes, audit: await hub.store.read.audit.latest(1000) };
  };

  const occurrencesApi = async (slug: string, from: string, to: string) => {
    const res = await api('GET', `/series/${slug}/occurrences?from=${from}&to=${to}`);
    expect(res.statusCode).toBe(200);
    return res.json().items as { key: string; status: string; reason: string | null; startUtc: string }[];
  };

  it('a maintainer creates the reference series through the form; its page shows the schedule, the join button and the next meetings in CET, including Mon 2026-12-28 (W53) and Mon 2027-01-04 (W01)', async () => {
    const form = await browser.get('/meetings/new');
    expect(form.statusCode).toBe(200);
    // The form starts from the reference schedule and today's date in Berlin (the pinned clock).
    expect(inputValue(form.body, 'startDate')).toBe('2026-11-29');
    expect(inputValue(form.body, 'timeZone')).toBe('Europe/Berlin');

    expect(await hub.store.read.series.list()).toHaveLength(0);
    const created = await browser.post('/meetings/new', { ...REFERENCE });
    expect(created.statusCode).toBe(303);
    expect(created.headers.location).toBe('/meetings/planning-meeting?notice=meetings.created');
    expect(await hub.store.read.series.list()).toHaveLength(1);

    const page = await browser.follow(created);
    expect(page.statusCode).toBe(200);
    const main = mainOf(page.body);
    const text = visibleText(main);
    expect(visibleText(page.body)).toContain('Meeting series created.');
    expect(main).toContain('<h1>Planning meeting</h1>');
    expect(main).toContain(
      '<p class="schedule-sentence">biweekly on odd calendar weeks, Monday, from 14:00 to 14:30 (Europe/Berlin)</p>',
    );
    expect(main).toContain(
      `<a class="button primary" href="${JOIN}" rel="noopener">Join on Microsoft Teams</a>`,
    );
    expect(text).toContain('English or German, depending on attendees · not recorded');
    expect(text).not.toMatch(/\brecorded\b(?<!not recorded)/u);
    expect(text).toContain(REFERENCE.contributeNote);
    expect(text).toContain(REFERENCE.invitationInfo);

    const listed = listedOccurrences(main);
    expect(listed.map((o) => o.key)).toEqual(NEXT_EIGHT);
    expect(listed.every((o) => o.status === 'scheduled')).toBe(true);
    // Each is written in the series' own zone and names it.
    for (const o of listed) expect(o.when).toMatch(/, 14:00–14:30 CET$/u);
    const w53 = listed.find((o) => o.key === '2026-12-28');
    const w01 = listed.find((o) => o.key === '2027-01-04');
    expect(w53?.when).toMatch(/^Mon,? 28 Dec 2026, 14:00–14:30 CET$/u);
    expect(w53?.datetime).toBe('2026-12-28T14:00:00+01:00');
    expect(w01?.when).toMatch(/^Mon,? 4 Jan 2027, 14:00–14:30 CET$/u);
    expect(w01?.datetime).toBe('2027-01-04T14:00:00+01:00');
    // The next-meeting card leads with the first one.
    expect(main).toMatch(
      /<section class="panel meeting-card"[^>]*>[\s\S]*?<a href="\/meetings\/planning-meeting\/2026-11-30"><span class="meeting-time"><time datetime="2026-11-30T14:00:00\+01:00">Mon,? 30 Nov 2026, 14:00–14:30 CET<\/time>/u,
    );

    // What was stored is what was typed.
    const res = await api('GET', '/series/planning-meeting');
    expect(res.statusCode).toBe(200);
    expect(res.json().series).toMatchObject({
      title: 'Planning meeting',
      weekRule: 'odd',
      weekday: 1,
      startTime: '14:00',
      durationMinutes: 30,
      timeZone: 'Europe/Berlin',
      platform: 'Microsoft Teams',
      joinUrl: JOIN,
      languages: 'English or German, depending on attendees',
      recorded: false,
    });
    const upcoming = res.json().upcoming as { key: string; startUtc: string }[];
    expect(upcoming.slice(0, 4)).toMatchObject([
      { key: '2026-11-30', startUtc: '2026-11-30T13:00:00Z' },
      { key: '2026-12-14', startUtc: '2026-12-14T13:00:00Z' },
      { key: '2026-12-28', startUtc: '2026-12-28T13:00:00Z' },
      { key: '2027-01-04', startUtc: '2027-01-04T13:00:00Z' },
    ]);

    // Summer time: 14:00 in Berlin is 12:00 UTC (2027-04-12 is in W15).
    const summer = await occurrencesApi('planning-meeting', '2027-04-01', '2027-04-30');
    expect(summer.map((o) => [o.key, o.startUtc])).toEqual([
      ['2027-04-12', '2027-04-12T12:00:00Z'],
      ['2027-04-26', '2027-04-26T12:00:00Z'],
    ]);

    const german = await get('/meetings/planning-meeting?lang=de');
    expect(german.statusCode).toBe(200);
    const de = visibleText(mainOf(german.body));
    expect(de).toContain(
      'alle zwei Wochen in ungeraden Kalenderwochen, Montag, von 14:00 bis 14:30 (Europe/Berlin)',
    );
    expect(de).toContain('wird nicht aufgezeichnet');
    expect(de).toContain('Über Microsoft Teams teilnehmen');
    expect(listedOccurrences(german.body).find((o) => o.key === '2026-12-28')?.when).toMatch(
      /28\. Dez\.? 2026, 14:00–14:30 CET$/u,
    );
  });

  describe('bad series input gets a clear 4xx next to the field, keeps what was typed and stores nothing', () => {
    const cases: [string, keyof typeof REFERENCE, string, number | null, RegExp][] = [
      ['unknown time zone', 'timeZone', 'Mars/Olympus', null, /Unknown time zone; use an IANA name/u],
      ['start time 25:00', 'startTime', '25:00', null, /HH:MM between 00:00 and 23:59 \(got “25:00”\)/u],
      ['duration 0', 'durationMinutes', '0', 0, /whole number of minutes from 1 to 1440/u],
      ['duration -30', 'durationMinutes', '-30', -30, /whole number of minutes from 1 to 1440/u],
      ['end date before start date', 'endDate', '2026-11-01', null, /end date lies before the start date/u],
      ['http join link', 'joinUrl', 'http://teams.example.org/meet', null, /Only https links/u],
      ['javascript: join link', 'joinUrl', 'javascript:alert(1)', null, /Only https links/u],
    ];

    for (const [name, field, value, number, message] of cases) {
      it(`${name} in the form`, async () => {
        await browser.get('/meetings/new');
        const before = await snapshot();
        const typed = { ...REFERENCE, title: `Series with ${name}`, [field]: value };
        const res = await browser.post('/meetings/new', typed);
        expect(res.statusCode).toBe(422);
        expect(fieldError(res.body, field)).toMatch(message);
        expect(res.body).toMatch(/<div class="error-summary" role="alert"/u);
        expect(res.body).toContain(`aria-invalid="true"`);
        // Everything typed comes back, the wrong value included.
        expect(inputValue(res.body, field)).toBe(value);
        expect(inputValue(res.body, 'title')).toBe(`Series with ${name}`);
        expect(inputValue(res.body, 'languages')).toBe(REFERENCE.languages);
        expect(textareaValue(res.body, 'purpose')).toBe(REFERENCE.purpose);
        expect(await snapshot()).toEqual(before);
      });

      it(`${name} through the API`, async () => {
        const before = await snapshot();
        const res = await api('POST', '/series', {
          headers: maintainer.auth,
          payload: apiSeries({ title: `API series with ${name}`, [field]: number ?? value }),
        });
        expect(res.statusCode).toBe(400);
        expect(res.headers['content-type']).toContain('application/problem+json');
        expect(res.json().errors).toEqual([{ field, message: expect.stringMatching(message) }]);
        expect(res.json().detail).toMatch(message);
        expect(await snapshot()).toEqual(before);
      });
    }

    it('the API takes only the weekdays and week rules there are', async () => {
      const series = await createSeries('Week rule check');
      const before = await snapshot();
      for (const [field, value] of [
        ['weekday', 0],
        ['weekday', 8],
        ['weekRule', 'fortnightly'],
        ['weekRule', 7],
      ] as const) {
        const res = await api('POST', '/series', {
          headers: maintainer.auth,
          payload: apiSeries({ title: `API series with ${field} ${value}`, [field]: value }),
        });
        expect(res.statusCode, `${field} ${value}`).toBe(400);
        expect(res.headers['content-type']).toContain('application/problem+json');
        expect(res.json().errors.map((e: { field: string }) => e.field)).toContain(`body.${field}`);
      }
      const edit = await api('PATCH', `/series/${series.slug}`, {
        headers: { ...maintainer.auth, 'if-match': '"1"' },
        payload: { weekRule: 'quarterly' },
      });
      expect(edit.statusCode).toBe(400);
      expect(await snapshot()).toEqual(before);
    });

    it('the form refuses a weekday there is not, beside the field, and stores nothing', async () => {
      await browser.get('/meetings/new');
      const before = await snapshot();
      const res = await browser.post('/meetings/new', { ...REFERENCE, title: 'Eighth day', weekday: '8' });
      expect(res.statusCode).toBe(422);
      expect(fieldError(res.body, 'weekday')).toBeTruthy();
      expect(inputValue(res.body, 'title')).toBe('Eighth day');
      expect(await snapshot()).toEqual(before);
    });

    it('several problems at once are all reported', async () => {
      await browser.get('/meetings/new');
      const before = await snapshot();
      const res = await browser.post('/meetings/new', {
        ...REFERENCE,
        title: '',
        timeZone: 'Mars/Olympus',
        startTime: '25:00',
        durationMinutes: '-30',
        joinUrl: 'javascript:alert(1)',
      });
      expect(res.statusCode).toBe(422);
      for (const field of ['title', 'timeZone', 'startTime', 'durationMinutes', 'joinUrl'])
        expect(fieldError(res.body, field), field).toBeTruthy();
      expect(await snapshot()).toEqual(before);
    });
  });

  it('members get 403 and anonymous visitors 401 on create, edit and cancel; nothing changes', async () => {
    const series = await createSeries('Permission check');
    const slug = series.slug;
    const memberBrowser = await signedInClient(hub, member);
    const anonymous = new PageClient(hub);
    const before = await snapshot();

    for (const [who, client, status] of [
      ['member', memberBrowser, 403],
      ['anonymous', anonymous, 401],
    ] as const) {
      // A real CSRF token, so the refusal is about the role and not the form.
      await client.get(`/meetings/${slug}`);
      const page = (res: LightMyRequestResponse, what: string) =>
        expect(res.statusCode, `${who}: ${what}`).toBe(status);
      page(await client.get('/meetings/new'), 'GET new');
      page(await client.post('/meetings/new', { ...REFERENCE, title: 'Sneaky' }), 'POST new');
      page(await client.get(`/meetings/${slug}/edit`), 'GET edit');
      page(await client.post(`/meetings/${slug}/edit`, { ...REFERENCE, version: '1' }), 'POST edit');
      page(await client.post(`/meetings/${slug}/2026-11-30/cancel`, { reason: 'No' }), 'POST cancel');
      page(
        await client.post(`/meetings/${slug}/2026-11-30/move`, {
          newDate: '2026-12-01',
          newStartTime: '14:00',
          newDurationMinutes: '30',
        }),
        'POST move',
      );
      page(await client.post(`/meetings/${slug}/2026-11-30/restore`, {}), 'POST restore');
      page(
        await client.post(`/meetings/${slug}/extra`, {
          date: '2026-12-02',
          startTime: '14:00',
          durationMinutes: '30',
        }),
        'POST extra',
      );
    }
    // The pages say so in words, and offer signing in to the anonymous visitor.
    const anonymousPage = await anonymous.post(`/meetings/${slug}/2026-11-30/cancel`, { reason: 'No' });
    expect(visibleText(mainOf(anonymousPage.body))).toContain('Please sign in first.');
    const memberPage = await memberBrowser.get('/meetings/new');
    expect(visibleText(mainOf(memberPage.body))).toContain('You may not do this.');
    // Neither sees the controls a maintainer sees.
    for (const client of [memberBrowser, anonymous]) {
      const html = (await client.get(`/meetings/${slug}/2026-11-30`)).body;
      expect(html).not.toContain('/cancel"');
      expect((await client.get(`/meetings/${slug}`)).body).not.toContain(`/meetings/${slug}/edit`);
    }

    for (const [who, headers, status] of [
      ['member', member.auth, 403],
      ['anonymous', {}, 401],
    ] as const) {
      const calls: [string, () => Promise<LightMyRequestResponse>][] = [
        ['create', () => api('POST', '/series', { headers, payload: apiSeries({ title: 'Sneaky' }) })],
        [
          'edit',
          () =>
            api('PATCH', `/series/${slug}`, {
              headers: { ...headers, 'if-match': '"1"' },
              payload: { title: 'Taken over' },
            }),
        ],
        [
          'cancel',
          () =>
            api('POST', `/series/${slug}/occurrences/2026-11-30/cancel`, {
              headers,
              payload: { reason: 'No' },
            }),
        ],
        [
          'move',
          () =>
            api('POST', `/series/${slug}/occurrences/2026-11-30/move`, {
              headers,
              payload: { date: '2026-12-01', startTime: '14:00', durationMinutes: 30 },
            }),
        ],
        [
          'restore',
          () => api('POST', `/series/${slug}/occurrences/2026-11-30/restore`, { headers, payload: {} }),
        ],
        [
          'extra',
          () =>
            api('POST', `/series/${slug}/extra`, {
              headers,
              payload: { date: '2026-12-02', startTime: '14:00', durationMinutes: 30 },
            }),
        ],
      ];
      for (const [what, call] of calls) {
        const res = await call();
        expect(res.statusCode, `${who}: API ${what}`).toBe(status);
        expect(res.headers['content-type']).toContain('application/problem+json');
      }
    }
    expect(await snapshot()).toEqual(before);
  });

  it('editing with a stale version answers 409, keeps what was typed and loses nobody’s change', async () => {
    const series = await createSeries('Stale edit');
    const form = await browser.get(`/meetings/${series.slug}/edit`);
    expect(form.statusCode).toBe(200);
    expect(inputValue(form.body, 'version')).toBe('1');
    expect(inputValue(form.body, 'title')).toBe('Stale edit');

    // Meanwhile another maintainer changes the languages.
    const theirs = await api('PATCH', `/series/${series.slug}`, {
      headers: { ...otherMaintainer.auth, 'if-match': '"1"' },
      payload: { languages: 'English only' },
    });
    expect(theirs.statusCode).toBe(200);
    expect(theirs.json()).toMatchObject({ version: 2, languages: 'English only', title: 'Stale edit' });

    const before = await snapshot();
    const mine = { ...REFERENCE, title: 'Stale edit, renamed', startTime: '15:00', version: '1' };
    const stale = await browser.post(`/meetings/${series.slug}/edit`, mine);
    expect(stale.statusCode).toBe(409);
    expect(visibleText(mainOf(stale.body))).toContain(
      'Someone else changed this series meanwhile. Your input is kept below',
    );
    expect(inputValue(stale.body, 'title')).toBe('Stale edit, renamed');
    expect(inputValue(stale.body, 'startTime')).toBe('15:00');
    // The form now carries the current version, so saving again is a deliberate overwrite.
    expect(inputValue(stale.body, 'version')).toBe('2');
    expect(await snapshot()).toEqual(before);

    const again = await browser.post(`/meetings/${series.slug}/edit`, { ...mine, version: '2' });
    expect(again.statusCode).toBe(303);
    expect(again.headers.location).toBe(`/meetings/${series.slug}?notice=meetings.saved`);
    expect((await hub.app.meetings.get(series.slug)).series).toMatchObject({
      title: 'Stale edit, renamed',
      version: 3,
      schedule: { startTime: '15:00' },
    });

    const staleApi = await api('PATCH', `/series/${series.slug}`, {
      headers: { ...otherMaintainer.auth, 'if-match': '"2"' },
      payload: { title: 'Lost update?' },
    });
    expect(staleApi.statusCode).toBe(409);
    expect(staleApi.json().current).toMatchObject({ title: 'Stale edit, renamed', version: 3 });
    expect((await hub.app.meetings.get(series.slug)).series.title).toBe('Stale edit, renamed');
  });

  it('changes occurrences through the forms: cancel (reason required), restore, move and an extra meeting', async () => {
    const { slug } = await createSeries('Form changes');
    const occurrencePage = `/meetings/${slug}/2026-12-28`;

    // Cancelling without a reason is refused next to the field.
    await browser.get(occurrencePage);
    const before = await snapshot();
    const noReason = await browser.post(`${occurrencePage}/cancel`, { reason: '   ' });
    expect(noReason.statusCode).toBe(422);
    expect(fieldError(noReason.body, 'reason')).toBe('This field is required.');
    expect(await snapshot()).toEqual(before);

    const cancelled = await browser.post(`${occurrencePage}/cancel`, { reason: 'Between the years' });
    expect(cancelled.statusCode).toBe(303);
    expect(cancelled.headers.location).toBe(`${occurrencePage}?notice=meetings.changed`);
    const page = await browser.follow(cancelled);
    expect(visibleText(page.body)).toContain('Meeting changed.');
    // The cancellation and its reason come first, before the title.
    const main = mainOf(page.body);
    const banner = /<div class="admonition admonition-danger" role="note">([\s\S]*?)<\/div>/u.exec(main);
    expect(visibleText(banner?.[1] ?? '')).toBe('This meeting is cancelled. Reason: Between the years');
    expect(main.indexOf('admonition-danger')).toBeLessThan(main.indexOf('<h1>'));
    expect(main).not.toContain('Join on Microsoft Teams');

    const seriesPage = await browser.get(`/meetings/${slug}`);
    const w53 = listedOccurrences(seriesPage.body).find((o) => o.key === '2026-12-28');
    expect(w53).toMatchObject({ status: 'cancelled', rest: '(in 29 days) cancelled — Between the years' });
    expect(
      (await occurrencesApi(slug, '2026-12-01', '2027-01-10')).map((o) => [o.key, o.status, o.reason]),
    ).toEqual([
      ['2026-12-14', 'scheduled', null],
      ['2026-12-28', 'cancelled', 'Between the years'],
      ['2027-01-04', 'scheduled', null],
    ]);

    // Cancelling twice is refused with a message on the page.
    const twice = await browser.post(`${occurrencePage}/cancel`, { reason: 'Again' });
    expect(twice.statusCode).toBe(422);
    expect(visibleText(mainOf(twice.body))).toContain('This meeting is already cancelled.');

    await browser.get(occurrencePage);
    const restored = await browser.post(`${occurrencePage}/restore`, {});
    expect(restored.statusCode).toBe(303);
    const restoredPage = mainOf((await browser.follow(restored)).body);
    expect(restoredPage).not.toContain('admonition-danger');
    expect(restoredPage).toContain('Join on Microsoft Teams');
    expect((await occurrencesApi(slug, '2026-12-28', '2026-12-29'))[0]).toMatchObject({
      status: 'scheduled',
    });

    // Moving: W01's meeting goes to Tuesday afternoon for an hour.
    await browser.get(`/meetings/${slug}/2027-01-04`);
    const moved = await browser.post(`/meetings/${slug}/2027-01-04/move`, {
      newDate: '2027-01-05',
      newStartTime: '16:00',
      newDurationMinutes: '60',
      reason: 'Holiday on Monday',
    });
    expect(moved.statusCode).toBe(303);
    const movedPage = visibleText(mainOf((await browser.follow(moved)).body));
    expect(movedPage).toMatch(/Tue,? 5 Jan 2027, 16:00–17:00 CET/u);
    expect(movedPage).toMatch(/Moved from Mon,? 4 Jan 2027, 14:00–14:30 CET\. Reason: Holiday on Monday/u);
    expect((await occurrencesApi(slug, '2027-01-01', '2027-01-10'))[0]).toMatchObject({
      key: '2027-01-04',
      status: 'moved',
      startUtc: '2027-01-05T15:00:00Z',
    });

    // Moving by more than 180 days is refused next to the date, with the typed values kept.
    await browser.get(`/meetings/${slug}/2027-01-18`);
    const beforeFar = await snapshot();
    const far = await browser.post(`/meetings/${slug}/2027-01-18/move`, {
      newDate: '2027-08-02',
      newStartTime: '14:00',
      newDurationMinutes: '30',
    });
    expect(far.statusCode).toBe(422);
    expect(fieldError(far.body, 'newDate')).toBe('A meeting can be moved by at most 180 days.');
    expect(inputValue(far.body, 'newDate')).toBe('2027-08-02');
    expect(await snapshot()).toEqual(beforeFar);

    // An extra meeting on a Wednesday.
    await browser.get(`/meetings/${slug}`);
    const extra = await browser.post(`/meetings/${slug}/extra`, {
      date: '2026-12-09',
      startTime: '10:00',
      durationMinutes: '45',
    });
    expect(extra.statusCode).toBe(303);
    expect(extra.headers.location).toBe(`/meetings/${slug}/2026-12-09?notice=meetings.changed`);
    const extraPage = visibleText(mainOf((await browser.follow(extra)).body));
    expect(extraPage).toMatch(/Wed,? 9 Dec 2026, 10:00–10:45 CET/u);
    expect(extraPage).toContain('extra meeting');
    const listedNow = listedOccurrences((await browser.get(`/meetings/${slug}`)).body);
    expect(listedNow.slice(0, 3).map((o) => [o.key, o.status])).toEqual([
      ['2026-11-30', 'scheduled'],
      ['2026-12-09', 'extra'],
      ['2026-12-14', 'scheduled'],
    ]);

    // Not on a day that already has a meeting.
    const beforeTaken = await snapshot();
    const taken = await browser.post(`/meetings/${slug}/extra`, {
      date: '2026-12-14',
      startTime: '18:00',
      durationMinutes: '30',
    });
    expect(taken.statusCode).toBe(422);
    expect(visibleText(mainOf(taken.body))).toContain('There is already a meeting on 2026-12-14.');
    expect(await snapshot()).toEqual(beforeTaken);

    // Calling the extra meeting off removes it, and the maintainer lands on a page that exists.
    await browser.get(`/meetings/${slug}/2026-12-09`);
    const calledOff = await browser.post(`/meetings/${slug}/2026-12-09/cancel`, { reason: 'Not needed' });
    expect(calledOff.statusCode).toBe(303);
    const afterCalledOff = await browser.follow(calledOff);
    expect(afterCalledOff.statusCode).toBe(200);
    expect(listedOccurrences(afterCalledOff.body).map((o) => o.key)).not.toContain('2026-12-09');
  });

  it('refuses form changes to a meeting that is over with a message the maintainer can read', async () => {
    const { slug } = await createSeries('Past form change');
    // 2026-11-16 (W47) was two weeks before the pinned clock.
    const page = await browser.get(`/meetings/${slug}/2026-11-16`);
    expect(page.statusCode).toBe(200);
    expect(page.body).not.toContain('/cancel"');
    const before = await snapshot();
    const res = await browser.post(`/meetings/${slug}/2026-11-16/cancel`, { reason: 'Too late' });
    expect(res.statusCode).toBe(422);
    expect(visibleText(mainOf(res.body))).toContain('This meeting is over; it can no longer be changed.');
    expect(await snapshot()).toEqual(before);
  });

  it('changes occurrences through the API, refusing past, repeated, too far, taken and non-existent ones with clear 4xx', async () => {
    const { slug } = await createSeries('API changes');
    const post = (path: string, payload: Record<string, unknown>) =>
      api('POST', `/series/${slug}${path}`, { headers: maintainer.auth, payload });

    const refused = async (
      what: string,
      call: () => Promise<LightMyRequestResponse>,
      status: number,
      detail: RegExp,
    ) => {
      const before = await snapshot();
      const res = await call();
      expect(res.statusCode, what).toBe(status);
      expect(res.headers['content-type'], what).toContain('application/problem+json');
      expect(res.json().detail, what).toMatch(detail);
      expect(await snapshot(), what).toEqual(before);
      return res;
    };

    const noReason = await refused(
      'cancel without a reason',
      () => post('/occurrences/2026-12-28/cancel', {}),
      400,
      /reason: This field is required/u,
    );
    expect(noReason.json().errors).toEqual([{ field: 'reason', message: 'This field is required.' }]);

    const cancelled = await post('/occurrences/2026-12-28/cancel', { reason: '  Between   the years ' });
    expect(cancelled.statusCode).toBe(200);
    expect(cancelled.json()).toMatchObject({
      key: '2026-12-28',
      status: 'cancelled',
      reason: 'Between the years',
      startUtc: '2026-12-28T13:00:00Z',
    });
    const occurrencePage = await get(`/meetings/${slug}/2026-12-28`);
    const main = mainOf(occurrencePage.body);
    expect(main.indexOf('This meeting is cancelled.')).toBeGreaterThan(-1);
    expect(main.indexOf('This meeting is cancelled.')).toBeLessThan(main.indexOf('<h1>'));
    expect(visibleText(main)).toContain('Reason: Between the years');
    expect(
      listedOccurrences((await get(`/meetings/${slug}`)).body).find((o) => o.key === '2026-12-28'),
    ).toMatchObject({ status: 'cancelled', rest: '(in 29 days) cancelled — Between the years' });

    await refused(
      'cancelling twice',
      () => post('/occurrences/2026-12-28/cancel', { reason: 'Again' }),
      422,
      /already cancelled/u,
    );
    await refused(
      'a past occurrence',
      () => post('/occurrences/2026-11-16/cancel', { reason: 'Too late' }),
      422,
      /This meeting is over/u,
    );
    await refused(
      'moving a past occurrence',
      () =>
        post('/occurrences/2026-11-16/move', { date: '2026-12-01', startTime: '14:00', durationMinutes: 30 }),
      422,
      /This meeting is over/u,
    );
    await refused(
      'moving by more than 180 days',
      () =>
        post('/occurrences/2027-01-18/move', { date: '2027-08-02', startTime: '14:00', durationMinutes: 30 }),
      400,
      /newDate: A meeting can be moved by at most 180 days/u,
    );
    await refused(
      'moving to 25:00',
      () =>
        post('/occurrences/2027-01-18/move', { date: '2027-01-19', startTime: '25:00', durationMinutes: 30 }),
      400,
      /got “25:00”/u,
    );
    await refused(
      'an extra meeting on a day that has one',
      () => post('/extra', { date: '2026-12-14', startTime: '18:00', durationMinutes: 30 }),
      422,
      /There is already a meeting on 2026-12-14/u,
    );
    await refused(
      'an extra meeting in the year 9999 (a feed would carry zone rules for millennia)',
      () => post('/extra', { date: '9999-12-30', startTime: '18:00', durationMinutes: 30 }),
      400,
      /date: Enter a date as YYYY-MM-DD, in the years 1970 to 2199/u,
    );
    await refused(
      'moving a meeting to the year 2200',
      () =>
        post('/occurrences/2027-02-01/move', { date: '2200-02-01', startTime: '14:00', durationMinutes: 30 }),
      400,
      /Enter a date as YYYY-MM-DD, in the years 1970 to 2199/u,
    );
    await refused(
      'an extra meeting in the past',
      () => post('/extra', { date: '2026-11-25', startTime: '18:00', durationMinutes: 30 }),
      422,
      /This meeting is over/u,
    );
    await refused(
      'a Tuesday, when the series never meets',
      () => post('/occurrences/2026-12-29/cancel', { reason: 'Nope' }),
      404,
      /does not exist/u,
    );
    await refused(
      'an even week’s Monday',
      () => post('/occurrences/2026-12-21/cancel', { reason: 'Nope' }),
      404,
      /does not exist/u,
    );
    await refused(
      '30 February',
      () => post('/occurrences/2026-02-30/cancel', { reason: 'Nope' }),
      400,
      /date: Enter a date as YYYY-MM-DD/u,
    );
    await refused(
      'restoring an unchanged one',
      () => post('/occurrences/2027-02-01/restore', {}),
      422,
      /no change to undo/u,
    );
    for (const missing of ['2026-12-29', '2026-02-30', 'tomorrow']) {
      expect((await get(`/meetings/${slug}/${missing}`)).statusCode, missing).toBe(404);
      expect((await get(`/meetings/${slug}/${missing}.ics`)).statusCode, `${missing}.ics`).toBe(404);
    }

    const moved = await post('/occurrences/2027-01-18/move', {
      date: '2027-01-19',
      startTime: '15:30',
      durationMinutes: 45,
      reason: 'Release day',
    });
    expect(moved.statusCode).toBe(200);
    expect(moved.json()).toMatchObject({
      key: '2027-01-18',
      status: 'moved',
      start: '2027-01-19T15:30:00+01:00[Europe/Berlin]',
      end: '2027-01-19T16:15:00+01:00[Europe/Berlin]',
      originalStart: '2027-01-18T14:00:00+01:00[Europe/Berlin]',
      reason: 'Release day',
    });

    const extra = await post('/extra', { date: '2026-12-10', startTime: '10:00', durationMinutes: 30 });
    expect(extra.statusCode).toBe(201);
    expect(extra.json()).toMatchObject({
      key: '2026-12-10',
      status: 'extra',
      startUtc: '2026-12-10T09:00:00Z',
    });

    expect(
      (await occurrencesApi(slug, '2026-12-01', '2027-02-01')).map((o) => [o.key, o.status, o.startUtc]),
    ).toEqual([
      ['2026-12-10', 'extra', '2026-12-10T09:00:00Z'],
      ['2026-12-14', 'scheduled', '2026-12-14T13:00:00Z'],
      ['2026-12-28', 'cancelled', '2026-12-28T13:00:00Z'],
      ['2027-01-04', 'scheduled', '2027-01-04T13:00:00Z'],
      ['2027-01-18', 'moved', '2027-01-19T14:30:00Z'],
    ]);

    const restored = await post('/occurrences/2026-12-28/restore', {});
    expect(restored.statusCode).toBe(200);
    expect(restored.json()).toMatchObject({ status: 'scheduled', reason: null });
    const unmoved = await post('/occurrences/2027-01-18/restore', {});
    expect(unmoved.json()).toMatchObject({ status: 'scheduled', startUtc: '2027-01-18T13:00:00Z' });

    // Calling off the extra meeting succeeds and says so, although the meeting is then gone.
    const calledOff = await post('/occurrences/2026-12-10/cancel', { reason: 'Not needed' });
    expect(calledOff.statusCode).toBe(200);
    expect(calledOff.json()).toMatchObject({ key: '2026-12-10', status: 'cancelled', reason: 'Not needed' });
    expect((await occurrencesApi(slug, '2026-12-01', '2026-12-31')).map((o) => o.key)).toEqual([
      '2026-12-14',
      '2026-12-28',
    ]);

    const badRange = await api('GET', `/series/${slug}/occurrences?from=2027-01-01&to=2026-12-01`);
    expect(badRange.statusCode).toBe(400);
    expect(badRange.json().errors).toEqual([
      { field: 'to', message: expect.stringMatching(/after the start/u) },
    ]);
  });

  it('serves the calendar feed with an ETag, and a cancellation changes it: STATUS:CANCELLED override, higher SEQUENCE', async () => {
    const { slug } = await createSeries('Feed meeting', { startDate: '2026-11-29' });
    const first = await get(`/meetings/${slug}.ics`);
    expect(first.statusCode).toBe(200);
    expect(first.headers['content-type']).toMatch(/^text\/calendar; charset=utf-8/u);
    const etag = String(first.headers.etag ?? '');
    expect(etag).toMatch(/^"[^"]+"$/u);
    const notModified = await get(`/meetings/${slug}.ics`, { 'if-none-match': etag });
    expect(notModified.statusCode).toBe(304);
    expect(notModified.body).toBe('');

    // A calendar program expanding the feed meets on both W53 and W01.
    expect(expandFeed(first.body, '2027-03-01')).toEqual(NEXT_EIGHT);
    const lines = unfold(first.body);
    expect(lines).toContain('DTSTART;TZID=Europe/Berlin:20261130T140000');
    expect(lines).not.toContain('STATUS:CANCELLED');
    const masters = vevents(first.body);
    const firstRun = masters.find((e) => prop(e, 'dtstart')?.startsWith('2026-11-30'));
    const sequenceBefore = Number(prop(firstRun as ICAL.Component, 'sequence'));

    const cancel = await api('POST', `/series/${slug}/occurrences/2026-12-28/cancel`, {
      headers: maintainer.auth,
      payload: { reason: 'Between the years' },
    });
    expect(cancel.statusCode).toBe(200);

    const second = await get(`/meetings/${slug}.ics`, { 'if-none-match': etag });
    expect(second.statusCode).toBe(200);
    expect(second.headers.etag).not.toBe(etag);
    const after = unfold(second.body);
    expect(after).toContain('RECURRENCE-ID;TZID=Europe/Berlin:20261228T140000');
    const override = vevents(second.body).find((e) => e.getFirstPropertyValue('recurrence-id'));
    expect(override).toBeDefined();
    const o = override as ICAL.Component;
    expect(prop(o, 'status')).toBe('CANCELLED');
    expect(prop(o, 'uid')).toBe(prop(firstRun as ICAL.Component, 'uid'));
    expect(Number(prop(o, 'sequence'))).toBeGreaterThan(sequenceBefore);
    expect(prop(o, 'description')).toContain('Between the years');
    expect(expandFeed(second.body, '2027-03-01')).toEqual(NEXT_EIGHT.filter((d) => d !== '2026-12-28'));
    expect(
      (await get(`/meetings/${slug}.ics`, { 'if-none-match': String(second.headers.etag) })).statusCode,
    ).toBe(304);

    const exact = await get(`/meetings/${slug}.ics?rule=byweekno`);
    expect(exact.statusCode).toBe(200);
    const odd = Array.from({ length: 27 }, (_, i) => 2 * i + 1).join(',');
    const rrules = unfold(exact.body).filter((l) => l.startsWith('RRULE:'));
    expect(rrules).toEqual([`RRULE:FREQ=YEARLY;BYWEEKNO=${odd};BYDAY=MO;WKST=MO`]);
    expect(unfold(exact.body)).toContain('RECURRENCE-ID;TZID=Europe/Berlin:20261228T140000');
    expect(exact.headers.etag).not.toBe(second.headers.etag);

    const unknownRule = await get(`/meetings/${slug}.ics?rule=monthly`);
    expect(unknownRule.statusCode).toBe(400);
    expect(visibleText(mainOf(unknownRule.body))).toContain('rule: This value is not allowed here.');

    const one = await get(`/meetings/${slug}/2027-01-04.ics`);
    expect(one.statusCode).toBe(200);
    expect(one.headers['content-type']).toMatch(/^text\/calendar/u);
    expect(one.headers.etag).toBeTruthy();
    const events = vevents(one.body);
    expect(events).toHaveLength(1);
    // (The VTIMEZONE's observances have DTSTARTs of their own, without TZID.)
    expect(unfold(one.body).filter((l) => l.startsWith('DTSTART;'))).toEqual([
      'DTSTART;TZID=Europe/Berlin:20270104T140000',
    ]);
    expect(unfold(one.body)).toContain('DTEND;TZID=Europe/Berlin:20270104T143000');
    expect(events[0]?.getFirstPropertyValue('rrule')).toBeNull();
    const cancelledOne = await get(`/meetings/${slug}/2026-12-28.ics`);
    expect(unfold(cancelledOne.body)).toContain('STATUS:CANCELLED');
  });

  it(`two hub servers on the same ${engine} database see each other’s changes at once (no stale cache)`, async () => {
    const { slug } = await createSeries('Shared meeting', { startDate: '2026-11-29' });
    const database = openDatabase(
      hub.testDb.url
        ? { databaseUrl: hub.testDb.url, sqliteFile: ':memory:', poolSize: 2 }
        : { sqliteFile: join(hub.testDb.dir, 'plenum.sqlite') },
    );
    const otherApp = createApp(createStore(database), () => NOW);
    const other = await buildServer({ app: otherApp, config: hub.config });
    await other.ready();
    try {
      const feedOf = (server: typeof other, headers: Record<string, string> = {}) =>
        server.inject({ method: 'GET', url: `/meetings/${slug}.ics`, headers });
      // Both build and keep the feed.
      const a1 = await feedOf(hub.server);
      const b1 = await feedOf(other);
      expect(a1.statusCode).toBe(200);
      expect(b1.body).toBe(a1.body);
      const etag = String(a1.headers.etag);
      expect((await feedOf(hub.server, { 'if-none-match': etag })).statusCode).toBe(304);

      // A cancellation through the second server…
      const cancel = await other.inject({
        method: 'POST',
        url: `/api/v1/series/${slug}/occurrences/2026-11-30/cancel`,
        headers: maintainer.auth,
        payload: { reason: 'Sprint review instead' },
      });
      expect(cancel.statusCode).toBe(200);
      // …is in the first server's feed, next meeting and page at once.
      const a2 = await feedOf(hub.server, { 'if-none-match': etag });
      expect(a2.statusCode).toBe(200);
      expect(a2.headers.etag).not.toBe(etag);
      expect(unfold(a2.body)).toContain('RECURRENCE-ID;TZID=Europe/Berlin:20261130T140000');
      expect(unfold(a2.body)).toContain('STATUS:CANCELLED');
      const next = await api('GET', `/series/${slug}/next`);
      expect(next.json().next).toMatchObject({ key: '2026-12-14', startUtc: '2026-12-14T13:00:00Z' });
      expect(listedOccurrences((await get(`/meetings/${slug}`)).body)[0]).toMatchObject({
        key: '2026-11-30',
        status: 'cancelled',
      });

      // And back: a restore through the first is in the second's feed.
      const restore = await api('POST', `/series/${slug}/occurrences/2026-11-30/restore`, {
        headers: maintainer.auth,
        payload: {},
      });
      expect(restore.statusCode).toBe(200);
      const b2 = await feedOf(other, { 'if-none-match': String(a2.headers.etag) });
      expect(b2.statusCode).toBe(200);
      expect(unfold(b2.body)).not.toContain('STATUS:CANCELLED');
      // An edit of the series itself, too.
      const edit = await other.inject({
        method: 'PATCH',
        url: `/api/v1/series/${slug}`,
        headers: { ...maintainer.auth, 'if-match': '"1"' },
        payload: { startTime: '15:00' },
      });
      expect(edit.statusCode).toBe(200);
      const a3 = await feedOf(hub.server);
      expect(unfold(a3.body)).toContain('DTSTART;TZID=Europe/Berlin:20261130T150000');
      expect(unfold(a3.body)).not.toContain('DTSTART;TZID=Europe/Berlin:20261130T140000');
    } finally {
      await other.close();
      await database.close();
    }
  });

  it('GET /api/v1/series/:slug/next answers the next meeting that is not cancelled', async () => {
    const { slug } = await createSeries('Next meeting');
    const res = await api('GET', `/series/${slug}/next`);
    expect(res.statusCode).toBe(200);
    expect(res.json().series).toMatchObject({ slug, timeZone: 'Europe/Berlin' });
    expect(res.json().next).toMatchObject({
      key: '2026-11-30',
      status: 'scheduled',
      start: '2026-11-30T14:00:00+01:00[Europe/Berlin]',
      startUtc: '2026-11-30T13:00:00Z',
      endUtc: '2026-11-30T13:30:00Z',
      ics: `http://127.0.0.1:8080/meetings/${slug}/2026-11-30.ics`,
    });
    await hub.app.meetings.cancel(maintainer.actor, slug, '2026-11-30', 'Conference week');
    await hub.app.meetings.cancel(maintainer.actor, slug, '2026-12-14', 'Release week');
    const later = await api('GET', `/series/${slug}/next`);
    expect(later.json().next).toMatchObject({ key: '2026-12-28', startUtc: '2026-12-28T13:00:00Z' });
    expect((await api('GET', '/series/no-such-series/next')).statusCode).toBe(404);
  });

  it('offers a calendar subscription (webcal, Outlook, Google, the address) and the badge as snippets', async () => {
    const series = await createSeries('Sync & "plan"');
    const page = await get(`/meetings/${series.slug}`);
    expect(page.statusCode).toBe(200);
    const feed = `http://127.0.0.1:8080/meetings/${series.slug}.ics`;
    expect(page.body).toContain(`href="webcal://127.0.0.1:8080/meetings/${series.slug}.ics"`);
    expect(page.body).toContain(
      `id="calendar-address" class="copy-field" type="url" readonly value="${feed}"`,
    );
    expect(page.body).toContain(
      `https://outlook.office.com/calendar/0/addfromweb?url=${encodeURIComponent(feed)}&amp;name=${encodeURIComponent('Sync & "plan"')}`,
    );
    expect(page.body).toContain(
      `https://calendar.google.com/calendar/r?cid=${encodeURIComponent(`webcal://127.0.0.1:8080/meetings/${series.slug}.ics`)}`,
    );
    // The one-time file stays, as a download.
    expect(page.body).toContain(`href="/meetings/${series.slug}.ics" download`);
    const markdown = /<textarea id="badge-markdown"[^>]*>([^<]*)<\/textarea>/u.exec(page.body)?.[1];
    expect(markdown).toBe(
      `[![Next planning meeting](http://127.0.0.1:8080/meetings/${series.slug}/badge.svg)](http://127.0.0.1:8080/meetings/${series.slug})`,
    );
    const de = await get(`/meetings/${series.slug}?lang=de`);
    expect(de.body).toContain('Kalenderadresse');
  });

  it('the badge is an SVG naming the next meeting’s time and zone, and a <script> title stays text', async () => {
    const series = await createSeries('<script>alert(1)</script> sync');
    const res = await get(`/meetings/${series.slug}/badge.svg`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^image\/svg\+xml/u);
    expect(res.body).toMatch(/^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"/u);
    expect(res.body).toMatch(/<text[^>]*>Mon,? 30 Nov 14:00 CET<\/text>/u);
    expect(res.body).not.toMatch(/<script/iu);
    expect(
      (await get(`/meetings/${series.slug}/badge.svg`, { 'if-none-match': String(res.headers.etag) }))
        .statusCode,
    ).toBe(304);

    await hub.app.meetings.cancel(maintainer.actor, series.slug, '2026-11-30', 'Conference');
    const after = await get(`/meetings/${series.slug}/badge.svg`);
    expect(after.body).toMatch(/<text[^>]*>Mon,? 14 Dec 14:00 CET<\/text>/u);

    // Wherever the title is shown, it is text, not markup.
    for (const path of [`/meetings/${series.slug}`, '/meetings', '/']) {
      const page = await get(path);
      expect(page.body, path).toMatch(/&lt;script(&gt;|>)alert\(1\)&lt;\/script(&gt;|>) sync/u);
      expect(page.body, path).not.toContain('<script>alert(1)');
    }
    const feed = await get(`/meetings/${series.slug}.ics`);
    expect(unfold(feed.body)).toContain('SUMMARY:<script>alert(1)</script> sync');
  });

  it('the home page shows the next-meeting card with time, zone and join button', async () => {
    const { slug } = await createSeries('Home meeting', { startTime: '16:30', durationMinutes: '60' });
    const res = await get('/');
    expect(res.statusCode).toBe(200);
    const card = new RegExp(
      `<section class="panel meeting-card" aria-labelledby="next-${slug}">([\\s\\S]*?)</section>`,
      'u',
    ).exec(res.body)?.[1];
    expect(card).toBeDefined();
    const text = visibleText(card ?? '');
    expect(text).toContain('Next planning meeting: Home meeting');
    expect(text).toMatch(/Mon,? 30 Nov 2026, 16:30–17:30 CET/u);
    expect(text).toContain('Join on Microsoft Teams');
    expect(text).toContain('English or German, depending on attendees · not recorded');
    expect(card).toContain(`href="/meetings/${slug}/2026-11-30.ics"`);
  });
});

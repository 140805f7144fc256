import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { apiHubFor } from './support/api-hub.js';
import { buildIdea, type TestUser } from './support/factories.js';
import { ghExport, ghFields } from './support/github-export.js';
import { ENGINES } from './support/hub.js';

const OWN_PAGE = readFileSync(new URL('./fixtures/planning-page.md', import.meta.url), 'utf8');

/** The GitHub Projects import, the planning page import and its export, in the JSON API. */
describe.each(ENGINES)('imports API on %s', (engine) => {
  const w = apiHubFor(engine);

  const post = (
    url: string,
    payload: string | object,
    options: { as?: TestUser | null; type?: string; lang?: string } = {},
  ) =>
    w.hub.server.inject({
      method: 'POST',
      url: `/api/v1${url}`,
      headers: {
        ...(options.as === null ? {} : (options.as ?? w.maintainer).auth),
        'content-type': options.type ?? 'application/json',
        ...(options.lang ? { 'accept-language': options.lang } : {}),
      },
      payload,
    });

  const newBoard = () =>
    w.hub.app.board.createBoard(w.maintainer.actor, { title: `Import ${Math.random()}` });

  describe('GitHub Projects', () => {
    it('answers the plan of a dry run and stores nothing; then imports, and again updates in place', async () => {
      const board = await newBoard();
      const body = JSON.parse(ghExport(30));
      const before = await w.snapshot();
      const dry = await post(`/boards/${board.slug}/import?dryRun=true`, body);
      expect(dry.statusCode).toBe(200);
      expect(dry.json()).toMatchObject({
        dryRun: true,
        board: board.slug,
        created: 30,
        updated: 0,
        total: 30,
      });
      expect(dry.json().columnsCreated).toEqual(['In Review']);
      expect(await w.snapshot()).toEqual(before);

      const applied = await post(`/boards/${board.slug}/import`, body);
      expect(applied.json()).toMatchObject({ dryRun: false, created: 30, updated: 0, unchanged: 0 });
      expect((await w.hub.app.board.itemPage(board.slug, { limit: 100 })).items).toHaveLength(30);

      const again = await post(`/boards/${board.slug}/import?dryRun=false`, body);
      expect(again.json()).toMatchObject({ created: 0, updated: 0, unchanged: 30 });
    });

    it('takes the Status options of gh project field-list as `fields`, which order the new columns', async () => {
      const board = await newBoard();
      const body = { ...JSON.parse(ghExport(3)), ...JSON.parse(ghFields(['Todo', 'Blocked', 'Done'])) };
      const res = await post(`/boards/${board.slug}/import?dryRun=true`, body);
      expect(res.statusCode).toBe(200);
      expect(res.json().columnsCreated).toContain('Blocked');
    });

    it('refuses what is not an export (400/422 problem+json), an unknown board (404), and stores nothing', async () => {
      const board = await newBoard();
      const before = await w.snapshot();
      const cases: [string, string | object, number][] = [
        [`/boards/${board.slug}/import`, [], 400],
        [`/boards/${board.slug}/import`, { items: 'many' }, 400],
        [`/boards/${board.slug}/import`, { items: [], extra: 1, totalCount: 'x' }, 400],
        [`/boards/${board.slug}/import`, '{"items": [', 400],
        [`/boards/${board.slug}/import`, { items: [{ content: { title: 'No id' } }] }, 422],
        [`/boards/${board.slug}/import`, { items: [{ id: 'A', content: { title: 'a' } }, { id: 'A' }] }, 422],
        [`/boards/${board.slug}/import?dryRun=maybe`, { items: [] }, 400],
        ['/boards/no-such-board/import', { items: [] }, 404],
      ];
      for (const [url, payload, status] of cases) {
        const res = await post(url, payload);
        expect(res.statusCode, `${url} ${JSON.stringify(payload).slice(0, 60)}`).toBe(status);
        expect(res.headers['content-type']).toContain('application/problem+json');
      }
      expect(await w.snapshot()).toEqual(before);
    });

    it('takes an export of up to 20 MB and refuses a larger one with 413', async () => {
      const board = await newBoard();
      const padding = 'x'.repeat(1024 * 1024);
      const big = { items: [{ id: 'PVTI_big', content: { title: 'Big', body: padding.repeat(2) } }] };
      const ok = await post(`/boards/${board.slug}/import?dryRun=true`, big);
      expect(ok.statusCode).toBe(200);
      const before = await w.snapshot();
      const huge = JSON.stringify({ items: [], pad: padding.repeat(21) });
      const res = await post(`/boards/${board.slug}/import`, huge);
      expect(res.statusCode).toBe(413);
      expect(res.headers['content-type']).toContain('application/problem+json');
      expect(res.json().detail).toContain('20 MB');
      expect(await w.snapshot()).toEqual(before);
    });

    it('lets only maintainers import: 401 to visitors, 403 to members, nothing stored', async () => {
      const board = await newBoard();
      const body = JSON.parse(ghExport(2));
      const before = await w.snapshot();
      expect((await post(`/boards/${board.slug}/import`, body, { as: null })).statusCode).toBe(401);
      expect((await post(`/boards/${board.slug}/import`, body, { as: w.member })).statusCode).toBe(403);
      expect(
        (await post(`/boards/${board.slug}/import?dryRun=true`, body, { as: w.member })).statusCode,
      ).toBe(403);
      expect(await w.snapshot()).toEqual(before);
    });
  });

  describe('the planning page', () => {
    it('previews a Markdown page with ?dryRun=true, says what it assumed, and stores nothing', async () => {
      const before = await w.snapshot();
      const res = await post(
        '/imports/planning-page?dryRun=true&weekday=4&timeZone=Europe/Berlin',
        OWN_PAGE,
        {
          type: 'text/markdown',
        },
      );
      expect(res.statusCode).toBe(200);
      const plan = res.json();
      expect(plan).toMatchObject({ dryRun: true, unchanged: false, series: { action: 'create' } });
      expect(plan.ideas.create).toHaveLength(5);
      expect(plan.assumptions.map((a: { key: string }) => a.key)).toEqual([
        'docs.weekdayFromOption',
        'docs.timeZoneFromOption',
        'docs.assumedStartDate',
      ]);
      expect(plan.assumptions[0].message).toBe('The meetings are on Thursday, as chosen.');
      expect(plan.assumptions[1].message).toContain('Europe/Berlin');
      expect(await w.snapshot()).toEqual(before);
    });

    it('refuses a page that lacks what it needs and bad options (400) and a page over 1 MB (413)', async () => {
      const before = await w.snapshot();
      // What the page does not say is asked for by the options that answer it, with what it does say.
      const missing = await post('/imports/planning-page', OWN_PAGE, { type: 'text/markdown' });
      expect(missing.statusCode).toBe(400);
      expect(missing.json().detail).toBe(
        'The page says: Weeks: biweekly on even calendar weeks; Time: from 16:30 to 17:15.',
      );
      expect(missing.json().errors).toEqual([
        { field: 'weekday', message: 'Choose the weekday of the meetings.' },
        { field: 'timeZone', message: 'Give the time zone of these times.' },
      ]);
      const german = await post('/imports/planning-page?weekRule=odd&startTime=09:00', OWN_PAGE, {
        type: 'text/markdown',
        lang: 'de',
      });
      expect(german.json().detail).toBe(
        'Die Seite sagt: Wochen: alle zwei Wochen in ungeraden Kalenderwochen; Uhrzeit: von 09:00 bis 09:45.',
      );
      for (const [url, payload, type] of [
        ['/imports/planning-page?weekday=8', OWN_PAGE, 'text/markdown'],
        ['/imports/planning-page?colour=red', OWN_PAGE, 'text/markdown'],
        ['/imports/planning-page', { markdown: 42 }, 'application/json'],
        ['/imports/planning-page', { text: OWN_PAGE }, 'application/json'],
      ] as const) {
        const res = await post(url, payload, { type });
        expect(res.statusCode, `${url} ${type}`).toBe(400);
      }
      const huge = await post('/imports/planning-page?weekday=1', `# Big\n\n${'x'.repeat(1024 * 1024)}`, {
        type: 'text/markdown',
      });
      expect(huge.statusCode).toBe(413);
      expect(huge.json().detail).toContain('1 MB');
      const xml = await post('/imports/planning-page', '<page/>', { type: 'application/xml' });
      expect(xml.statusCode).toBe(415);
      expect(await w.snapshot()).toEqual(before);
    });

    it('lets only maintainers import the page: 401 to visitors, 403 to members, nothing stored', async () => {
      const before = await w.snapshot();
      const json = { markdown: OWN_PAGE, weekday: 4 };
      expect((await post('/imports/planning-page', json, { as: null })).statusCode).toBe(401);
      expect((await post('/imports/planning-page?dryRun=true', json, { as: w.member })).statusCode).toBe(403);
      expect(await w.snapshot()).toEqual(before);
    });

    it('imports the page from JSON with its options, then exports it as Markdown (the same as /docs/planning.md)', async () => {
      const applied = await post('/imports/planning-page', {
        markdown: OWN_PAGE,
        weekday: 4,
        timeZone: 'America/New_York',
        lang: 'en',
      });
      expect(applied.statusCode).toBe(200);
      expect(applied.json()).toMatchObject({ dryRun: false, unchanged: false });
      const { series } = await w.hub.app.meetings.get('community-planning');
      expect(series.schedule).toMatchObject({ weekday: 4, timeZone: 'America/New_York' });
      const again = await post('/imports/planning-page?dryRun=true', {
        markdown: OWN_PAGE,
        weekday: '4',
        timeZone: 'America/New_York',
      });
      expect(again.json().ideas).toMatchObject({ create: [], unchanged: 5 });

      await buildIdea(w.hub, w.maintainer, { title: 'Exported roadmap idea', status: 'backlog' });
      const exported = await w.hub.server.inject({ method: 'GET', url: '/api/v1/planning-page?lang=de' });
      expect(exported.statusCode).toBe(200);
      expect(exported.headers['content-type']).toBe('text/markdown; charset=utf-8');
      const page = await w.hub.server.inject({ method: 'GET', url: '/docs/planning.md?lang=de' });
      expect(exported.body).toBe(page.body);
      expect(exported.body).toContain('Exported roadmap idea');
      const cached = await w.hub.server.inject({
        method: 'GET',
        url: '/api/v1/planning-page?lang=de',
        headers: { 'if-none-match': String(exported.headers.etag) },
      });
      expect(cached.statusCode).toBe(304);
      const withRoadmap = await w.hub.server.inject({
        method: 'GET',
        url: '/api/v1/planning-page?include=roadmap',
      });
      expect(withRoadmap.statusCode).toBe(200);
      const bad = await w.hub.server.inject({ method: 'GET', url: '/api/v1/planning-page?include=all' });
      expect(bad.statusCode).toBe(400);
      expect(bad.headers['content-type']).toContain('application/problem+json');
    });
  });
});

import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import MarkdownIt from 'markdown-it';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ValidationError } from '../src/domain/errors.js';
import { MAX_PAGE_BYTES } from '../src/domain/planning-page.js';
import { normalizeWebUrl } from '../src/domain/web-url.js';
import { exportPlanningPage } from '../src/web/planning-page-parts.js';
import { PageClient } from './support/client.js';
import { buildUser, signedInClient, type TestUser } from './support/factories.js';
import { ENGINES, type Hub, startHub } from './support/hub.js';

const OWN_PAGE = readFileSync(new URL('./fixtures/planning-page.md', import.meta.url), 'utf8');
const SHARED = new URL('../../shared/fixtures/planning-meetings.md', import.meta.url);
const REFERENCE_PAGE = existsSync(SHARED) ? readFileSync(SHARED, 'utf8') : null;
const NOW = () => new Date('2026-11-29T10:00:00Z');

/**
 * The structure of a page as a reader sees it, read straight from markdown-it's tokens (not
 * from Plenum's importer): title, second-level headings, admonitions, list items with links,
 * and every link of the paragraphs.
 */
function structure(markdown: string) {
  const tokens = new MarkdownIt().parse(markdown, {});
  const out = {
    title: '',
    headings: [] as string[],
    admonitions: [] as { kind: string; text: string }[],
    items: [] as { text: string; links: string[] }[],
    paragraphLinks: [] as string[],
    paragraphs: [] as string[],
  };
  const textOf = (t: (typeof tokens)[number]) =>
    (t.children ?? [])
      .filter((c) => c.type === 'text' || c.type === 'code_inline')
      .map((c) => c.content)
      .join('');
  // Link targets compared as the hub stores them: one spelling for what opens the same page
  // (`https://metal-stack.io` is `https://metal-stack.io/`, `%7b` is `{`).
  const linksOf = (t: (typeof tokens)[number]) =>
    (t.children ?? [])
      .filter((c) => c.type === 'link_open')
      .map((c) => c.attrGet('href') ?? '')
      .map((href) => normalizeWebUrl(href) ?? href);
  let inList = 0;
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    const next = tokens[i + 1];
    if (!t) continue;
    if (t.type === 'bullet_list_open') inList += 1;
    if (t.type === 'bullet_list_close') inList -= 1;
    if (t.type === 'heading_open' && next) {
      if (t.tag === 'h1') out.title = textOf(next);
      else out.headings.push(textOf(next));
    } else if (t.type === 'inline' && /^!!!\s+\w+/u.test(t.content)) {
      const body = tokens[i + 2];
      out.admonitions.push({
        kind: t.content.replace(/^!!!\s+/u, '').trim(),
        text: body?.type === 'code_block' ? body.content.replace(/\s+/gu, ' ').trim() : '',
      });
    } else if (t.type === 'inline' && inList > 0) {
      out.items.push({ text: textOf(t), links: linksOf(t) });
    } else if (t.type === 'inline' && tokens[i - 1]?.type === 'paragraph_open') {
      out.paragraphs.push(textOf(t));
      out.paragraphLinks.push(...linksOf(t));
    }
  }
  return out;
}

/** The import form as a maintainer's browser sends it, with `page` as the uploaded file. */
async function uploadPage(browser: PageClient, page: string, fields: Record<string, string>) {
  await browser.get('/docs/import');
  const form = new FormData();
  form.append('_csrf', browser.csrf);
  for (const [name, value] of Object.entries(fields)) form.append(name, value);
  form.append('file', new Blob([page], { type: 'text/markdown' }), 'planning.md');
  return browser.postMultipart('/docs/import', form);
}

describe.each(ENGINES)('planning page import and export on %s', (engine) => {
  let hub: Hub;
  let maintainer: TestUser;

  beforeAll(async () => {
    hub = await startHub(engine, { now: NOW });
    maintainer = await buildUser(hub, { role: 'maintainer' });
  });
  afterAll(() => hub.close());

  const counts = async () => ({
    series: (await hub.app.meetings.list()).length,
    ideas: (
      await hub.app.ideas.list({
        locale: 'en',
        statuses: ['proposed', 'backlog', 'roadmap', 'in_progress', 'done', 'declined', 'removed'],
      })
    ).total,
    audit: (await hub.store.read.audit.latest(10_000)).length,
  });

  it('asks for the weekday and zone a page does not name instead of inventing them', async () => {
    const before = await counts();
    await expect(hub.app.docs.importPage('system', OWN_PAGE)).rejects.toMatchObject({
      problems: [
        { field: 'weekday', key: 'error.pageAsk.weekday' },
        { field: 'timeZone', key: 'error.pageAsk.timeZone' },
      ],
    });
    expect(await counts()).toEqual(before);
  });

  it('previews an import without storing anything, and names what it was told', async () => {
    const before = await counts();
    const plan = await hub.app.docs.previewImport('system', OWN_PAGE, {
      weekday: 4,
      timeZone: 'Europe/Berlin',
    });
    expect(plan.series).toMatchObject({ action: 'create', title: 'Community Planning' });
    expect(plan.assumptions.map((a) => a.key)).toEqual([
      'docs.weekdayFromOption',
      'docs.timeZoneFromOption',
      'docs.assumedStartDate',
    ]);
    expect(plan.ideas.create).toHaveLength(5);
    expect(await counts()).toEqual(before);
  });

  it('imports its own fixture: series, board link, texts, unknown sections kept, ideas with inline links', async () => {
    const plan = await hub.app.docs.importPage('system', OWN_PAGE, {
      weekday: 4,
      timeZone: 'America/New_York',
    });
    expect(plan.unchanged).toBe(false);
    const { series } = await hub.app.meetings.get('community-planning');
    expect(series.schedule).toMatchObject({
      weekday: 4,
      startTime: '16:30',
      durationMinutes: 45,
      timeZone: 'America/New_York',
      weekRule: { kind: 'even' },
    });
    expect(series).toMatchObject({
      platform: 'Jitsi',
      joinUrl: 'https://meet.jit.si/example-planning-call',
      recorded: false,
      languages: 'English',
      invitationInfo: 'Write to the mailing list if you would like a calendar invitation.',
    });
    expect(series.purpose).toContain('agree on priorities');
    expect(series.contributeNote).toContain('You do not need to attend');
    const texts = await hub.app.settings.backlogTexts();
    expect(texts.intro.en).toContain('sorted by name');
    expect(texts.disclaimer.en).toContain('Nothing here is scheduled');
    const { items } = await hub.app.ideas.list({ locale: 'en', statuses: ['backlog'] });
    expect(items.map((i) => i.title)).toEqual([
      'Ärger-free upgrades between minor versions',
      'arm64 images for all services',
      'Better error messages for the CLI (shown before any network call)',
      'Dark mode for the web console',
      'Zero-downtime database migrations (design notes, prototype)',
    ]);
    expect(items.find((i) => i.title.startsWith('Zero'))?.links).toEqual([
      { label: 'design notes', url: 'https://example.org/design/migrations' },
      { label: 'prototype', url: 'https://github.com/example-org/prototype/pull/12' },
    ]);
    const exported = await exportPlanningPage(hub.app.docs, 'en', false);
    // The section Plenum does not understand is kept, in place.
    expect(structure(exported).headings).toEqual(['Release checklist', 'Idea Backlog']);
    expect(exported).toContain('We keep a short checklist for every release in the wiki');
    expect(exported).toContain('[roadmap project board](https://github.com/orgs/example-org/projects/7)');
  });

  it('changes nothing when the same page is imported again', async () => {
    const before = await counts();
    const plan = await hub.app.docs.importPage('system', OWN_PAGE, {
      weekday: 4,
      timeZone: 'America/New_York',
    });
    expect(plan.unchanged).toBe(true);
    expect(plan.ideas.unchanged).toBe(5);
    expect(await counts()).toEqual(before);
  });

  it('shows and applies only the difference of an edited page', async () => {
    const edited = OWN_PAGE.replace('from **16:30 to 17:15**', 'from **16:00 to 17:00**')
      .replace(
        '- Dark mode for the web console',
        '- Dark mode for the [web console](https://example.org/console)',
      )
      .replace(
        '- arm64 images for all services',
        '- arm64 images for all services\n- Offline documentation bundle',
      );
    const plan = await hub.app.docs.previewImport('system', edited, {
      weekday: 4,
      timeZone: 'America/New_York',
    });
    expect(plan.series).toMatchObject({ action: 'update', fields: ['startTime', 'durationMinutes'] });
    expect(plan.ideas).toMatchObject({
      create: ['Offline documentation bundle'],
      update: [{ title: 'Dark mode for the web console', fields: ['links'] }],
      unchanged: 4,
    });
    expect(plan.board).toBe('unchanged');
    expect(plan.texts).toEqual([]);
    const { series: before } = await hub.app.meetings.get('community-planning');
    await hub.app.docs.importPage('system', edited, { weekday: 4, timeZone: 'America/New_York' });
    const { series: after } = await hub.app.meetings.get('community-planning');
    expect(after.schedule).toMatchObject({ startTime: '16:00', durationMinutes: 60 });
    expect(after.sequence).toBe(before.sequence + 1);
    expect(
      (await hub.app.docs.previewImport('system', edited, { weekday: 4, timeZone: 'America/New_York' }))
        .unchanged,
    ).toBe(true);
  });

  describe('a bad page gets a clear report and imports nothing', () => {
    const cases: [string, string, string][] = [
      ['no backlog list', OWN_PAGE.replace(/## Idea Backlog[\s\S]*$/u, ''), 'error.pageNoBacklog'],
      [
        'a broken link',
        OWN_PAGE.replace('(https://example.org/docs/cli)', '(javascript:alert(1))'),
        'error.pageBrokenLink',
      ],
      ['duplicated items', `${OWN_PAGE}- dark mode for the Web Console\n`, 'error.pageDuplicate'],
      ['a 5 MB file', `${OWN_PAGE}\n${'x'.repeat(5 * 1024 * 1024)}\n`, 'error.pageTooLarge'],
      [
        'no schedule sentence',
        OWN_PAGE.replace(/Open planning calls[^\n]*\n/u, 'We meet sometimes.\n'),
        'error.pageAsk.weekRule',
      ],
    ];
    for (const [name, page, key] of cases) {
      it(name, async () => {
        const before = await counts();
        const err = await hub.app.docs
          .importPage('system', page, { weekday: 4, timeZone: 'Europe/Berlin' })
          .catch((e: unknown) => e);
        expect(err).toBeInstanceOf(ValidationError);
        expect((err as ValidationError).problems.map((p) => p.key)).toContain(key);
        expect(await counts()).toEqual(before);
      });
    }

    it('names the line of a broken link and of a duplicate', async () => {
      const page = `${OWN_PAGE.replace('(https://example.org/docs/cli)', '(ftp://example.org/cli)')}- Dark Mode for the web console\n`;
      const err = (await hub.app.docs
        .importPage('system', page, { weekday: 4 })
        .catch((e: unknown) => e)) as ValidationError;
      expect(err.problems).toEqual(
        expect.arrayContaining([
          expect.objectContaining({
            key: 'error.pageBrokenLink',
            params: expect.objectContaining({ line: 27, url: 'ftp://example.org/cli' }),
          }),
          expect.objectContaining({
            key: 'error.pageDuplicate',
            params: expect.objectContaining({ line: 32, first: 30 }),
          }),
        ]),
      );
    });
  });

  it('serves the page at /docs/planning.md in English and German, with ETag', async () => {
    const en = await hub.server.inject({ url: '/docs/planning.md' });
    expect(en.statusCode).toBe(200);
    expect(en.headers['content-type']).toContain('text/markdown');
    expect(en.body).toContain('**biweekly** on **even calendar weeks**');
    expect(
      (
        await hub.server.inject({
          url: '/docs/planning.md',
          headers: { 'if-none-match': String(en.headers.etag) },
        })
      ).statusCode,
    ).toBe(304);
    const de = await hub.server.inject({ url: '/docs/planning.md?lang=de' });
    expect(de.body).toContain('**alle zwei Wochen** in **geraden Kalenderwochen**');
    expect(structure(de.body).headings).toContain('Ideen-Backlog');
    expect((await hub.server.inject({ url: '/docs/planning.md?include=everything' })).statusCode).toBe(400);
  });

  it('lists roadmap ideas only when asked', async () => {
    const idea = await hub.app.ideas.propose(maintainer.actor, {
      title: 'Roadmap item for export',
      status: 'backlog',
    });
    await hub.app.ideas.changeStatus(maintainer.actor, idea.id, 1, 'roadmap', null);
    expect(await exportPlanningPage(hub.app.docs, 'en', false)).not.toContain('Roadmap item for export');
    expect(await exportPlanningPage(hub.app.docs, 'en', true)).toContain('- Roadmap item for export');
  });

  it('lets a maintainer preview and apply an uploaded page in the browser form; members may not', async () => {
    const page = OWN_PAGE.replace('- Dark mode', '- Keyboard shortcuts\n- Dark mode');
    const browser = await signedInClient(hub, maintainer);
    const fields = { action: 'preview', weekday: '4', timeZone: 'America/New_York', lang: 'en' };
    const preview = await uploadPage(browser, page, fields);
    expect(preview.statusCode).toBe(200);
    expect(preview.body).toContain('Add 1 idea to the backlog');
    expect(preview.body).toContain('Keyboard shortcuts');
    // Said in the reader's words: the schedule as read, never keys or option names.
    expect(preview.body).toContain(
      'The schedule read from the page: biweekly on even calendar weeks, Thursday, from 16:30 to 17:15 (America/New_York), on Jitsi, not recorded.',
    );
    expect(preview.body).not.toMatch(/intro\.en|--weekday|1 = Monday/u);
    expect((await hub.app.ideas.list({ locale: 'en', q: 'keyboard' })).total).toBe(0);
    const applied = await browser.post('/docs/import', {
      action: 'apply',
      text: page,
      weekday: '4',
      timeZone: 'America/New_York',
      lang: 'en',
    });
    expect(applied.statusCode).toBe(303);
    expect((await hub.app.ideas.list({ locale: 'en', q: 'keyboard' })).total).toBe(1);

    const member = await buildUser(hub);
    const memberBrowser = await signedInClient(hub, member);
    expect((await memberBrowser.get('/docs/import')).statusCode).toBe(403);
    expect((await new PageClient(hub).get('/docs/import')).statusCode).toBe(401);
  });

  it('refuses an uploaded page larger than an import takes beside the file field, with the form kept', async () => {
    const browser = await signedInClient(hub, maintainer);
    const before = await counts();
    const fields = { action: 'apply', weekday: '4', timeZone: 'America/New_York', lang: 'de' };
    const refused = await uploadPage(browser, `${OWN_PAGE}${'x'.repeat(MAX_PAGE_BYTES)}`, fields);
    expect(refused.statusCode).toBe(422);
    expect(refused.headers['content-type']).toContain('text/html');
    expect(refused.body).toMatch(/class="field-error"[^>]*>[^<]*The page is larger than 1 MB/u);
    expect(refused.body).toMatch(/<option value="de" selected/u);
    expect(refused.body).not.toContain('x'.repeat(1000));
    expect(await counts()).toEqual(before);
  });
});

/** The answers the own fixture needs: it names neither its weekday nor its zone. */
const ZONED = { weekday: 4, timeZone: 'Europe/Berlin' };

describe.each(ENGINES)('large planning pages on %s', (engine) => {
  let hub: Hub;
  beforeAll(async () => {
    hub = await startHub(engine, { now: NOW });
  });
  afterAll(() => hub.close());

  /** The own fixture with its backlog list replaced by `n` ideas, every tenth with a link. */
  const pageWith = (n: number) =>
    OWN_PAGE.replace(
      /\n- [\s\S]*$/u,
      `\n${Array.from({ length: n }, (_, i) =>
        i % 10 === 0 ? `- Idea ${i} and its [notes](https://example.org/notes/${i})` : `- Idea ${i}`,
      ).join('\n')}\n`,
    );
  const backlogSize = async () =>
    (await hub.app.ideas.list({ locale: 'en', statuses: ['backlog'], limit: 1 })).total;

  it('imports a page with 20 000 ideas', async () => {
    const plan = await hub.app.docs.importPage('system', pageWith(20_000), ZONED);
    expect(plan.ideas.create).toHaveLength(20_000);
    expect(await backlogSize()).toBe(20_000);
    const idea = await hub.app.ideas.get('idea-19990-and-its-notes');
    expect(idea.idea.links).toEqual([{ label: 'notes', url: 'https://example.org/notes/19990' }]);
  }, 120_000);

  it('imports the same 20 000 ideas again and finds nothing changed', async () => {
    const plan = await hub.app.docs.importPage('system', pageWith(20_000), ZONED);
    expect(plan.unchanged).toBe(true);
    expect(plan.ideas.unchanged).toBe(20_000);
    expect(await backlogSize()).toBe(20_000);
  }, 120_000);

  it('refuses a page with more ideas than an import takes, at once and readably, through the form', async () => {
    const maintainer = await buildUser(hub, { role: 'maintainer' });
    const browser = await signedInClient(hub, maintainer);
    const refused = await uploadPage(browser, pageWith(20_001), {
      action: 'apply',
      weekday: '4',
      lang: 'en',
    });
    expect(refused.statusCode).toBe(422);
    expect(refused.body).toContain('The page lists 20001 ideas; an import takes at most 20000.');
    expect(await backlogSize()).toBe(20_000);
  }, 120_000);
});

describe('plenum import page', () => {
  const ROOT = fileURLToPath(new URL('../', import.meta.url));
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'plenum-page-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const plenum = (args: string[]) => {
    const env: NodeJS.ProcessEnv = { ...process.env };
    for (const name of Object.keys(env))
      if (name.startsWith('PLENUM_') || name === 'DATABASE_URL') delete env[name];
    const r = spawnSync(process.execPath, [join(ROOT, 'bin', 'plenum.js'), ...args], {
      cwd: ROOT,
      env: { ...env, PLENUM_DATA_DIR: dir },
      encoding: 'utf8',
      timeout: 60_000,
    });
    return { status: r.status, stdout: r.stdout, stderr: r.stderr };
  };
  const pageWith = (n: number) =>
    OWN_PAGE.replace(/\n- [\s\S]*$/u, `\n${Array.from({ length: n }, (_, i) => `- Idea ${i}`).join('\n')}\n`);

  it('names the flags that answer what the page does not say, and stores nothing', () => {
    const page = join(dir, 'small.md');
    writeFileSync(page, pageWith(3));
    const asked = plenum(['import', 'page', page]);
    expect(asked.status).toBe(1);
    expect(asked.stderr).toContain(
      'The page says: Weeks: biweekly on even calendar weeks; Time: from 16:30 to 17:15.',
    );
    expect(asked.stderr).toContain('Give the weekday with --weekday');
    expect(asked.stderr).toContain('Give the time zone with --timezone');
    const answered = plenum([
      'import',
      'page',
      page,
      '--weekday',
      'thursday',
      '--timezone',
      'Europe/Berlin',
      '--weeks',
      'odd',
      '--start',
      '09:00',
      '--end',
      '09:30',
      '--dry-run',
    ]);
    expect(answered.stderr).toBe('');
    expect(answered.stdout).toContain(
      'biweekly on odd calendar weeks, Thursday, from 09:00 to 09:30 (Europe/Berlin)',
    );
  }, 60_000);

  it('plans a page of 20 000 ideas, refuses one with more, and stops reading a file that does not end', () => {
    const page = join(dir, 'page.md');
    writeFileSync(page, pageWith(20_000));
    const planned = plenum([
      'import',
      'page',
      page,
      '--weekday',
      '4',
      '--timezone',
      'Europe/Berlin',
      '--dry-run',
    ]);
    expect(planned.stderr).toBe('');
    expect(planned.stdout).toContain('Add 20000 ideas to the backlog');
    writeFileSync(page, pageWith(20_001));
    const tooMany = plenum(['import', 'page', page, '--weekday', '4']);
    expect(tooMany.status).toBe(1);
    expect(tooMany.stderr).toContain('The page lists 20001 ideas; an import takes at most 20000.');
    // Read up to the limit and no further: /dev/zero would otherwise fill the memory.
    const endless = plenum(['import', 'page', '/dev/zero']);
    expect(endless.status).toBe(1);
    expect(endless.stderr).toContain('/dev/zero has more than 1 MB; a planning page holds at most 1 MB.');
  }, 120_000);
});

describe.runIf(REFERENCE_PAGE !== null)('the reference community page (../shared/fixtures)', () => {
  let first: Hub;
  let second: Hub;
  beforeAll(async () => {
    first = await startHub('sqlite', { now: NOW });
    second = await startHub('postgres', { now: NOW });
  });
  afterAll(async () => {
    await first.close();
    await second.close();
  });

  it('imports, exports the same structure, and round-trips into a fresh database on the other engine', async () => {
    const page = REFERENCE_PAGE as string;
    await first.app.docs.importPage('system', page, { weekday: 1, timeZone: 'Europe/Berlin' });
    const { series } = await first.app.meetings.get('planning-meetings');
    expect(series.schedule).toMatchObject({
      weekday: 1,
      startTime: '14:00',
      durationMinutes: 30,
      timeZone: 'Europe/Berlin',
      weekRule: { kind: 'odd' },
    });
    expect(series).toMatchObject({ platform: 'Microsoft Teams', recorded: false });
    expect(series.joinUrl).toMatch(/^https:\/\/teams\.microsoft\.com\//u);

    const exported = await exportPlanningPage(first.app.docs, 'en', false);
    const a = structure(page);
    const b = structure(exported);
    expect(b.title).toBe(a.title);
    expect(b.headings).toEqual(a.headings);
    expect(b.admonitions).toEqual(a.admonitions);
    expect(b.items).toEqual(a.items);
    expect(b.paragraphLinks).toEqual(a.paragraphLinks);
    expect(b.paragraphs[0]).toMatch(
      /biweekly on odd calendar weeks, Mondays from 14:00 to 14:30 \(Europe\/Berlin\) on Microsoft Teams\./u,
    );

    // The exported page says the weekday and zone itself: no options needed.
    const plan = await second.app.docs.importPage('system', exported);
    expect(plan.assumptions.map((x) => x.key)).toEqual(['docs.assumedStartDate']);
    const one = await first.app.docs.exportData(['backlog']);
    const two = await second.app.docs.exportData(['backlog']);
    const comparable = (d: typeof one) => ({
      series: d.series && {
        ...d.series,
        id: '',
        createdAt: '',
        updatedAt: '',
        sequence: 0,
        version: 0,
        slug: d.series.slug,
      },
      board: d.board,
      texts: d.texts,
      ideas: d.ideas
        .map((i) => ({ title: i.title, links: i.links }))
        .sort((x, y) => x.title.localeCompare(y.title)),
      layout: d.page?.layout,
    });
    expect(comparable(two)).toEqual(comparable(one));
    expect(await exportPlanningPage(second.app.docs, 'en', false)).toBe(exported);
  });
});

import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeEntities, PageClient, textsOf } from './support/client.js';
import { buildIdea, buildUser, PASSWORD, signedInClient, type TestUser } from './support/factories.js';
import { ENGINES, type Hub, startHub } from './support/hub.js';

const DEFAULT_INTRO_EN = 'The backlog contains ideas of what could become part of the roadmap in the future.';
const DEFAULT_DISCLAIMER_EN =
  'By no means this list is a promise of what is being worked on in the near future.';
const ALL_STATUSES = [
  'proposed',
  'backlog',
  'roadmap',
  'in_progress',
  'done',
  'declined',
  'removed',
] as const;

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/gu, '\\$&');
}

/** Values of the `<input>` elements with this name, in document order. */
function inputValues(html: string, name: string): string[] {
  return (html.match(/<input\b[^>]*>/gu) ?? [])
    .filter((tag) => tag.includes(` name="${name}"`))
    .map((tag) => decodeEntities(/\svalue="([^"]*)"/u.exec(tag)?.[1] ?? ''));
}

function textareaValue(html: string, name: string): string | undefined {
  const m = new RegExp(
    `<textarea\\b[^>]*\\sname="${escapeRegExp(name)}"[^>]*>([\\s\\S]*?)</textarea>`,
    'u',
  ).exec(html);
  return m?.[1] === undefined ? undefined : decodeEntities(m[1]);
}

function fieldError(html: string, field: string): string | undefined {
  const m = new RegExp(
    `<p class="field-error" id="field-${escapeRegExp(field)}-error">([^<]*)</p>`,
    'u',
  ).exec(html);
  return m?.[1] === undefined ? undefined : decodeEntities(m[1]);
}

/** The `<div class="field …">` of one form field: label, hint, error and control together. */
function fieldBlock(html: string, name: string): string {
  const start = html.indexOf(`<label for="field-${name}">`);
  if (start < 0) return '';
  const open = html.lastIndexOf('<div class="field', start);
  return html.slice(open, html.indexOf('</div>', start));
}

function setCookie(res: LightMyRequestResponse, name: string): string | undefined {
  const raw = res.headers['set-cookie'];
  const all = raw === undefined ? [] : Array.isArray(raw) ? raw : [raw];
  return all.find((c) => c.startsWith(`${name}=`));
}

function hrefs(html: string): string[] {
  return [...html.matchAll(/\shref="([^"]*)"/gu)].map((m) => decodeEntities(m[1] ?? ''));
}

/** The notice a redirect asked the next page to show. */
function notice(html: string): string | undefined {
  const m = /<p class="notice" role="status">([^<]*)<\/p>/u.exec(html);
  return m?.[1] === undefined ? undefined : decodeEntities(m[1]);
}

function listedTitles(html: string): string[] {
  return textsOf(html, 'idea-title');
}

describe.each(ENGINES)('pages on %s', (engine) => {
  let hub: Hub;
  let member: TestUser;
  let maintainer: TestUser;
  let maintainer2: TestUser;
  let admin: TestUser;

  beforeAll(async () => {
    hub = await startHub(engine);
    [member, maintainer, maintainer2, admin] = await Promise.all([
      buildUser(hub, { name: 'Mia Member' }),
      buildUser(hub, { role: 'maintainer', name: 'Max Maintainer' }),
      buildUser(hub, { role: 'maintainer', name: 'Moe Maintainer' }),
      buildUser(hub, { role: 'admin', name: 'Ada Admin' }),
    ]);
  });
  afterAll(() => hub.close());

  const countIdeas = async () =>
    (await hub.app.ideas.list({ locale: 'en', statuses: ALL_STATUSES, limit: 500 })).total;

  describe('the backlog', () => {
    it('is public and, while empty, shows the default intro, the no-promise note and the empty state', async () => {
      const res = await new PageClient(hub).get('/backlog');
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toContain('text/html');
      expect(res.body).toContain('<h1>Idea backlog</h1>');
      expect(res.body).toContain(DEFAULT_INTRO_EN);
      expect(res.body).toMatch(
        /<aside class="admonition admonition-danger" aria-label="This list is no promise"><p class="admonition-title">This list is no promise<\/p>/u,
      );
      expect(res.body).toContain(DEFAULT_DISCLAIMER_EN);
      expect(res.body).toContain(
        '<p class="empty">No ideas yet. Propose the first one; a maintainer will triage it.</p>',
      );
      expect(res.body).toContain('Sign in to propose an idea');
      expect(res.body).not.toContain('href="/backlog/texts"');
    });

    it('lists ideas alphabetically by locale-aware collation, not by byte order or age', async () => {
      for (const title of ['Zebra', 'äpfel', 'Apfel 10', 'Apfel 9', 'apfel 2']) {
        await buildIdea(hub, maintainer, { title, tags: ['fruit'], status: 'backlog' });
      }
      const expected = ['äpfel', 'apfel 2', 'Apfel 9', 'Apfel 10', 'Zebra'];
      const res = await new PageClient(hub).get('/backlog');
      expect(listedTitles(res.body)).toEqual(expected);
      expect(res.body).toContain('5 ideas, alphabetically');
      const german = await new PageClient(hub).get('/backlog?lang=de');
      expect(listedTitles(german.body)).toEqual(expected);
    });

    it('filters by status, tag and words, and keeps every filter in the URL', async () => {
      await buildIdea(hub, member, {
        title: 'Café finder',
        description: 'Find the nearest café',
        tags: ['maps'],
      });
      await buildIdea(hub, maintainer, {
        title: 'Route planner',
        description: 'Plan routes by bike',
        tags: ['maps'],
        status: 'backlog',
      });
      await buildIdea(hub, maintainer, {
        title: 'Cafeteria menu',
        description: 'What is for lunch',
        tags: ['food'],
        status: 'backlog',
      });
      const client = new PageClient(hub);
      const page = await client.get('/backlog');
      // The filter form is a GET form, so whatever is chosen ends up in the address.
      expect(page.body).toContain('<form method="get" action="/backlog" class="filters">');

      const proposed = await client.get('/backlog?status=proposed');
      expect(listedTitles(proposed.body)).toEqual(['Café finder']);
      const backlogOnly = await client.get('/backlog?status=backlog');
      expect(listedTitles(backlogOnly.body)).toEqual([
        'äpfel',
        'apfel 2',
        'Apfel 9',
        'Apfel 10',
        'Cafeteria menu',
        'Route planner',
        'Zebra',
      ]);
      const both = await client.get('/backlog?status=proposed&status=backlog&tag=maps');
      expect(listedTitles(both.body)).toEqual(['Café finder', 'Route planner']);
      const words = await client.get(`/backlog?q=${encodeURIComponent('CAFE')}`);
      expect(listedTitles(words.body)).toEqual(['Café finder', 'Cafeteria menu']);
      const twoWords = await client.get(`/backlog?q=${encodeURIComponent('cafe nearest')}`);
      expect(listedTitles(twoWords.body)).toEqual(['Café finder']);

      const all = await client.get(`/backlog?status=backlog&tag=maps&q=${encodeURIComponent('bike routes')}`);
      expect(listedTitles(all.body)).toEqual(['Route planner']);
      const html = all.body;
      expect(html).toContain('<input type="checkbox" name="status" value="backlog" checked/>');
      expect(html).toContain('<input type="checkbox" name="status" value="proposed"/>');
      expect(html).toContain('<option value="maps" selected>maps (2)</option>');
      // The header's search box sends q to /search; the backlog's own box is in the main part.
      expect(inputValues(html.slice(html.indexOf('<main')), 'q')).toEqual(['bike routes']);
      expect(hrefs(html)).toContain('/backlog');
      expect(html).toContain('Clear filters');
      // Switching the language keeps the filters.
      const switchLink = hrefs(html).find((h) => h.includes('lang=de'));
      expect(switchLink).toBe('/backlog?status=backlog&tag=maps&q=bike+routes&lang=de');
      const switched = await client.get(switchLink ?? '');
      expect(listedTitles(switched.body)).toEqual(['Route planner']);
      expect(switched.body).toContain('<html lang="de">');
    });

    it('says so when no idea matches the filters', async () => {
      const res = await new PageClient(hub).get('/backlog?q=unicorns');
      expect(res.statusCode).toBe(200);
      expect(listedTitles(res.body)).toEqual([]);
      expect(res.body).toContain('<p class="empty">No idea matches these filters.</p>');
    });

    it('shows intro and note as edited by a maintainer, in English and in German', async () => {
      const client = await signedInClient(hub, maintainer);
      const backlog = await client.get('/backlog');
      expect(backlog.body).toContain('href="/backlog/texts"');
      const form = await client.get('/backlog/texts');
      expect(form.statusCode).toBe(200);
      const version = inputValues(form.body, 'version')[0] ?? '';
      const res = await client.post('/backlog/texts', {
        version,
        'intro.en': 'Our **community** ideas.',
        'intro.de': 'Die Ideen unserer **Gemeinschaft**.',
        'disclaimer.en': 'Nothing here is promised.',
        'disclaimer.de': 'Nichts hiervon ist versprochen.',
      });
      expect(res.statusCode).toBe(303);
      expect(res.headers.location).toBe('/backlog?notice=texts.saved');
      const after = await client.follow(res);
      expect(notice(after.body)).toBe('Texts saved.');

      const en = await new PageClient(hub).get('/backlog');
      expect(en.body).toContain('<p>Our <strong>community</strong> ideas.</p>');
      expect(en.body).toMatch(
        /This list is no promise<\/p><div class="prose"><p>Nothing here is promised.<\/p>/u,
      );
      expect(en.body).not.toContain(DEFAULT_INTRO_EN);
      expect(en.body).not.toContain(DEFAULT_DISCLAIMER_EN);
      const de = await new PageClient(hub).get('/backlog?lang=de');
      expect(de.body).toContain('<p>Die Ideen unserer <strong>Gemeinschaft</strong>.</p>');
      expect(de.body).toMatch(
        /Diese Liste ist keine Zusage<\/p><div class="prose"><p>Nichts hiervon ist versprochen.<\/p>/u,
      );
      expect(de.body).not.toContain('Nothing here is promised.');
    });

    it('answers a stale edit of the texts with 409 and keeps what was typed', async () => {
      const first = await signedInClient(hub, maintainer);
      const second = await signedInClient(hub, maintainer2);
      const page = await first.get('/backlog/texts');
      await second.get('/backlog/texts');
      const version = inputValues(page.body, 'version')[0] ?? '';
      const saved = await first.post('/backlog/texts', { version, 'intro.en': 'First says hello.' });
      expect(saved.statusCode).toBe(303);

      const typed = {
        version,
        'intro.en': 'Second <b>writes</b> "more".',
        'intro.de': 'Zweiter schreibt.',
        'disclaimer.en': '',
        'disclaimer.de': '',
      };
      const stale = await second.post('/backlog/texts', typed);
      expect(stale.statusCode).toBe(409);
      expect(stale.body).toContain('Someone else saved these texts meanwhile.');
      expect(textareaValue(stale.body, 'intro.en')).toBe(typed['intro.en']);
      expect(textareaValue(stale.body, 'intro.de')).toBe(typed['intro.de']);
      expect(Number(inputValues(stale.body, 'version')[0])).toBe(Number(version) + 1);
      expect((await hub.app.settings.backlogTexts()).intro.en).toBe('First says hello.');

      // Saving again on purpose replaces the other text.
      const again = await second.post('/backlog/texts', {
        ...typed,
        version: inputValues(stale.body, 'version')[0] ?? '',
      });
      expect(again.statusCode).toBe(303);
      expect((await hub.app.settings.backlogTexts()).intro.en).toBe(typed['intro.en']);
      const shown = await new PageClient(hub).get('/backlog');
      expect(shown.body).toContain('<p>Second &lt;b&gt;writes&lt;/b&gt; &quot;more&quot;.</p>');
    });

    it('lets only maintainers edit the texts', async () => {
      const client = await signedInClient(hub, member);
      expect((await client.get('/backlog/texts')).statusCode).toBe(403);
      const before = await hub.app.settings.backlogTexts();
      const res = await client.post('/backlog/texts', {
        version: String(before.version),
        'intro.en': 'Mine now',
      });
      expect(res.statusCode).toBe(403);
      expect(await hub.app.settings.backlogTexts()).toEqual(before);
      const anonymous = await new PageClient(hub).get('/backlog/texts');
      expect(anonymous.statusCode).toBe(401);
      expect(anonymous.body).toContain('href="/login?next=%2Fbacklog%2Ftexts"');
    });
  });

  describe('language', () => {
    it('switches to German with ?lang=de and remembers the choice in a cookie', async () => {
      const client = new PageClient(hub);
      const res = await client.get('/backlog?lang=de');
      expect(res.body).toContain('<html lang="de">');
      expect(res.body).toContain('<h1>Ideen-Backlog</h1>');
      expect(setCookie(res, 'plenum_lang')).toMatch(/^plenum_lang=de;/u);
      const later = await client.get('/ideas/new');
      expect(later.body).toContain('<html lang="de">');
      expect(later.body).toContain('<h1>Idee vorschlagen</h1>');
      const back = await client.get('/backlog?lang=en');
      expect(back.body).toContain('<h1>Idea backlog</h1>');
      expect((await client.get('/backlog')).body).toContain('<html lang="en">');
    });

    it('follows Accept-Language when nothing else is chosen', async () => {
      const de = await new PageClient(hub).get('/backlog', {
        'accept-language': 'fr-CH, de;q=0.9, en;q=0.8',
      });
      expect(de.body).toContain('<html lang="de">');
      expect(de.body).toContain('<h1>Ideen-Backlog</h1>');
      const en = await new PageClient(hub).get('/backlog', { 'accept-language': 'en-GB,de;q=0.5' });
      expect(en.body).toContain('<html lang="en">');
    });

    it('puts a signed-in user’s language setting before the browser’s', async () => {
      const who = await buildUser(hub, { name: 'Lou Language' });
      const client = await signedInClient(hub, who);
      await client.get('/backlog?lang=en');
      const profile = await client.get('/profile');
      const res = await client.post('/profile', {
        name: who.user.name,
        locale: 'de',
        timeZone: '',
        version: inputValues(profile.body, 'version')[0] ?? '',
      });
      expect(res.statusCode).toBe(303);
      const page = await client.get('/backlog', { 'accept-language': 'en' });
      expect(page.body).toContain('<html lang="de">');
      expect(page.body).toContain('<h1>Ideen-Backlog</h1>');
    });
  });

  describe('the idea page', () => {
    it('renders the description from Markdown without raw HTML or script links', async () => {
      const idea = await buildIdea(hub, member, {
        title: 'Markdown safety',
        description: [
          'Some **bold** words.',
          '',
          '<script>alert("owned")</script>',
          '',
          '[x](javascript:alert(1)) and <img src=x onerror=alert(2)>',
        ].join('\n'),
      });
      const res = await new PageClient(hub).get(`/ideas/${idea.slug}`);
      expect(res.statusCode).toBe(200);
      expect(res.body).toContain('<p>Some <strong>bold</strong> words.</p>');
      expect(res.body).toContain('&lt;script&gt;alert(&quot;owned&quot;)&lt;/script&gt;');
      const prose = /<div class="prose">([\s\S]*?)<\/div>/u.exec(res.body)?.[1] ?? '';
      expect(prose).toContain('<strong>bold</strong>');
      expect(prose).not.toMatch(/<script|<img/iu);
      expect(res.body).not.toMatch(/<script[^>]*>alert|<img/iu);
      expect(res.body).not.toMatch(/href="\s*javascript:/iu);
      expect(prose).toContain('[x](javascript:alert(1))');
      const list = await new PageClient(hub).get('/backlog?q=safety');
      expect(list.body).toContain('Markdown safety');
      expect(list.body).not.toMatch(/<script[^>]*>alert|<img/iu);
    });

    it('shows links, tags, proposer and history', async () => {
      const idea = await buildIdea(hub, member, {
        title: 'Everything shown',
        description: 'See the issue.',
        tags: ['ui', 'docs'],
        links: [{ label: 'Issue 12', url: 'https://example.org/issues/12?a=1&b=2' }],
      });
      await hub.app.ideas.changeStatus(maintainer.actor, idea.id, 1, 'backlog', undefined);
      await hub.app.ideas.update(maintainer.actor, idea.id, 2, {
        title: 'Everything shown',
        description: 'See the issue, please.',
        tags: ['ui', 'docs'],
        links: idea.links,
      });
      const res = await new PageClient(hub).get(`/ideas/${idea.slug}`);
      expect(res.statusCode).toBe(200);
      expect(res.body).toContain('<h1>Everything shown</h1>');
      expect(res.body).toContain(
        '<a href="https://example.org/issues/12?a=1&amp;b=2" rel="nofollow ugc noopener">Issue 12</a>',
      );
      expect(hrefs(res.body)).toEqual(expect.arrayContaining(['/backlog?tag=docs', '/backlog?tag=ui']));
      // The proposer's name links to their public profile.
      expect(res.body).toMatch(/Proposed by: <a href="\/people\/[^"]+">Mia Member<\/a>/u);
      expect(res.body).toContain('data-status="backlog"');
      // Each entry: the time, how long ago it was, what happened.
      const history = [
        ...res.body.matchAll(
          /<li><time[^>]*>[^<]*<\/time><span class="relative-time"[^>]*> \([^<)]+\)<\/span> — ([^<]*)<\/li>/gu,
        ),
      ].map((m) => decodeEntities(m[1] ?? ''));
      expect(history).toEqual([
        'Mia Member proposed it',
        'Max Maintainer changed the status from proposed to backlog',
        'Max Maintainer edited description',
      ]);
      expect(res.body).toMatch(/<time datetime="\d{4}-\d\d-\d\dT[^"]+Z" data-local>[^<]+UTC<\/time>/u);
      expect((await new PageClient(hub).get('/ideas/no-such-idea')).statusCode).toBe(404);
    });
  });

  describe('proposing', () => {
    it('takes a member’s proposal to the idea page with a notice', async () => {
      const client = await signedInClient(hub, member);
      const form = await client.get('/ideas/new');
      expect(form.body).toContain('action="/ideas"');
      const res = await client.post('/ideas', {
        title: 'Dark mode',
        description: 'Easier on the *eyes*.',
        tags: 'UI, accessibility',
        link_label: ['Design', '', ''],
        link_url: ['https://example.org/design', '', ''],
      });
      expect(res.statusCode).toBe(303);
      expect(res.headers.location).toBe('/ideas/dark-mode?notice=idea.proposed');
      const page = await client.follow(res);
      expect(notice(page.body)).toBe('Idea proposed — it waits for triage.');
      expect(page.body).toContain('<h1>Dark mode</h1>');
      expect(page.body).toContain('data-status="proposed"');
      const { idea } = await hub.app.ideas.get('dark-mode');
      expect(idea).toMatchObject({
        status: 'proposed',
        proposerId: member.user.id,
        tags: ['accessibility', 'ui'],
        links: [{ label: 'Design', url: 'https://example.org/design' }],
      });
    });

    it('sends a form with errors back with 422, each message at its field and everything typed', async () => {
      const client = await signedInClient(hub, member);
      await client.get('/ideas/new');
      const before = await countIdeas();
      const typed = {
        title: `A title far too long ${'x'.repeat(200)}`,
        description: 'Line one\nLine <two> & "three"',
        tags: 'good, -bad',
        link_label: ['Spec', 'Evil', ''],
        link_url: ['https://example.org/spec', 'javascript:alert(1)', ''],
      };
      const res = await client.post('/ideas', typed);
      expect(res.statusCode).toBe(422);
      expect(res.body).toContain('Please check the highlighted fields.');
      const title = fieldBlock(res.body, 'title');
      expect(title).toContain('<p class="field-error" id="field-title-error">At most 200 characters.</p>');
      expect(inputValues(title, 'title')).toEqual([typed.title]);
      expect(fieldError(res.body, 'tags')).toBe(
        'Tag “-bad” must start with a letter or digit and have at most 40 characters.',
      );
      expect(inputValues(fieldBlock(res.body, 'tags'), 'tags')).toEqual(['good, -bad']);
      expect(textareaValue(res.body, 'description')).toBe(typed.description);
      const links = res.body.slice(res.body.indexOf('<fieldset class="links-fieldset"'));
      expect(links).toMatch(
        /<p class="field-error">Only http and https addresses are allowed: “javascript:alert\(1\)”.<\/p>/u,
      );
      expect(inputValues(links, 'link_label').slice(0, 2)).toEqual(['Spec', 'Evil']);
      expect(inputValues(links, 'link_url').slice(0, 2)).toEqual([
        'https://example.org/spec',
        'javascript:alert(1)',
      ]);
      expect(await countIdeas()).toBe(before);
    });

    it('carries a signed-out visitor’s draft through sign-in and gives the form back filled in', async () => {
      const client = new PageClient(hub);
      const form = await client.get('/ideas/new');
      expect(form.body).toContain('Sign in to propose. What you typed is kept');
      const before = await countIdeas();
      const typed = {
        title: 'Offline mode',
        description: 'Works on the **train**.',
        tags: 'mobile, sync',
        link_label: ['Thread'],
        link_url: ['https://example.org/thread/7'],
      };
      const res = await client.post('/ideas', typed);
      expect(res.statusCode).toBe(401);
      expect(res.body).toContain('<h1>Sign in</h1>');
      expect(res.body).toContain(
        'Sign in to propose. What you typed is kept; after signing in you can send it.',
      );
      const draft = inputValues(res.body, 'draft')[0] ?? '';
      expect(JSON.parse(draft)).toEqual({
        title: 'Offline mode',
        description: 'Works on the **train**.',
        tags: 'mobile, sync',
        links: [{ label: 'Thread', url: 'https://example.org/thread/7' }],
      });
      expect(await countIdeas()).toBe(before);

      // A mistyped password does not lose the draft either.
      const mistyped = await client.post('/login', {
        email: member.user.email,
        password: 'not my password',
        next: inputValues(res.body, 'next')[0] ?? '',
        draft,
      });
      expect(mistyped.statusCode).toBe(422);
      expect(inputValues(mistyped.body, 'draft')).toEqual([draft]);

      const signedIn = await client.post('/login', {
        email: member.user.email,
        password: PASSWORD,
        next: inputValues(res.body, 'next')[0] ?? '',
        draft,
      });
      expect(signedIn.statusCode).toBe(200);
      expect(notice(signedIn.body)).toBe(`Signed in. Welcome, ${member.user.name}!`);
      expect(signedIn.body).toContain('<h1>Propose an idea</h1>');
      expect(inputValues(signedIn.body, 'title')).toEqual(['Offline mode']);
      expect(textareaValue(signedIn.body, 'description')).toBe('Works on the **train**.');
      expect(inputValues(signedIn.body, 'tags')).toEqual(['mobile, sync']);
      expect(inputValues(signedIn.body, 'link_label')[0]).toBe('Thread');
      expect(inputValues(signedIn.body, 'link_url')[0]).toBe('https://example.org/thread/7');

      // The form that came back is ready to send.
      const sent = await client.post('/ideas', {
        title: inputValues(signedIn.body, 'title')[0] ?? '',
        description: textareaValue(signedIn.body, 'description') ?? '',
        tags: inputValues(signedIn.body, 'tags')[0] ?? '',
        link_label: inputValues(signedIn.body, 'link_label'),
        link_url: inputValues(signedIn.body, 'link_url'),
      });
      expect(sent.statusCode).toBe(303);
      expect(sent.headers.location).toBe('/ideas/offline-mode?notice=idea.proposed');
      expect((await hub.app.ideas.get('offline-mode')).idea).toMatchObject({
        proposerId: member.user.id,
        tags: ['mobile', 'sync'],
        links: [{ label: 'Thread', url: 'https://example.org/thread/7' }],
      });
    });
  });

  it('answers the second of two concurrent edits with 409, their text intact and the current version shown', async () => {
    const idea = await buildIdea(hub, member, { title: 'Shared text', description: 'original', tags: ['a'] });
    const first = await signedInClient(hub, maintainer);
    const second = await signedInClient(hub, maintainer2);
    const firstForm = await first.get(`/ideas/${idea.slug}/edit`);
    const secondForm = await second.get(`/ideas/${idea.slug}/edit`);
    expect(inputValues(firstForm.body, 'version')).toEqual(['1']);
    expect(inputValues(secondForm.body, 'version')).toEqual(['1']);

    const saved = await first.post(`/ideas/${idea.slug}/edit`, {
      version: '1',
      title: 'Shared text, first edit',
      description: 'first wins',
      tags: 'a',
    });
    expect(saved.statusCode).toBe(303);
    expect(saved.headers.location).toBe(`/ideas/${idea.slug}?notice=idea.saved`);

    const mine = {
      version: '1',
      title: 'Shared text, second edit',
      description: 'second <loses>?',
      tags: 'a, b',
    };
    const stale = await second.post(`/ideas/${idea.slug}/edit`, mine);
    expect(stale.statusCode).toBe(409);
    expect(stale.body).toContain('Someone else changed this idea while you were editing.');
    expect(inputValues(stale.body, 'title')).toEqual([mine.title]);
    expect(textareaValue(stale.body, 'description')).toBe(mine.description);
    expect(inputValues(stale.body, 'tags')).toEqual([mine.tags]);
    const current = /<section class="panel conflict"[\s\S]*?<\/section>/u.exec(stale.body)?.[0] ?? '';
    expect(current).toContain('<strong>Shared text, first edit</strong>');
    expect(current).toContain('<p>first wins</p>');
    expect(inputValues(stale.body, 'version')).toEqual(['2']);
    expect((await hub.app.ideas.get(idea.id)).idea).toMatchObject({ description: 'first wins', version: 2 });

    const overwrite = await second.post(`/ideas/${idea.slug}/edit`, { ...mine, version: '2' });
    expect(overwrite.statusCode).toBe(303);
    expect((await hub.app.ideas.get(idea.id)).idea).toMatchObject({
      description: mine.description,
      version: 3,
    });
  });

  describe('triage', () => {
    it('is for maintainers only', async () => {
      expect((await new PageClient(hub).get('/triage')).statusCode).toBe(401);
      const asMember = await (await signedInClient(hub, member)).get('/triage');
      expect(asMember.statusCode).toBe(403);
      expect(asMember.body).toContain('You may not do this.');
      const asMaintainer = await (await signedInClient(hub, maintainer)).get('/triage');
      expect(asMaintainer.statusCode).toBe(200);
      expect(asMaintainer.body).toContain('<h1>Triage</h1>');
    });

    it('accepts, declines with a reason, and sends a decline without reason back with the error', async () => {
      const older = await buildIdea(hub, member, { title: 'Triage me first' });
      const newer = await buildIdea(hub, member, { title: 'Triage me second' });
      const client = await signedInClient(hub, maintainer);
      const queue = await client.get('/triage');
      const slugs = [...queue.body.matchAll(/<li class="panel" data-slug="([^"]+)">/gu)].map((m) => m[1]);
      expect(slugs.indexOf(older.slug)).toBeGreaterThanOrEqual(0);
      expect(slugs.indexOf(older.slug)).toBeLessThan(slugs.indexOf(newer.slug));

      const accepted = await client.post(`/ideas/${older.slug}/status`, {
        status: 'backlog',
        version: '1',
        next: '/triage',
      });
      expect(accepted.statusCode).toBe(303);
      expect(accepted.headers.location).toBe('/triage?notice=idea.statusChanged');
      const after = await client.follow(accepted);
      expect(notice(after.body)).toBe('Status changed.');
      expect(after.body).not.toContain(`data-slug="${older.slug}"`);
      expect((await hub.app.ideas.get(older.id)).idea.status).toBe('backlog');

      const noReason = await client.post(`/ideas/${newer.slug}/status`, {
        status: 'declined',
        reason: '  ',
        version: '1',
        next: '/triage',
      });
      expect(noReason.statusCode).toBe(422);
      expect(fieldError(noReason.body, 'reason')).toBe('Please give a reason for “declined”.');
      expect((await hub.app.ideas.get(newer.id)).idea).toMatchObject({ status: 'proposed', version: 1 });

      const declined = await client.post(`/ideas/${newer.slug}/status`, {
        status: 'declined',
        reason: 'Out of scope for this project',
        version: '1',
        next: '/triage',
      });
      expect(declined.statusCode).toBe(303);
      expect((await hub.app.ideas.get(newer.id)).idea).toMatchObject({
        status: 'declined',
        statusReason: 'Out of scope for this project',
      });
      const page = await new PageClient(hub).get(`/ideas/${newer.slug}`);
      expect(page.body).toContain('Out of scope for this project');
      const declinedList = await new PageClient(hub).get('/backlog?status=declined');
      expect(listedTitles(declinedList.body)).toContain('Triage me second');
      expect(listedTitles((await new PageClient(hub).get('/backlog')).body)).not.toContain(
        'Triage me second',
      );
    });
  });

  it('shows members neither triage nor admin, and each role only its own links', async () => {
    const asMember = await signedInClient(hub, member);
    expect((await asMember.get('/admin')).statusCode).toBe(403);
    expect((await asMember.get('/triage')).statusCode).toBe(403);
    const memberLinks = hrefs((await asMember.get('/backlog')).body);
    expect(memberLinks).not.toContain('/triage');
    expect(memberLinks).not.toContain('/admin');
    expect(memberLinks).toContain('/profile');

    const maintainerLinks = hrefs((await (await signedInClient(hub, maintainer)).get('/backlog')).body);
    expect(maintainerLinks).toContain('/triage');
    expect(maintainerLinks).not.toContain('/admin');
    const asAdmin = await signedInClient(hub, admin);
    const adminLinks = hrefs((await asAdmin.get('/backlog')).body);
    expect(adminLinks).toEqual(expect.arrayContaining(['/triage', '/admin']));
    expect((await asAdmin.get('/admin')).statusCode).toBe(200);
    expect((await new PageClient(hub).get('/admin')).statusCode).toBe(401);
  });

  describe('bad input gets a readable 4xx page, never a 500', () => {
    let slug: string;
    let client: PageClient;
    beforeAll(async () => {
      slug = (await buildIdea(hub, member, { title: 'Target of bad input' })).slug;
      client = await signedInClient(hub, maintainer);
      await client.get('/backlog');
    });

    const cases: [string, () => Promise<LightMyRequestResponse>, number, string][] = [
      [
        'an unknown status',
        () => client.post(`/ideas/${slug}/status`, { status: 'someday', version: '1' }),
        422,
        'Unknown status “someday”.',
      ],
      [
        'a status change without version',
        () => client.post(`/ideas/${slug}/status`, { status: 'backlog' }),
        422,
        'The version must be a positive whole number.',
      ],
      [
        'an edit without version',
        () => client.post(`/ideas/${slug}/edit`, { title: 'No version' }),
        422,
        'The version must be a positive whole number.',
      ],
      [
        'a 2 MB form body',
        () => client.post('/ideas', { title: 'Huge', description: 'x'.repeat(2 * 1024 * 1024) }),
        413,
        'The request is too large (at most 1 MB).',
      ],
      [
        'a broken page cursor',
        () => client.get('/backlog?cursor=%25%25%25'),
        400,
        'This page cursor is not valid',
      ],
      ['an unknown idea', () => client.get('/ideas/no-such-idea/edit'), 404, 'This page does not exist.'],
      ['an unknown page', () => client.get('/no/such/page'), 404, 'This page does not exist.'],
      [
        'a form sent as XML',
        () =>
          hub.server.inject({
            method: 'POST',
            url: '/ideas',
            headers: { 'content-type': 'application/xml' },
            payload: '<idea><title>XML</title></idea>',
          }),
        415,
        'Unsupported content type.',
      ],
      [
        'a malformed JSON body',
        () =>
          hub.server.inject({
            method: 'POST',
            url: '/login',
            headers: { 'content-type': 'application/json' },
            payload: '{"email":',
          }),
        400,
        'The request could not be read',
      ],
    ];

    for (const [name, send, status, message] of cases) {
      it(name, async () => {
        const before = (await hub.app.ideas.get(slug)).idea;
        const count = await countIdeas();
        const res = await send();
        expect(res.statusCode).toBe(status);
        expect(res.headers['content-type']).toContain('text/html');
        expect(res.body).toMatch(/^<!doctype html><html lang="en">/u);
        expect(decodeEntities(res.body)).toContain(message);
        expect((await hub.app.ideas.get(slug)).idea).toEqual(before);
        expect(await countIdeas()).toBe(count);
      });
    }

    it('a NUL character anywhere, which PostgreSQL cannot store', async () => {
      const tokensBefore = await hub.app.accounts.listApiTokens(maintainer.actor);
      const anonymous = new PageClient(hub);
      await anonymous.get('/login');
      const count = await countIdeas();
      const sends: (() => Promise<LightMyRequestResponse>)[] = [
        () => client.get('/backlog?q=%00'),
        () => client.get('/backlog?tag=ui%00'),
        () => client.get('/ideas/%00'),
        () => client.post('/profile/tokens', { name: 'nul\u0000token' }),
        () => anonymous.post('/login', { email: 'nul\u0000@example.org', password: PASSWORD }),
      ];
      for (const send of sends) {
        const res = await send();
        expect(res.statusCode).toBe(400);
        expect(res.headers['content-type']).toContain('text/html');
        expect(res.body).toContain('Contains control characters or broken Unicode.');
        expect(setCookie(res, 'plenum_session')).toBeUndefined();
      }
      const api = await hub.server.inject({ method: 'GET', url: '/api/v1/ideas?q=%00' });
      expect(api.statusCode).toBe(400);
      expect(api.json().detail).toBe('Contains control characters or broken Unicode.');
      expect(await hub.app.accounts.listApiTokens(maintainer.actor)).toEqual(tokensBefore);
      expect(await countIdeas()).toBe(count);
    });

    it('ignores an unknown status filter on the backlog', async () => {
      const res = await client.get('/backlog?status=someday&status=backlog');
      expect(res.statusCode).toBe(200);
      expect(listedTitles(res.body)).toContain('Zebra');
    });
  });
});

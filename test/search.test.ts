import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiAs } from './support/api-as.js';
import { buildIdea, buildUser, planningSeries, type TestUser } from './support/factories.js';
import { ENGINES, type Hub, startHub } from './support/hub.js';

/**
 * Hub-wide search on both engines: every kind is found through the engine's full-text index,
 * accents and German spellings alike; writes show at once; nobody finds what they could not
 * open; and no query, however hostile, gets more than a clear 4xx.
 */

const clock = new Date('2026-11-29T10:00:00Z');
const MEETING = '2026-11-30';
const LATER = '2026-12-14';
const at = (date: string) => `/series/planning-meeting/occurrences/${date}`;

interface Hit {
  id: string;
  kind: string;
  title: string;
  path: string;
  excerpt: { text: string; match: boolean }[];
}

describe.each(ENGINES)('search on %s', (engine) => {
  let hub: Hub;
  let maintainer: TestUser;
  let alice: TestUser;
  let bob: TestUser;

  beforeAll(async () => {
    hub = await startHub(engine, {
      now: () => clock,
      limits: { commentsPerAccount: { max: 1000 }, commentsPerClient: { max: 1000 } },
    });
    [maintainer, alice, bob] = await Promise.all([
      buildUser(hub, { role: 'maintainer', name: 'Mara' }),
      buildUser(hub, { name: 'Alice' }),
      buildUser(hub, { name: 'Bob' }),
    ]);
    await planningSeries(hub, maintainer);
  });
  afterAll(() => hub.close());

  const api = (...args: Parameters<ReturnType<typeof apiAs>>) => apiAs(hub)(...args);

  const search = async (q: string, who: TestUser | null = null, extra = '') => {
    const res = await api('GET', `/search?q=${encodeURIComponent(q)}${extra}`, who);
    expect(res.statusCode).toBe(200);
    return res.json() as { items: Hit[]; nextCursor: string | null };
  };
  const found = async (q: string, who: TestUser | null = null, extra = '') =>
    (await search(q, who, extra)).items.map((h) => `${h.kind}:${h.title}`);

  it('finds each kind of thing, with a link and the matched words marked', async () => {
    const idea = await buildIdea(hub, alice, {
      title: 'Überwachung der Build-Infrastruktur',
      description: 'Alerts when a runner stalls',
      status: 'proposed',
    });
    const comment = (
      await api('POST', `/ideas/${idea.id}/comments`, bob, { body: 'Prometheus zebrafinch exporter please' })
    ).json();
    const topic = (
      await api('POST', `/series/planning-meeting/occurrences/${MEETING}/topics`, alice, {
        title: 'Release kangaroo plan',
        minutes: 10,
      })
    ).json();
    await api('POST', `${at(MEETING)}/start`, maintainer);
    await api('PUT', `${at(MEETING)}/minutes`, maintainer, { text: 'We discussed the narwhal migration.' });
    const decision = (
      await api('POST', `${at(MEETING)}/decisions`, maintainer, { text: 'Adopt the quokka policy' })
    ).json();
    await api('POST', `${at(MEETING)}/minutes/publish`, maintainer, undefined, { 'if-match': '*' });
    const card = (
      await api('POST', '/boards/default/items', maintainer, { title: 'Wombat dashboard', body: 'Charts' })
    ).json();

    const overview = await search('Überwachung');
    expect(overview.items.map((h) => [h.kind, h.path])).toEqual([['idea', `/ideas/${idea.slug}`]]);
    expect(overview.items[0]?.excerpt).toEqual([{ text: 'Alerts when a runner stalls', match: false }]);
    const byComment = (await search('zebrafinch')).items;
    expect(byComment).toEqual([
      {
        id: comment.id,
        kind: 'comment',
        title: idea.title,
        path: `/ideas/${idea.slug}#comment-${comment.id}`,
        excerpt: [
          { text: 'Prometheus ', match: false },
          { text: 'zebrafinch', match: true },
          { text: ' exporter please', match: false },
        ],
        meeting: null,
      },
    ]);
    expect((await search('kangaroo')).items[0]?.path).toBe(
      `/meetings/planning-meeting/${MEETING}#topic-${topic.id}`,
    );
    expect((await search('narwhal')).items.map((h) => [h.kind, h.title, h.path])).toEqual([
      ['minutes', 'Planning meeting', `/meetings/planning-meeting/${MEETING}#minutes`],
    ]);
    expect((await search('quokka')).items.map((h) => [h.kind, h.path])).toEqual([
      ['decision', `/meetings/planning-meeting/${MEETING}#decision-${decision.id}`],
    ]);
    expect((await search('wombat')).items.map((h) => [h.kind, h.path])).toEqual([
      ['card', `/board#item-${card.id}`],
    ]);
  });

  it('finds Überwachung typed without the umlaut, written out, or by the start of a word', async () => {
    for (const q of [
      'uberwachung',
      'ueberwachung',
      'UEBERWACHUNG',
      'Überwach',
      'überwachung build',
      'infrastr',
    ]) {
      expect({ q, found: await found(q) }).toEqual({
        q,
        found: ['idea:Überwachung der Build-Infrastruktur'],
      });
    }
    await buildIdea(hub, alice, { title: 'Crème brûlée for the Straße party' });
    expect(await found('creme brulee')).toEqual(['idea:Crème brûlée for the Straße party']);
    expect(await found('strasse')).toEqual(['idea:Crème brûlée for the Straße party']);
  });

  it('reflects edits and deletions at once', async () => {
    const idea = await buildIdea(hub, alice, { title: 'Platypus onboarding' });
    const edited = await api(
      'PATCH',
      `/ideas/${idea.id}`,
      maintainer,
      { title: 'Echidna onboarding' },
      {
        'if-match': '"1"',
      },
    );
    expect(edited.statusCode).toBe(200);
    expect(await found('platypus')).toEqual([]);
    expect(await found('echidna')).toEqual(['idea:Echidna onboarding']);

    const c = (await api('POST', `/ideas/${idea.id}/comments`, bob, { body: 'Axolotl first' })).json();
    expect(await found('axolotl')).toEqual(['comment:Echidna onboarding']);
    await api('PATCH', `/comments/${c.id}`, bob, { body: 'Salamander first' }, { 'if-match': '"1"' });
    expect(await found('axolotl')).toEqual([]);
    expect(await found('salamander')).toEqual(['comment:Echidna onboarding']);
    expect((await api('DELETE', `/comments/${c.id}`, bob)).statusCode).toBeLessThan(300);
    expect(await found('salamander')).toEqual([]);
  });

  it('shows a hidden comment to its author and maintainers only, and no removed idea to members', async () => {
    const idea = await buildIdea(hub, alice, { title: 'Capybara theme' });
    const c = (await api('POST', `/ideas/${idea.id}/comments`, bob, { body: 'Ocelot spam' })).json();
    await api('POST', `/comments/${c.id}/hide`, maintainer, { reason: 'Off topic' });
    expect(await found('ocelot')).toEqual([]);
    expect(await found('ocelot', alice)).toEqual([]);
    expect(await found('ocelot', bob)).toEqual(['comment:Capybara theme']);
    expect(await found('ocelot', maintainer)).toEqual(['comment:Capybara theme']);

    const other = await buildIdea(hub, maintainer, { title: 'Gecko mode', status: 'backlog' });
    await api('POST', `/ideas/${other.id}/comments`, bob, { body: 'Gecko fan' });
    const removed = await api(
      'POST',
      `/ideas/${other.id}/status`,
      maintainer,
      {
        status: 'removed',
        reason: 'Duplicate',
      },
      { 'if-match': '"1"' },
    );
    expect(removed.statusCode).toBeLessThan(300);
    expect(await found('gecko', alice)).toEqual([]);
    expect(await found('gecko', maintainer)).toEqual(['idea:Gecko mode']);
  });

  it('keeps draft minutes and their decisions to maintainers and the note-taker', async () => {
    await api('POST', `${at(LATER)}/start`, maintainer);
    await api('PUT', `${at(LATER)}/minutes`, maintainer, { text: 'Draft about the tapir budget' });
    await api('POST', `${at(LATER)}/decisions`, maintainer, { text: 'Tapir budget approved' });
    expect(await found('tapir')).toEqual([]);
    expect(await found('tapir', alice)).toEqual([]);
    expect((await found('tapir', maintainer)).sort()).toEqual(
      ['decision:Tapir budget approved', 'minutes:Planning meeting'].sort(),
    );
    expect(
      (await api('PUT', `${at(LATER)}/note-taker`, maintainer, { email: alice.user.email })).statusCode,
    ).toBe(200);
    expect(await found('tapir', alice)).toEqual(['minutes:Planning meeting']);
    expect(await found('tapir', bob)).toEqual([]);
  });

  it('filters by kind and pages through hits', async () => {
    const idea = await buildIdea(hub, alice, { title: 'Lemur release' });
    for (let i = 0; i < 5; i++)
      await api('POST', `/ideas/${idea.id}/comments`, bob, { body: `Lemur note ${i}` });
    expect(await found('lemur', null, '&kind=idea')).toEqual(['idea:Lemur release']);
    expect((await search('lemur', null, '&kind=comment')).items).toHaveLength(5);
    const seen: string[] = [];
    let cursor: string | null = '';
    while (cursor !== null) {
      const page: { items: Hit[]; nextCursor: string | null } = await search(
        'lemur',
        null,
        `&limit=2&cursor=${cursor}`,
      );
      expect(page.items.length).toBeLessThanOrEqual(2);
      seen.push(...page.items.map((h) => h.id));
      cursor = page.nextCursor;
    }
    expect(seen).toHaveLength(6);
    expect(new Set(seen).size).toBe(6);
  });

  it('answers hostile queries with results or a clear 4xx, never a 500', async () => {
    const queries = [
      '"',
      '*',
      'NEAR(',
      'NEAR(lemur release, 2)',
      'OR',
      'lemur OR',
      '-lemur',
      'lemur -release',
      'title:lemur',
      "lemur' OR 1=1 --",
      'a & b | !c',
      'lemur:*',
      '(',
      '^lemur',
      '\\',
      '%_',
      '🙂',
      'x'.repeat(2048),
      'lemur '.repeat(400),
    ];
    for (const q of queries) {
      const res = await api('GET', `/search?q=${encodeURIComponent(q)}`, null);
      expect({ q: q.slice(0, 40), status: res.statusCode < 500 }).toEqual({
        q: q.slice(0, 40),
        status: true,
      });
      const page = await hub.server.inject({ method: 'GET', url: `/search?q=${encodeURIComponent(q)}` });
      expect({ q: q.slice(0, 40), page: page.statusCode < 500 }).toEqual({ q: q.slice(0, 40), page: true });
    }
    expect((await api('GET', `/search?q=${'x'.repeat(2048)}`, null)).statusCode).toBe(400);
    expect(await search('')).toEqual({ items: [], nextCursor: null });
    expect(await found('lemur OR')).toEqual(await found('lemur or'));
    expect((await api('GET', '/search?q=lemur&cursor=abc', null)).statusCode).toBe(400);
    expect((await api('GET', '/search?q=lemur&kind=user', null)).statusCode).toBe(400);
  });

  it('shows results on the search page, escaped and labelled, with an empty state', async () => {
    const idea = await buildIdea(hub, alice, { title: '<script>alert(1)</script> Iguana' });
    await api('POST', `/ideas/${idea.id}/comments`, bob, { body: 'The <b>basilisk</b> lizard' });
    const page = await hub.server.inject({ method: 'GET', url: '/search?q=iguana' });
    expect(page.statusCode).toBe(200);
    expect(page.body).not.toContain('<script>alert(1)');
    expect(page.body).toContain('&lt;script');
    const none = await hub.server.inject({ method: 'GET', url: '/search?q=zzzyzzx' });
    expect(none.statusCode).toBe(200);
    expect(none.body).toContain('search-empty');
    const marked = await hub.server.inject({ method: 'GET', url: '/search?q=basilisk&kind=comment' });
    expect(marked.body).toContain('<mark>basilisk</mark>');
    expect(marked.body).not.toContain('<b>');
    const home = await hub.server.inject({ method: 'GET', url: '/' });
    expect(home.body).toMatch(/<search class="site-search"[\s\S]*?action="\/search"/u);
  });

  it('finds things again in a hub restored from a backup', async () => {
    const backup = await hub.app.backup.create({ includeSecrets: true });
    const restored = await startHub(engine, { now: () => clock });
    try {
      await restored.app.backup.restore(JSON.parse(JSON.stringify(backup)));
      const res = await restored.server.inject({ method: 'GET', url: '/api/v1/search?q=ueberwachung' });
      expect(res.json().items.map((h: Hit) => h.title)).toEqual(['Überwachung der Build-Infrastruktur']);
    } finally {
      await restored.close();
    }
  });
});

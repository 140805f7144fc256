import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BOARD_LIMITS } from '../src/domain/board.js';
import { IDEA_LIMITS } from '../src/domain/idea.js';
import type { PageClient } from './support/client.js';
import { buildUser, planningSeries, signedInClient, type TestUser } from './support/factories.js';
import { ENGINES, type Hub, startHub } from './support/hub.js';

/**
 * Lists in input have a length limit that is checked before their entries: 22 000 links are
 * one clear "at most 20" on either door, not 22 000 messages in a 5 MB page built in seconds.
 */

const MANY = 22_000;
const url = (i: number) => `http://a.b/${i}`;
const many = <T>(f: (i: number) => T): T[] => Array.from({ length: MANY }, (_, i) => f(i));

describe.each(ENGINES)('list limits on %s', (engine) => {
  let hub: Hub;
  let maintainer: TestUser;
  let browser: PageClient;

  beforeAll(async () => {
    hub = await startHub(engine, { now: () => new Date('2026-11-29T10:00:00Z') });
    maintainer = await buildUser(hub, { role: 'maintainer' });
    await planningSeries(hub, maintainer);
    browser = await signedInClient(hub, maintainer);
  });
  afterAll(() => hub.close());

  const api = (
    method: 'POST' | 'PATCH',
    path: string,
    payload: object,
    headers: Record<string, string> = {},
  ) =>
    hub.server.inject({
      method,
      url: `/api/v1${path}`,
      headers: { ...maintainer.auth, ...headers },
      payload,
    });

  /**
   * A refusal that names the limit once or twice (summary and field), in a page no larger than a
   * normal one and what was typed (a text area shows its text again).
   */
  function expectOneClearRefusal(
    res: { statusCode: number; body: string },
    status: number,
    max: number,
    typed = 0,
  ) {
    expect(res.statusCode).toBe(status);
    expect(res.body.length).toBeLessThan(60_000 + typed);
    const said = res.body.split(`At most ${max} entries.`).length - 1;
    expect(said).toBeGreaterThanOrEqual(1);
    expect(said).toBeLessThanOrEqual(2);
  }

  it('the idea form: 22 000 links, 22 000 tags', async () => {
    const ideasBefore = (await hub.app.ideas.list({ locale: 'en' })).total;
    await browser.get('/ideas/new');
    const links = await browser.post('/ideas', { title: 'Many links', link_url: many(url) });
    expectOneClearRefusal(links, 422, IDEA_LIMITS.links);
    await browser.get('/ideas/new');
    const tags = await browser.post('/ideas', { title: 'Many tags', tags: many((i) => `t${i}`).join(',') });
    expect(tags.statusCode).toBe(422);
    expect(tags.body).toContain(`At most ${IDEA_LIMITS.tags} entries.`);
    expect((await hub.app.ideas.list({ locale: 'en' })).total).toBe(ideasBefore);
  });

  it('the ideas API: 22 000 links or tags, on create and on edit', async () => {
    const links = many((i) => ({ label: '', url: url(i) }));
    const created = await api('POST', '/ideas', { title: 'Many links', links });
    expect(created.statusCode).toBe(400);
    expect(created.body.length).toBeLessThan(2_000);
    expect(created.json().detail).toContain(`At most ${IDEA_LIMITS.links} entries.`);
    expect((await api('POST', '/ideas', { title: 'Many tags', tags: many((i) => `t${i}`) })).statusCode).toBe(
      400,
    );
    // The API has the same caps as the forms: one more than allowed is refused too.
    const justOver = await api('POST', '/ideas', {
      title: 'One over',
      links: links.slice(0, IDEA_LIMITS.links + 1),
    });
    expect(justOver.statusCode).toBe(400);
    expect(justOver.json().detail).toContain(`At most ${IDEA_LIMITS.links} entries.`);
    const ok = await api('POST', '/ideas', { title: 'Enough', links: links.slice(0, IDEA_LIMITS.links) });
    expect(ok.statusCode).toBe(201);
    const edit = await api('PATCH', `/ideas/${ok.json().slug}`, { links }, { 'if-match': '"1"' });
    expect(edit.statusCode).toBe(400);
  });

  it('the board: 22 000 links, labels or assignees on a card, by form and by API', async () => {
    await browser.get('/board');
    const typedLinks = many(url).join('\n');
    const form = await browser.post('/boards/default/items', {
      title: 'Many links',
      column: 'todo',
      links: typedLinks,
    });
    expectOneClearRefusal(form, 422, BOARD_LIMITS.links, typedLinks.length);
    await browser.get('/board');
    const typedLabels = many((i) => `l${i}`).join(',');
    const labels = await browser.post('/boards/default/items', {
      title: 'Many labels',
      column: 'todo',
      labels: typedLabels,
    });
    expectOneClearRefusal(labels, 422, BOARD_LIMITS.labels, typedLabels.length);
    for (const field of ['links', 'labels', 'assignees'] as const) {
      const body = { title: `Many ${field}`, [field]: many((i) => (field === 'links' ? url(i) : `x${i}`)) };
      const res = await api('POST', '/boards/default/items', body);
      expect(res.statusCode, field).toBe(400);
      expect(res.json().detail, field).toContain('At most 20 entries.');
    }
    expect((await hub.app.board.view('default')).columns.flatMap((c) => c.items)).toEqual([]);
  });

  it('a topic with 22 000 links', async () => {
    const res = await api('POST', '/series/planning-meeting/occurrences/2026-11-30/topics', {
      title: 'Many links',
      links: many((i) => ({ label: '', url: url(i) })),
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().detail).toContain(`At most ${IDEA_LIMITS.links} entries.`);
  });
});

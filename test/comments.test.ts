import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiAs } from './support/api-as.js';
import { snapshotDatabase } from './support/db-snapshot.js';
import {
  buildIdea,
  buildUser,
  planningSeries,
  signedInClient,
  startMeeting,
  type TestUser,
} from './support/factories.js';
import { ENGINES, type Hub, startHub } from './support/hub.js';

describe.each(ENGINES)('comments on %s', (engine) => {
  let hub: Hub;
  let alice: TestUser;
  let bob: TestUser;
  let maintainer: TestUser;

  beforeAll(async () => {
    hub = await startHub(engine, {
      limits: { commentsPerAccount: { max: 1000 }, commentsPerClient: { max: 1000 } },
    });
    [alice, bob, maintainer] = await Promise.all([
      buildUser(hub, { name: 'Alice' }),
      buildUser(hub, { name: 'Bob' }),
      buildUser(hub, { role: 'maintainer', name: 'Mara' }),
    ]);
  });
  afterAll(() => hub.close());

  const api = (...args: Parameters<ReturnType<typeof apiAs>>) => apiAs(hub)(...args);
  const snapshot = () => snapshotDatabase(hub.testDb.database, { ignore: ['rate_limits'] });
  const idea = (title: string) => buildIdea(hub, alice, { title });

  it('threads one level deep, edits with history, deletes to a placeholder, hides with a reason', async () => {
    const { id } = await idea('Dark mode');
    const first = await api('POST', `/ideas/${id}/comments`, bob, { body: 'Yes *please*' });
    expect(first.statusCode).toBe(201);
    expect(first.headers.etag).toBe('"1"');
    const c = first.json();
    expect(c).toMatchObject({ state: 'visible', body: 'Yes *please*', parentId: null, authorName: 'Bob' });
    const reply = await api('POST', `/ideas/${id}/comments`, alice, { body: 'Noted', parentId: c.id });
    expect(reply.statusCode).toBe(201);

    // A reply to a reply is refused, and changes nothing.
    const before = await snapshot();
    const deeper = await api('POST', `/ideas/${id}/comments`, bob, {
      body: 'Deeper',
      parentId: reply.json().id,
    });
    expect(deeper.statusCode).toBe(422);
    expect(deeper.headers['content-type']).toContain('application/problem+json');
    expect(await snapshot()).toEqual(before);

    // Editing: only by the author, with If-Match; the text before goes to the history.
    expect(
      (await api('PATCH', `/comments/${c.id}`, alice, { body: 'Mine now' }, { 'if-match': '"1"' }))
        .statusCode,
    ).toBe(403);
    expect(
      (await api('PATCH', `/comments/${c.id}`, maintainer, { body: 'Mod' }, { 'if-match': '"1"' }))
        .statusCode,
    ).toBe(403);
    const edited = await api(
      'PATCH',
      `/comments/${c.id}`,
      bob,
      { body: 'Yes, please' },
      { 'if-match': '"1"' },
    );
    expect(edited.statusCode).toBe(200);
    expect(edited.json()).toMatchObject({ body: 'Yes, please', version: 2 });
    expect(edited.json().editedAt).not.toBeNull();
    expect(
      (await api('PATCH', `/comments/${c.id}`, bob, { body: 'Stale' }, { 'if-match': '"1"' })).statusCode,
    ).toBe(409);
    const history = await api('GET', `/comments/${c.id}/history`, bob);
    expect(history.json().items.map((h: { body: string }) => h.body)).toEqual(['Yes *please*']);
    expect((await api('GET', `/comments/${c.id}/history`, maintainer)).statusCode).toBe(200);
    expect((await api('GET', `/comments/${c.id}/history`, alice)).statusCode).toBe(403);
    expect((await api('GET', `/comments/${c.id}/history`, null)).statusCode).toBe(401);

    // Hiding: maintainers only, with a reason; the author and maintainers still read it.
    expect((await api('POST', `/comments/${c.id}/hide`, alice, { reason: 'No' })).statusCode).toBe(403);
    expect((await api('POST', `/comments/${c.id}/hide`, maintainer, { reason: '' })).statusCode).toBe(400);
    const hidden = await api('POST', `/comments/${c.id}/hide`, maintainer, { reason: 'Off topic' });
    expect(hidden.statusCode).toBe(200);
    expect((await api('GET', `/comments/${c.id}`, bob)).json()).toMatchObject({
      state: 'hidden',
      body: 'Yes, please',
      hiddenReason: 'Off topic',
    });
    expect((await api('GET', `/comments/${c.id}`, alice)).json()).toMatchObject({
      state: 'hidden',
      body: null,
      hiddenReason: null,
    });
    expect((await api('GET', `/comments/${c.id}`, null)).json()).toMatchObject({ body: null });
    expect(
      (await api('POST', `/ideas/${id}/comments`, alice, { body: 'Hm', parentId: c.id })).statusCode,
    ).toBe(422);

    // Deleting: the author's own; a placeholder stays and the replies keep their thread.
    expect((await api('DELETE', `/comments/${reply.json().id}`, bob)).statusCode).toBe(403);
    const gone = await api('DELETE', `/comments/${reply.json().id}`, alice);
    expect(gone.statusCode).toBe(200);
    expect(gone.json()).toMatchObject({ state: 'deleted', body: null });
    const list = await api('GET', `/ideas/${id}/comments`, null);
    expect(list.json().items.map((i: { state: string }) => i.state)).toEqual(['hidden', 'deleted']);
    expect(list.json().nextCursor).toBeNull();
  });

  it('refuses replies to deleted comments, bad texts, visitors, and comments on removed or missing ideas', async () => {
    const { id } = await idea('Offline mode');
    const c = (await api('POST', `/ideas/${id}/comments`, bob, { body: 'First' })).json();
    await api('DELETE', `/comments/${c.id}`, bob);
    const before = await snapshot();
    expect(
      (await api('POST', `/ideas/${id}/comments`, alice, { body: 'Re', parentId: c.id })).statusCode,
    ).toBe(422);
    expect((await api('POST', `/ideas/${id}/comments`, alice, { body: '   ' })).statusCode).toBe(400);
    expect((await api('POST', `/ideas/${id}/comments`, alice, { body: 'x'.repeat(10_001) })).statusCode).toBe(
      400,
    );
    const huge = await api('POST', `/ideas/${id}/comments`, alice, { body: 'x'.repeat(100 * 1024) });
    expect(huge.statusCode).toBeGreaterThanOrEqual(400);
    expect(huge.statusCode).toBeLessThan(500);
    expect((await api('POST', `/ideas/${id}/comments`, alice, { body: 'ok', extra: 1 })).statusCode).toBe(
      400,
    );
    expect((await api('POST', `/ideas/${id}/comments`, null, { body: 'Hello' })).statusCode).toBe(401);
    expect((await api('POST', '/ideas/no-such-idea/comments', alice, { body: 'Hello' })).statusCode).toBe(
      404,
    );
    expect(await snapshot()).toEqual(before);
    await hub.app.ideas.changeStatus(maintainer.actor, id, 1, 'backlog', null);
    await hub.app.ideas.changeStatus(maintainer.actor, id, 2, 'removed', 'Spam');
    expect((await api('POST', `/ideas/${id}/comments`, alice, { body: 'Hello' })).statusCode).toBe(404);
    expect((await api('POST', `/comments/${c.id}/report`, alice, { reason: 'x' })).statusCode).toBe(404);
  });

  it('comments on topics and decisions, a decision of draft minutes only for those who may read drafts', async () => {
    const series = await planningSeries(hub, maintainer);
    const topic = await hub.app.agenda.propose(alice.actor, series.slug, '2026-12-14', { title: 'Release' });
    expect((await api('POST', `/topics/${topic.id}/comments`, bob, { body: 'Count me in' })).statusCode).toBe(
      201,
    );
    expect((await api('GET', `/topics/${topic.id}/comments`, null)).json().items).toHaveLength(1);
    await startMeeting(hub, maintainer, series.slug, '2026-12-14');
    const decision = await hub.app.minutes.decide(maintainer.actor, series.slug, '2026-12-14', {
      text: 'Ship it',
    });
    expect((await api('POST', `/decisions/${decision.id}/comments`, bob, { body: 'Early' })).statusCode).toBe(
      403,
    );
    expect(
      (await api('POST', `/decisions/${decision.id}/comments`, maintainer, { body: 'Draft note' }))
        .statusCode,
    ).toBe(201);
    const page = await hub.server.inject({ url: `/topics/${topic.id}/comments` });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Count me in');
  });

  it('lists a person’s latest comments on their profile, as the threads show them to the reader', async () => {
    const carol = await buildUser(hub, { name: 'Carol Commenter' });
    const { id, slug } = await idea('Profile thread');
    const post = async (body: string, url = `/ideas/${id}/comments`, who = carol) => {
      const res = await api('POST', url, who, { body });
      expect(res.statusCode).toBe(201);
      return res.json();
    };
    const shown = await post('Carol says yes');
    const hidden = await post('Carol off topic');
    const deleted = await post('Carol takes it back');
    expect(
      (await api('POST', `/comments/${hidden.id}/hide`, maintainer, { reason: 'Off topic' })).statusCode,
    ).toBe(200);
    expect(
      (await api('DELETE', `/comments/${deleted.id}`, carol, undefined, { 'if-match': '"1"' })).statusCode,
    ).toBe(200);
    const series = await hub.app.meetings.create(maintainer.actor, {
      title: 'Profile meeting',
      weekday: 1,
      startTime: '10:00',
      durationMinutes: 30,
      timeZone: 'Europe/Berlin',
      weekRule: 'odd',
      startDate: '2026-11-01',
    });
    await startMeeting(hub, maintainer, series.slug, '2026-12-14');
    const decision = await hub.app.minutes.decide(maintainer.actor, series.slug, '2026-12-14', {
      text: 'Draft call',
    });
    await post('Carol on a draft', `/decisions/${decision.id}/comments`, maintainer);

    const bodies = (items: { body: string }[]) => items.map((c) => c.body);
    const forBob = await api('GET', `/people/${carol.user.id}`, bob);
    expect(forBob.statusCode).toBe(200);
    expect(forBob.json().comments).toEqual([
      expect.objectContaining({
        id: shown.id,
        targetType: 'idea',
        targetTitle: 'Profile thread',
        path: `/ideas/${slug}#comment-${shown.id}`,
        state: 'visible',
        body: 'Carol says yes',
      }),
    ]);
    expect(forBob.body).not.toContain(carol.user.email);
    const forMaintainer = (await api('GET', `/people/${carol.user.id}`, maintainer)).json();
    expect(bodies(forMaintainer.comments)).toEqual(['Carol off topic', 'Carol says yes']);
    expect(forMaintainer.comments[0].state).toBe('hidden');
    // A comment on a decision of draft minutes is listed only to who may read the draft.
    expect(bodies((await api('GET', `/people/${maintainer.user.id}`, maintainer)).json().comments)).toContain(
      'Carol on a draft',
    );
    expect(bodies((await api('GET', `/people/${maintainer.user.id}`, bob)).json().comments)).not.toContain(
      'Carol on a draft',
    );

    const page = await hub.server.inject({ url: `/people/${carol.user.id}` });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Latest comments');
    expect(page.body).toContain('Carol says yes');
    expect(page.body).toContain(`href="/ideas/${slug}#comment-${shown.id}"`);
    expect(page.body).not.toContain('Carol off topic');
    expect(page.body).not.toContain('Carol takes it back');
    expect(page.body).not.toContain(carol.user.email);
    const asMaintainer = await (await signedInClient(hub, maintainer)).get(`/people/${carol.user.id}`);
    expect(asMaintainer.body).toContain('Carol off topic');
    const de = await hub.server.inject({ url: `/people/${carol.user.id}?lang=de` });
    expect(de.body).toContain('Neueste Kommentare');
  });

  it('records reports for the triage queue, once per member', async () => {
    const { id } = await idea('Reports');
    const c = (await api('POST', `/ideas/${id}/comments`, bob, { body: 'Rude words' })).json();
    expect((await api('POST', `/comments/${c.id}/report`, null, { reason: 'Rude' })).statusCode).toBe(401);
    expect((await api('POST', `/comments/${c.id}/report`, alice, { reason: 'Rude' })).json()).toEqual({
      reported: true,
    });
    expect((await api('POST', `/comments/${c.id}/report`, alice, { reason: 'Rude' })).json()).toEqual({
      reported: false,
    });
    const reports = await hub.app.comments.openReports(maintainer.actor);
    expect(reports.find((r) => r.commentId === c.id)).toMatchObject({
      reason: 'Rude',
      reporterName: 'Alice',
    });
    const triage = await (await signedInClient(hub, maintainer)).get('/triage');
    expect(triage.body).toContain('Rude words');
    await hub.app.comments.hide(maintainer.actor, c.id, 1, 'Rude');
    expect((await hub.app.comments.openReports(maintainer.actor)).some((r) => r.commentId === c.id)).toBe(
      false,
    );
  });

  it('counts visible comments on backlog rows without changing their alphabetical order', async () => {
    const titles = ['zz Counted last', 'aa Counted first', 'mm Counted middle'];
    const [z, , m] = await Promise.all(
      titles.map((title) => buildIdea(hub, maintainer, { title, status: 'backlog' })),
    );
    if (!z || !m) throw new Error('no ideas');
    for (let i = 0; i < 3; i++) await api('POST', `/ideas/${z.id}/comments`, bob, { body: `c${i}` });
    const hiddenOne = (await api('POST', `/ideas/${m.id}/comments`, bob, { body: 'shown' })).json();
    await api('POST', `/ideas/${m.id}/comments`, bob, { body: 'kept' });
    await api('POST', `/comments/${hiddenOne.id}/hide`, maintainer, { reason: 'spam' });
    const page = (await hub.server.inject({ url: '/backlog?q=Counted' })).body;
    const rows = [
      ...page.matchAll(
        /<li class="idea-row" data-slug="([^"]+)"[\s\S]*?<\/li>\s*(?=<li class="idea-row"|<\/ul>)/gu,
      ),
    ];
    expect(rows.map((r) => r[1])).toEqual(['aa-counted-first', 'mm-counted-middle', 'zz-counted-last']);
    expect(rows.map((r) => /class="comment-count"[^>]*>([^<]*)</u.exec(r[0])?.[1] ?? '')).toEqual([
      '',
      '1 comment',
      '3 comments',
    ]);
  });

  it('runs the page forms: comment, reply, edit, hide, and a refused form shown again with what was typed', async () => {
    const target = await idea('Forms');
    const b = await signedInClient(hub, bob);
    await b.get(`/ideas/${target.slug}`);
    const sent = await b.post(`/ideas/${target.slug}/comments`, { body: 'From a form' });
    expect(sent.statusCode).toBe(303);
    expect(sent.headers.location).toMatch(/#comment-/u);
    const page = await b.get(`/ideas/${target.slug}`);
    expect(page.body).toContain('From a form');
    const again = await b.post(`/ideas/${target.slug}/comments`, { body: '' });
    expect(again.statusCode).toBe(422);
    const [{ id }] = (await api('GET', `/ideas/${target.id}/comments`, null)).json().items;
    const tooLong = await b.post(`/comments/${id}/edit`, { body: `${'y'.repeat(10_001)}`, version: '1' });
    expect(tooLong.statusCode).toBe(422);
    expect(tooLong.body).toContain('yyyyyyyy');
    expect(
      (await b.post(`/comments/${id}/edit`, { body: 'Edited in a form', version: '1' })).statusCode,
    ).toBe(303);
    const visitor = await hub.server.inject({
      method: 'POST',
      url: `/ideas/${target.slug}/comments`,
      payload: { body: 'x' },
    });
    expect(visitor.statusCode).toBe(401);
    const mod = await signedInClient(hub, maintainer);
    await mod.get(`/ideas/${target.slug}`);
    expect((await mod.post(`/comments/${id}/hide`, { reason: 'Because', version: '2' })).statusCode).toBe(
      303,
    );
    const shown = (await hub.server.inject({ url: `/ideas/${target.slug}` })).body;
    expect(shown).toContain('Hidden by a maintainer.');
    expect(shown).not.toContain('Edited in a form');
  });

  it('rate-limits comments per account', async () => {
    const limited = await startHub(engine, { limits: { commentsPerAccount: { max: 2 } } });
    try {
      const who = await buildUser(limited);
      const { id } = await buildIdea(limited, who, { title: 'Limited' });
      const send = () =>
        limited.server.inject({
          method: 'POST',
          url: `/api/v1/ideas/${id}/comments`,
          headers: who.auth,
          payload: { body: 'x' },
        });
      expect((await send()).statusCode).toBe(201);
      expect((await send()).statusCode).toBe(201);
      const third = await send();
      expect(third.statusCode).toBe(429);
      expect(third.headers['retry-after']).toBeDefined();
    } finally {
      await limited.close();
    }
  });

  it('leaves comments out of the Markdown export of the planning page', async () => {
    const { id } = await buildIdea(hub, maintainer, { title: 'Exported idea', status: 'backlog' });
    await api('POST', `/ideas/${id}/comments`, bob, { body: 'Commentmarker in the thread' });
    const page = await hub.server.inject({ url: '/docs/planning.md' });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Exported idea');
    expect(page.body).not.toContain('Commentmarker');
  });

  it('makes whoever comments follow the idea they commented on', async () => {
    const { id } = await idea('Followed by commenting');
    expect(await hub.app.follows.isFollowing(bob.actor, { kind: 'idea', id })).toBe(false);
    const res = await api('POST', `/ideas/${id}/comments`, bob, { body: 'Count me in.' });
    expect(res.statusCode).toBe(201);
    expect(await hub.app.follows.isFollowing(bob.actor, { kind: 'idea', id })).toBe(true);
  });

  it('runs the hooks given to it inside the write, and takes the comment back when one throws', async () => {
    const { commentsUseCases } = await import('../src/app/comments.js');
    const seen: string[] = [];
    const deps = { store: hub.store, now: hub.app.now, stamp: hub.app.changes.stamp };
    const ok = commentsUseCases(deps, hub.app.limits, [async ({ comment }) => void seen.push(comment.body)]);
    const { id } = await idea('Hooked');
    await ok.create(bob.actor, 'idea', id, { body: 'Hooked comment' }, 'hook');
    expect(seen).toEqual(['Hooked comment']);
    const failing = commentsUseCases(deps, hub.app.limits, [
      async () => {
        throw new Error('hook failed');
      },
    ]);
    await expect(failing.create(bob.actor, 'idea', id, { body: 'Lost' }, 'hook')).rejects.toThrow(
      'hook failed',
    );
    expect((await api('GET', `/ideas/${id}/comments`, null)).json().items).toHaveLength(1);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiAs } from './support/api-as.js';
import { snapshotDatabase } from './support/db-snapshot.js';
import { buildIdea, buildModerationCast, signedInClient, type TestUser } from './support/factories.js';
import { ENGINES, type Hub, startHub } from './support/hub.js';

describe.each(ENGINES)('moderation on %s', (engine) => {
  let hub: Hub;
  let admin: TestUser;
  let maintainer: TestUser;
  let newcomer: TestUser;
  let reader: TestUser;
  let ideaId: string;

  beforeAll(async () => {
    hub = await startHub(engine);
    ({ admin, maintainer, newcomer, reader } = await buildModerationCast(hub));
    ideaId = (await buildIdea(hub, maintainer, { title: 'Moderated idea', status: 'backlog' })).id;
  });
  afterAll(() => hub.close());

  const api = (...args: Parameters<ReturnType<typeof apiAs>>) => apiAs(hub)(...args);
  const comment = (who: TestUser, body: string) => api('POST', `/ideas/${ideaId}/comments`, who, { body });
  const thread = async (who: TestUser | null) =>
    (
      (await api('GET', `/ideas/${ideaId}/comments`, who)).json().items as { body: string; state: string }[]
    ).map((c) => `${c.state}:${c.body}`);
  const setHold = async (n: unknown) => {
    const read = await api('GET', '/settings', admin);
    return api('PATCH', '/settings', admin, { holdFirstPosts: n }, { 'if-match': String(read.headers.etag) });
  };

  it('lets admins hold the first posts, 0 to 100, by the API and the admin page', async () => {
    expect((await api('GET', '/settings', admin)).json().holdFirstPosts).toBe(0);
    for (const bad of [-1, 101, 1.5, '2']) expect((await setHold(bad)).statusCode, String(bad)).toBe(400);
    const res = await setHold(2);
    expect(res.statusCode).toBe(200);
    expect(res.json().holdFirstPosts).toBe(2);

    const page = await signedInClient(hub, admin);
    expect((await page.get('/admin')).body).toContain('name="holdFirstPosts"');
    const refused = await page.post('/admin/moderation', { holdFirstPosts: 'many' });
    expect(refused.statusCode).toBe(422);
    expect(refused.body).toContain('A whole number from 0 to 100.');
    expect((await page.post('/admin/moderation', { holdFirstPosts: '2' })).statusCode).toBe(303);
    expect(await hub.app.settings.holdFirstPosts()).toBe(2);
  });

  it('shows a held comment only to its author and maintainers, uncounted, until approved', async () => {
    const first = await comment(newcomer, 'First words');
    expect(first.statusCode).toBe(201);
    expect(first.json()).toMatchObject({ state: 'held', body: 'First words' });
    const id = first.json().id as string;

    expect(await thread(reader)).not.toContain('held:First words');
    expect(await thread(reader)).toEqual([]);
    expect((await hub.server.inject({ url: `/api/v1/ideas/${ideaId}/comments` })).json().items).toEqual([]);
    expect(await thread(newcomer)).toEqual(['held:First words']);
    expect(await thread(maintainer)).toEqual(['held:First words']);
    expect((await api('GET', `/comments/${id}`, reader)).statusCode).toBe(404);
    expect((await api('POST', `/comments/${id}/report`, reader, { reason: 'x' })).statusCode).toBe(404);
    expect(
      (await api('POST', `/ideas/${ideaId}/comments`, reader, { body: 'Re', parentId: id })).statusCode,
    ).toBe(422);
    expect((await hub.app.comments.counts('idea', [ideaId])).get(ideaId)).toBeUndefined();
    const own = await signedInClient(hub, newcomer);
    expect((await own.get(`/ideas/${ideaId}`)).body).toContain('awaiting review');
    const others = (await hub.server.inject({ url: `/ideas/${ideaId}` })).body;
    expect(others).not.toContain('First words');

    // Maintainers are never held; the triage queue lists the held one with its buttons.
    expect((await comment(maintainer, 'From the team')).json().state).toBe('visible');
    const mod = await signedInClient(hub, maintainer);
    const queue = await mod.get('/triage');
    expect(queue.statusCode).toBe(200);
    expect(queue.body).toContain('Posts awaiting review');
    expect(queue.body).toContain('First words');
    expect(queue.body).toContain(`/comments/${id}/approve`);
    const listed = await api('GET', '/held-comments', maintainer);
    expect(listed.json()).toMatchObject({
      items: [{ id, body: 'First words', authorName: 'Newt' }],
      nextCursor: null,
    });
    expect((await api('GET', '/held-comments', newcomer)).statusCode).toBe(403);
    const r = await api('POST', `/comments/${id}/approve`, newcomer);
    expect(r.statusCode, r.body).toBe(403);

    expect((await mod.post(`/comments/${id}/approve`, { version: '1' })).statusCode).toBe(303);
    expect(await thread(reader)).toContain('visible:First words');
    expect((await hub.app.comments.counts('idea', [ideaId])).get(ideaId)).toBe(2);
    const again = await mod.post(`/comments/${id}/approve`, { version: '2' });
    expect(again.statusCode).toBe(422);
    expect(again.body).toContain('no longer awaiting review');
  });

  it('rejects with a reason the author reads, and publishes at once after N approved posts', async () => {
    const second = (await comment(newcomer, 'Second words')).json();
    expect(second.state).toBe('held');
    const before = await snapshotDatabase(hub.testDb.database);
    const blank = await api('POST', `/comments/${second.id}/reject`, maintainer, { reason: ' ' });
    expect(blank.statusCode, blank.body).toBe(400);
    expect(await snapshotDatabase(hub.testDb.database)).toEqual(before);
    const rejected = await api('POST', `/comments/${second.id}/reject`, maintainer, { reason: 'Off topic' });
    expect(rejected.statusCode).toBe(200);
    expect(rejected.json()).toMatchObject({ state: 'rejected', rejectedReason: 'Off topic' });
    expect(await thread(newcomer)).toContain('rejected:Second words');
    expect(await thread(reader)).not.toContain('rejected:Second words');
    const own = await signedInClient(hub, newcomer);
    expect((await own.get(`/ideas/${ideaId}`)).body).toContain('Off topic');
    expect((await api('GET', '/held-comments', maintainer)).json().items).toEqual([]);

    // One approved so far: the next waits, and once two are approved the later ones go out at once.
    const third = (await comment(newcomer, 'Third words')).json();
    expect(third.state).toBe('held');
    expect((await api('POST', `/comments/${third.id}/approve`, maintainer)).statusCode).toBe(200);
    expect((await comment(newcomer, 'Fourth words')).json().state).toBe('visible');
  });

  it('dismisses one report or all of a comment, leaving them on record', async () => {
    const target = (await comment(reader, 'Contested words')).json();
    expect(target.state).toBe('held');
    await api('POST', `/comments/${target.id}/approve`, maintainer);
    for (const who of [newcomer, maintainer, admin])
      expect(
        (await api('POST', `/comments/${target.id}/report`, who, { reason: `by ${who.user.name}` }))
          .statusCode,
      ).toBe(202);
    const open = await hub.app.comments.openReports(maintainer.actor);
    expect(open.filter((r) => r.commentId === target.id)).toHaveLength(3);
    expect((await api('POST', `/comments/${target.id}/reports/dismiss`, newcomer, {})).statusCode).toBe(403);

    const mod = await signedInClient(hub, maintainer);
    const queue = await mod.get('/triage');
    expect(queue.body).toContain('Dismiss all reports of this comment');
    const one = open.find((r) => r.commentId === target.id && r.reason === 'by Newt');
    const dismissed = await mod.post(`/comments/${target.id}/reports/dismiss`, {
      reportId: one?.id ?? '',
      note: 'Fair criticism',
    });
    expect(dismissed.statusCode).toBe(303);
    expect(
      (await hub.app.comments.openReports(maintainer.actor)).filter((r) => r.commentId === target.id),
    ).toHaveLength(2);

    const rest = await api('POST', `/comments/${target.id}/reports/dismiss`, maintainer, { note: null });
    expect(rest.json()).toEqual({ dismissed: 2 });
    expect(
      (await hub.app.comments.openReports(maintainer.actor)).filter((r) => r.commentId === target.id),
    ).toEqual([]);
    expect((await api('POST', `/comments/${target.id}/reports/dismiss`, maintainer, {})).statusCode).toBe(
      422,
    );
    const rows = await hub.testDb.database.db
      .selectFrom('comment_reports')
      .select(['dismissed_at', 'dismissed_note'])
      .where('comment_id', '=', target.id)
      .execute();
    expect(rows).toHaveLength(3);
    expect(rows.every((r) => r.dismissed_at !== null)).toBe(true);
    expect(rows.map((r) => r.dismissed_note)).toContain('Fair criticism');
    const audit = await hub.store.read.audit.listForEntity('comment', target.id);
    expect(audit.filter((a) => a.action === 'comment.dismissReports')).toHaveLength(2);
  });

  it('carries held, rejected and dismissed marks in a backup', async () => {
    const held = (await comment(reader, 'Held for the backup')).json();
    expect(held.state).toBe('held');
    const backup = await hub.app.backup.create({ includeSecrets: false });
    const rows = backup.tables.comments ?? [];
    expect(rows.find((r) => r.id === held.id)).toMatchObject({
      held_at: held.createdAt,
      rejected_reason: null,
    });
    expect(rows.some((r) => r.rejected_reason === 'Off topic')).toBe(true);
    expect((backup.tables.comment_reports ?? []).some((r) => r.dismissed_note === 'Fair criticism')).toBe(
      true,
    );
    expect(backup.migrations).toContain('2026-12-02-96-moderation');
  });
});

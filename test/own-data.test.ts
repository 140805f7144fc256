import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../src/store/ids.js';
import { PageClient } from './support/client.js';
import {
  buildIdea,
  buildUser,
  PASSWORD,
  planningSeries,
  signedInClient,
  startMeeting,
  type TestUser,
} from './support/factories.js';
import { ENGINES, type Hub, startHub } from './support/hub.js';

/**
 * "Your own data": a person downloads everything the hub holds about them, and deletes their
 * account; what they proposed stays for the others, shown as by a former member.
 */

/** Sunday 29 Nov 2026: the planning series meets next on Monday 30 Nov. */
const NOW = new Date('2026-11-29T10:00:00Z');
const MEETING = '2026-11-30';

describe.each(ENGINES)('own data on %s', (engine) => {
  let hub: Hub;
  let admin: TestUser;
  let maintainer: TestUser;
  let bystander: TestUser;
  let seriesSlug: string;

  beforeAll(async () => {
    hub = await startHub(engine, { now: () => NOW });
    admin = await buildUser(hub, { role: 'admin', name: 'Ada Admin' });
    maintainer = await buildUser(hub, { role: 'maintainer', name: 'Max Maintainer' });
    bystander = await buildUser(hub, { name: 'Bea Bystander' });
    seriesSlug = (await planningSeries(hub, maintainer)).slug;
    await startMeeting(hub, maintainer, seriesSlug, MEETING);
  });
  afterAll(() => hub.close());

  const api = (method: 'GET' | 'DELETE', url: string, who: TestUser, payload?: unknown) =>
    hub.server.inject({
      method,
      url,
      headers: { ...who.auth, ...(payload === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(payload === undefined ? {} : { payload: JSON.stringify(payload) }),
    });

  /** A member with an idea, a topic, an action item, a subscription and a place in the minutes. */
  async function activeMember(name: string) {
    const who = await buildUser(hub, { name });
    const idea = await buildIdea(hub, who, { title: `Idea of ${name}`, description: `Why ${name} wants it` });
    const topic = await hub.app.agenda.propose(who.actor, seriesSlug, MEETING, {
      title: `Topic of ${name}`,
      description: `Notes by ${name}`,
    });
    await hub.app.minutes.save(maintainer.actor, seriesSlug, MEETING, await minutesVersion(), {
      body: 'We met.',
      attendeeNames: `Max Maintainer, ${name}, Bea Bystander`,
    });
    await hub.app.minutes.addActionItem(maintainer.actor, seriesSlug, MEETING, {
      text: `Task for ${name}`,
      assignee: name,
    });
    await hub.app.invitations.request(seriesSlug, who.user.email, 'en');
    return { who, idea, topic };
  }

  /** A comment by `who` on `ideaId`, edited once when `edit` is given. */
  async function comment(who: TestUser, ideaId: string, body: string, edit?: string) {
    const c = await hub.app.comments.create(who.actor, 'idea', ideaId, { body }, 'own-data-test');
    return edit === undefined ? c : hub.app.comments.edit(who.actor, c.id, c.version, edit);
  }

  async function minutesVersion(): Promise<number> {
    const view = await hub.app.minutes.forOccurrence(maintainer.actor, seriesSlug, MEETING);
    return view.minutes?.version ?? 0;
  }

  it('exports the person’s own things as a file to save, no one else’s and no secrets', async () => {
    const { who } = await activeMember('Olga Own');
    const wanted = await buildIdea(hub, bystander, { title: 'Idea of somebody else' });
    await hub.app.interest.add(who.actor, wanted.id);
    await hub.app.follows.follow(who.actor, 'series', seriesSlug);
    const mine = await comment(who, wanted.id, 'First thought of Olga', 'Second thought of Olga');
    await comment(bystander, wanted.id, 'A reply by somebody else');
    const res = await api('GET', '/api/v1/me/export', who);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-disposition']).toBe('attachment; filename="plenum-olga-own-2026-11-29.json"');
    const data = JSON.parse(res.body);
    expect(data.account).toMatchObject({ email: who.user.email, name: 'Olga Own', hasPassword: true });
    expect(data.ideas.map((i: { title: string }) => i.title)).toEqual(['Idea of Olga Own']);
    expect(data.topics.map((t: { title: string }) => t.title)).toEqual(['Topic of Olga Own']);
    expect(data.actionItems.map((a: { text: string }) => a.text)).toEqual(['Task for Olga Own']);
    expect(data.minutesAttended).toEqual([{ series: seriesSlug, occurrence: MEETING }]);
    expect(data.invitationSubscriptions).toHaveLength(1);
    expect(data.apiTokens).toEqual([expect.objectContaining({ name: 'tests' })]);
    expect(data.auditEntries.length).toBeGreaterThan(0);
    expect(data.interest).toEqual([expect.objectContaining({ ideaId: wanted.id })]);
    expect(data.comments).toEqual([
      expect.objectContaining({
        id: mine.id,
        targetType: 'idea',
        targetId: wanted.id,
        body: 'Second thought of Olga',
        createdAt: NOW.toISOString(),
        editedAt: NOW.toISOString(),
        deletedAt: null,
        hiddenAt: null,
      }),
    ]);
    expect(data.commentHistory).toEqual([
      expect.objectContaining({ commentId: mine.id, body: 'First thought of Olga' }),
    ]);
    expect(res.body).not.toContain('A reply by somebody else');
    // Proposing and commenting follow the ideas; the series was followed by hand.
    expect(data.follows.map((f: { targetType: string }) => f.targetType).sort()).toEqual([
      'idea',
      'idea',
      'series',
    ]);
    // Another's idea appears only as what this person wants, never among their own.
    expect(JSON.stringify(data.ideas)).not.toContain('Idea of somebody else');
    expect(res.body).not.toContain(bystander.user.email);
    // No secret: no password hash, no token or its hash, no session id.
    const secrets = await hub.store.read.tokens.listForUser(who.user.id);
    for (const t of secrets) expect(res.body).not.toContain(t.token_hash);
    expect(res.body).not.toContain(who.token);
    expect(res.body).not.toMatch(/scrypt\$|passwordHash|tokenHash/u);

    // The profile's button downloads the same, and each export leaves an audit entry.
    const browser = await signedInClient(hub, who);
    const page = await browser.get('/profile');
    expect(page.body).toContain('Download my data');
    const file = await browser.get('/profile/export');
    expect(file.statusCode).toBe(200);
    expect(file.headers['content-disposition']).toMatch(/^attachment; filename="plenum-olga-own-/u);
    const sessionIds = await hub.store.read.sessionList.live(who.user.id, NOW.toISOString());
    expect(sessionIds.length).toBeGreaterThan(0);
    for (const s of sessionIds) expect(file.body).not.toContain(s.id);
    const audit = await hub.store.read.audit.listForEntity('user', who.user.id);
    expect(audit.filter((a) => a.action === 'user.export')).toHaveLength(2);
  });

  it('deletes an account: sign-ins end at once, what it proposed stays as by a former member', async () => {
    const { who, idea, topic } = await activeMember('Dora Delete');
    const other = await buildIdea(hub, bystander, { title: 'Idea Dora commented on' });
    const remark = await comment(who, other.id, 'Remark by Dora');
    await hub.app.comments.report(bystander.actor, remark.id, 'Please look');
    const browser = await signedInClient(hub, who);
    expect((await browser.get('/profile')).statusCode).toBe(200);

    const res = await browser.post('/profile/delete', { currentPassword: PASSWORD });
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toContain('notice=ownData.deleted');
    expect((await browser.get('/profile')).statusCode).toBe(401);
    expect((await api('GET', '/api/v1/me', who)).statusCode).toBe(401);
    const login = new PageClient(hub, { 'x-forwarded-for': '10.9.9.9' });
    await login.get('/login');
    const again = await login.post('/login', { email: who.user.email, password: PASSWORD, next: '/' });
    expect(again.statusCode).not.toBe(303);

    const ideaPage = await hub.server.inject({ url: `/ideas/${idea.slug}` });
    expect(ideaPage.statusCode).toBe(200);
    expect(ideaPage.body).toContain('a former member');
    expect(ideaPage.body).toContain('Why Dora Delete wants it');
    const meeting = await hub.server.inject({ url: `/meetings/${seriesSlug}/${MEETING}` });
    expect(meeting.statusCode).toBe(200);
    expect(meeting.body).toContain('Topic of Dora Delete');
    expect(meeting.body).not.toContain('>by Dora Delete<');
    for (const url of ['/', '/backlog?status=proposed', '/roadmap', `/api/v1/ideas/${idea.id}`]) {
      expect((await hub.server.inject({ url })).statusCode).toBe(200);
    }
    const fromApi = JSON.parse((await hub.server.inject({ url: `/api/v1/ideas/${idea.id}` })).body);
    expect(fromApi).toMatchObject({
      proposerId: null,
      proposerName: null,
      proposerLeft: true,
      textRemoved: false,
    });
    const agenda = await hub.server.inject({
      url: `/api/v1/series/${seriesSlug}/occurrences/${MEETING}/agenda`,
    });
    expect(agenda.statusCode).toBe(200);
    expect(agenda.body).toContain('"proposerLeft":true');
    const triage = await (await signedInClient(hub, maintainer)).get('/triage');
    expect(triage.statusCode).toBe(200);
    expect(triage.body).toContain('a former member');
    expect(triage.body).toContain('Comment by a former member');
    const de = await hub.server.inject({ url: `/ideas/${idea.slug}?lang=de` });
    expect(de.body).toContain('ein ehemaliges Mitglied');
    // The comment stays in its thread, as by a former member rather than by someone unknown.
    const thread = await hub.server.inject({ url: `/ideas/${other.slug}` });
    expect(thread.body).toContain('Remark by Dora');
    expect(thread.body).toContain('<strong>a former member</strong>');
    const threadDe = await hub.server.inject({ url: `/ideas/${other.slug}?lang=de` });
    expect(threadDe.body).toContain('<strong>ein ehemaliges Mitglied</strong>');
    const listed = JSON.parse((await hub.server.inject({ url: `/api/v1/ideas/${other.id}/comments` })).body);
    expect(listed.items).toEqual([
      expect.objectContaining({ id: remark.id, authorName: null, authorLeft: true, body: 'Remark by Dora' }),
    ]);

    const minutes = await hub.app.minutes.forOccurrence(maintainer.actor, seriesSlug, MEETING);
    expect(minutes.minutes?.attendeeNames).not.toContain('Dora Delete');
    expect(minutes.minutes?.attendeeCount).toBeGreaterThanOrEqual(3);
    expect(await hub.store.read.users.findById(who.user.id)).toBeUndefined();
    expect(await hub.store.read.tokens.listForUser(who.user.id)).toEqual([]);
    const subscriber = await hub.store.read.subscribers.find(topic.seriesId, who.user.email);
    expect(subscriber).toBeUndefined();
    const entries = await hub.store.read.audit.listForEntity('user', who.user.id);
    const deletion = entries.find((e) => e.action === 'user.delete');
    expect(deletion).toMatchObject({ actor_id: null, summary: 'account deleted' });
    for (const e of entries) expect(`${e.summary}`).not.toContain(who.user.email);
  });

  it('removes the texts the person wrote alone when asked, keeping titles and others’ edits', async () => {
    const { who, idea } = await activeMember('Tilda Texts');
    const other = await buildIdea(hub, bystander, { title: 'Idea Tilda commented on' });
    const said = await comment(who, other.id, 'Tilda at first', 'Tilda on second thought');
    const edited = await buildIdea(hub, who, { title: 'Shared idea', description: 'Started by Tilda' });
    await hub.app.ideas.update(maintainer.actor, edited.id, edited.version, {
      title: 'Shared idea',
      description: 'Rewritten by the maintainer',
      tags: [],
      links: [],
    });
    const res = await api('DELETE', '/api/v1/me', who, { currentPassword: PASSWORD, removeTexts: true });
    expect(res.statusCode).toBe(204);
    const page = await hub.server.inject({ url: `/ideas/${idea.slug}` });
    expect(page.body).toContain(`Idea of Tilda Texts`);
    expect(page.body).not.toContain('Why Tilda Texts wants it');
    expect(page.body).toContain('The text was removed at its author’s request.');
    const shared = await hub.server.inject({ url: `/ideas/${edited.slug}` });
    expect(shared.body).toContain('Rewritten by the maintainer');
    const meeting = await hub.server.inject({ url: `/meetings/${seriesSlug}/${MEETING}` });
    expect(meeting.body).toContain('Topic of Tilda Texts');
    expect(meeting.body).not.toContain('Notes by Tilda Texts');
    const search = await hub.server.inject({ url: '/api/v1/ideas?q=wants' });
    expect(search.body).not.toContain('Tilda');
    // Her comment is emptied as a deleted one is, and keeps no earlier text.
    const thread = await hub.server.inject({ url: `/ideas/${other.slug}` });
    expect(thread.body).not.toContain('Tilda on second thought');
    expect(thread.body).toContain('Comment deleted by its author.');
    expect(thread.body).toContain('<strong>a former member</strong>');
    const stored = await hub.store.read.comments.find(said.id);
    expect(stored).toMatchObject({ body: '', author_id: null });
    expect(stored?.deleted_at).not.toBeNull();
    expect(await hub.store.read.comments.history(said.id)).toEqual([]);
  });

  it('refuses the wrong password and keeps the account', async () => {
    const who = await buildUser(hub, { name: 'Wanda Wrong' });
    const res = await api('DELETE', '/api/v1/me', who, { currentPassword: 'not the password' });
    expect(res.statusCode).toBe(400);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(await hub.store.read.users.findById(who.user.id)).toBeDefined();
  });

  it('asks an account without a password for its address typed again', async () => {
    const id = newId();
    const email = `no-password-${engine}@example.org`;
    const at = NOW.toISOString();
    await hub.store.read.users.insert({
      ...{ id, email, name: 'Nina Nopass', role: 'member', password_hash: null, locale: null },
      ...{ time_zone: null, created_at: at, updated_at: at, version: 1 },
    });
    const actor = { kind: 'user' as const, userId: id, role: 'member' as const, name: 'Nina Nopass' };
    const { token } = await hub.app.accounts.createApiToken(actor, 'tests');
    const who = { actor, token, auth: { authorization: `Bearer ${token}` } } as TestUser;
    expect((await api('DELETE', '/api/v1/me', who, { confirmEmail: 'other@example.org' })).statusCode).toBe(
      400,
    );
    expect((await api('DELETE', '/api/v1/me', who, { confirmEmail: email.toUpperCase() })).statusCode).toBe(
      204,
    );
    expect(await hub.store.read.users.findById(id)).toBeUndefined();
  });

  it('keeps the last admin', async () => {
    const other = await buildUser(hub, { role: 'admin', name: 'Otto Other' });
    // Two admins: one goes, the last one stays.
    expect((await api('DELETE', `/api/v1/users/${other.user.id}`, admin)).statusCode).toBe(204);
    const res = await api('DELETE', '/api/v1/me', admin, { currentPassword: PASSWORD });
    expect(res.statusCode).toBe(422);
    expect(JSON.parse(res.body).detail).toContain('last admin');
    expect(await hub.store.read.users.findById(admin.user.id)).toBeDefined();
  });

  it('lets admins export and delete any account, and nobody else', async () => {
    const { who } = await activeMember('Rita Removed');
    for (const stranger of [bystander, maintainer]) {
      expect((await api('GET', `/api/v1/users/${who.user.id}/export`, stranger)).statusCode).toBe(403);
      expect((await api('DELETE', `/api/v1/users/${who.user.id}`, stranger)).statusCode).toBe(403);
    }
    const exported = await api('GET', `/api/v1/users/${who.user.id}/export`, admin);
    expect(exported.statusCode).toBe(200);
    expect(JSON.parse(exported.body).account.email).toBe(who.user.email);

    const browser = await signedInClient(hub, admin);
    const list = await browser.get('/admin');
    expect(list.body).toContain(`/admin/users/${who.user.id}/export`);
    const wrong = await browser.post(`/admin/users/${who.user.id}/delete`, {
      confirmEmail: 'nope@example.org',
    });
    expect(wrong.statusCode).toBe(422);
    expect(wrong.body).toContain('Type the address exactly as shown.');
    expect(await hub.store.read.users.findById(who.user.id)).toBeDefined();
    const done = await browser.post(`/admin/users/${who.user.id}/delete`, { confirmEmail: who.user.email });
    expect(done.statusCode).toBe(303);
    expect((await browser.follow(done)).body).toContain('Account deleted.');
    expect((await api('GET', '/api/v1/me', who)).statusCode).toBe(401);
    expect((await api('GET', `/api/v1/users/${who.user.id}/export`, admin)).statusCode).toBe(404);
    const entry = (await hub.store.read.audit.listForEntity('user', who.user.id)).find(
      (e) => e.action === 'user.delete',
    );
    expect(entry).toMatchObject({ actor_id: admin.user.id, summary: 'account deleted' });
  });
});

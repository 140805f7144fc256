import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PageClient } from './support/client.js';
import {
  buildUser,
  linkIdentity,
  planningSeries,
  signedInClient,
  type TestUser,
} from './support/factories.js';
import { ENGINES, type Hub, startHub } from './support/hub.js';

/**
 * An image in Markdown from another site tells that site who reads the page. Unless an admin
 * allows images from other sites, such an image is a link with its alt text, and the pages'
 * Content-Security-Policy loads images from the hub (and data: URLs) only.
 */

const TRACKER = 'https://tracker.example.com/pixel.png?who=reader';
const DESCRIPTION = `Look: ![tracker pixel](${TRACKER}), ![our logo](/assets/logo.png), ![also ours](http://127.0.0.1:8080/shot.png) and ![](https://tracker.example.com/no-alt.png).`;

describe.each(ENGINES)('images from other sites on %s', (engine) => {
  let hub: Hub;
  let admin: TestUser;
  let member: TestUser;
  let ideaSlug = '';

  beforeAll(async () => {
    hub = await startHub(engine, { now: () => new Date('2026-11-30T14:00:00Z') });
    [admin, member] = await Promise.all([buildUser(hub, { role: 'admin' }), buildUser(hub)]);
    ideaSlug = (
      await hub.app.ideas.propose(admin.actor, {
        title: 'Pictures',
        description: DESCRIPTION,
        status: 'backlog',
      })
    ).slug;
    await hub.app.settings.setBacklogTexts(admin.actor, 0, { 'intro.en': `Hello ![banner](${TRACKER})` });
    await planningSeries(hub, admin);
    const saved = await hub.app.minutes.save(admin.actor, 'planning-meeting', '2026-11-30', 0, {
      body: `Minutes ![chart](${TRACKER})`,
    });
    await hub.app.minutes.publish(admin.actor, 'planning-meeting', '2026-11-30', saved.version);
  });
  afterAll(() => hub.close());

  const imgSrc = (html: string) => [...html.matchAll(/<img [^>]*src="([^"]*)"/gu)].map((m) => m[1]);
  const imgSrcOf = (res: { headers: Record<string, unknown> }) =>
    /img-src ([^;]*)/u.exec(String(res.headers['content-security-policy']))?.[1];

  it('shows them as links by default; the hub’s own images still show', async () => {
    const page = await new PageClient(hub).get(`/ideas/${ideaSlug}`);
    expect(imgSrc(page.body)).toEqual(['/assets/logo.png', 'http://127.0.0.1:8080/shot.png']);
    expect(page.body).toContain(
      `<a href="${TRACKER}" rel="nofollow ugc noopener" class="remote-image">tracker pixel</a>`,
    );
    expect(page.body).toContain('class="remote-image">https://tracker.example.com/no-alt.png</a>');
    expect(imgSrcOf(page)).toBe("'self' data:");
    // The backlog (shared by anonymous readers), the minutes and their feed alike.
    expect((await new PageClient(hub).get('/backlog')).body).not.toContain(`src="${TRACKER}`);
    expect((await new PageClient(hub).get('/meetings/planning-meeting/2026-11-30')).body).not.toContain(
      `src="${TRACKER}`,
    );
    const atom = (await hub.server.inject({ url: '/meetings/planning-meeting/minutes.atom' })).body;
    expect(atom).toContain('chart');
    expect(atom).not.toContain('&lt;img src=&quot;https://tracker');
    expect(atom).not.toContain('<img src="https://tracker');
  });

  it('an admin turns them on from the admin page (and only an admin)', async () => {
    const memberBrowser = await signedInClient(hub, member);
    await memberBrowser.get('/profile');
    expect((await memberBrowser.post('/admin/images', { remoteImages: 'on' })).statusCode).toBe(403);

    const browser = await signedInClient(hub, admin);
    const adminPage = await browser.get('/admin');
    expect(adminPage.body).toContain('Show images from other sites');
    expect(adminPage.body).not.toMatch(/name="remoteImages"[^>]*checked/u);
    expect((await browser.get('/admin?lang=de')).body).toContain('Bilder von anderen Websites anzeigen');
    await browser.get('/admin?lang=en');
    const res = await browser.post('/admin/images', { remoteImages: 'on' });
    expect(res.statusCode).toBe(303);
    expect((await browser.follow(res)).body).toMatch(/name="remoteImages"[^>]*checked/u);

    const page = await new PageClient(hub).get(`/ideas/${ideaSlug}`);
    expect(imgSrc(page.body)).toEqual([
      TRACKER,
      '/assets/logo.png',
      'http://127.0.0.1:8080/shot.png',
      'https://tracker.example.com/no-alt.png',
    ]);
    expect(imgSrcOf(page)).toBe("'self' https: data:");
    expect(imgSrc((await new PageClient(hub).get('/backlog')).body)).toContain(TRACKER);

    // And off again: an unticked box sends nothing.
    await browser.get('/admin');
    expect((await browser.post('/admin/images', {})).statusCode).toBe(303);
    expect(imgSrc((await new PageClient(hub).get(`/ideas/${ideaSlug}`)).body)).toHaveLength(2);
    await browser.get('/admin');
    const bad = await browser.post('/admin/images', { remoteImages: 'sometimes' });
    expect(bad.statusCode).toBe(422);
  });

  it('shows a provider’s picture of a person only where images of other sites are allowed', async () => {
    const who = await buildUser(hub, { name: 'Pia Picture' });
    const picture = 'https://avatars.example.com/u/4242?v=4';
    await linkIdentity(hub, who, { provider: 'github', login: 'pia-picture', avatarUrl: picture });
    const browser = await signedInClient(hub, who);
    const before = await browser.get('/profile');
    expect(before.body).not.toContain('avatars.example.com');
    expect(imgSrc(before.body)).toEqual([]);
    expect(before.body).toContain('<span class="avatar" aria-hidden="true">PP</span>');

    await hub.app.settings.setRemoteImages(admin.actor, 'on');
    const after = await browser.get('/profile');
    expect(imgSrc(after.body)).toEqual([picture, picture]);
    await hub.app.settings.setRemoteImages(admin.actor, '');
    expect((await browser.get('/profile')).body).not.toContain('avatars.example.com');
  });
});

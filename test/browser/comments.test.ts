import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seriousViolations } from '../support/axe.js';
import { launchBrowser, signedInPage } from '../support/browser.js';
import { buildIdea, buildUser, type TestUser } from '../support/factories.js';
import { ENGINES, type Hub, startHub } from '../support/hub.js';

/**
 * A conversation on an idea in real Chromium: a member proposes it, another comments mentioning
 * the first and shows interest, the first replies, a maintainer hides the comment with a reason; a reader who keeps the page open sees
 * each step without reloading.
 */

const NOW = () => new Date('2026-11-29T10:00:00Z');
const TIMEOUT = 120_000;
/** "Within a second" on an idle machine; this one is shared, so the wait allows more. */
const SOON = { timeout: 5000 };

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

describe.each(ENGINES)('comments in the browser (%s)', (engine) => {
  let hub: Hub;
  let origin: string;
  let alice: TestUser;
  let bob: TestUser;
  let mara: TestUser;
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    hub = await startHub(engine, { now: NOW });
    origin = await hub.server.listen({ host: '127.0.0.1', port: 0 });
    alice = await buildUser(hub, { name: 'Alice Author' });
    bob = await buildUser(hub, { name: 'Bob Commenter' });
    mara = await buildUser(hub, { role: 'maintainer', name: 'Mara Maintainer' });
    // Neighbours in the alphabet, each wanted by nobody: interest must not lift the new idea past them.
    for (const title of ['Archive old boards', 'Zero-downtime upgrades'])
      await buildIdea(hub, mara, { title });
  });
  afterAll(async () => {
    for (const context of contexts) await context.close();
    await hub?.close();
  });

  async function browse(who?: TestUser): Promise<Page> {
    const { context, page } = await signedInPage(browser, origin, who);
    contexts.push(context);
    return page;
  }

  it(
    'shows a comment, its reply and its hiding live to a reader who keeps the page open',
    async () => {
      const a = await browse(alice);
      await a.goto('/ideas/new');
      await a.getByLabel('Title').fill('Dark mode for the board');
      await a.getByRole('button', { name: 'Propose an idea' }).click();
      await a.waitForURL(/\/ideas\/dark-mode-for-the-board/u);
      const path = new URL(a.url()).pathname;

      const reader = await browse();
      await reader.goto(path);
      await reader.evaluate(() => {
        (window as unknown as { plenumMark: boolean }).plenumMark = true;
      });
      const thread = reader.locator('#comment-thread');

      const b = await browse(bob);
      await b.goto(path);
      // Bob mentions Alice, picking her from the suggestions as he types.
      const box = b.getByRole('combobox', { name: 'Your comment' });
      await box.fill('Yes, *please* — my eyes thank you, ');
      await box.pressSequentially('@alic');
      const suggestion = b.getByRole('listbox', { name: 'People to mention' }).getByRole('option');
      await expect.poll(() => suggestion.count(), SOON).toBe(1);
      await box.press('ArrowDown');
      await box.press('Enter');
      expect(await box.inputValue()).toMatch(/@alice-author $/u);
      await b.getByRole('button', { name: 'Comment', exact: true }).click();
      await b.waitForURL(/notice=comment\.created#comment-/u);
      await expect.poll(() => thread.locator('.comment em').textContent(), SOON).toBe('please');
      const mention = thread.locator('a.mention');
      expect(await mention.textContent()).toBe('@Alice Author');
      expect(await mention.getAttribute('href')).toBe(`/people/${alice.user.id}`);
      // The mention is Alice's to see (the source of her notifications).
      expect((await hub.app.mentions.mine(alice.actor)).length).toBe(1);
      await b.getByRole('button', { name: 'I want this too' }).click();
      await b.waitForURL(/notice=interest\.added/u);
      expect(await b.getByRole('button', { name: 'Take back my interest' }).count()).toBe(1);

      await a.goto(path);
      await a.locator('.comment-reply summary').click();
      await a.getByLabel('Reply', { exact: true }).fill('Noted, thanks');
      await a.getByRole('button', { name: 'Send reply' }).click();
      await a.waitForURL(/notice=comment\.created/u);
      await expect.poll(() => thread.locator('.comment-replies .comment').count(), SOON).toBe(1);

      const m = await browse(mara);
      await m.goto(path);
      const bobs = m.locator('.comment', { hasText: 'my eyes thank you' });
      await bobs.locator('summary', { hasText: 'Hide' }).click();
      await bobs.getByLabel(/Why hide it/u).fill('Off topic here');
      await bobs.getByRole('button', { name: 'Hide comment' }).click();
      await m.waitForURL(/notice=comment\.hidden/u);
      // The maintainer still reads it, marked hidden with the reason.
      expect(await m.locator('.comment-hidden').textContent()).toContain('Off topic here');

      await expect
        .poll(() => thread.locator('.comment-hidden').textContent(), SOON)
        .toContain('Hidden by a maintainer.');
      expect(await thread.textContent()).not.toContain('my eyes thank you');
      expect(await thread.textContent()).toContain('Noted, thanks');
      expect(
        await reader.evaluate(() => (window as unknown as { plenumMark?: boolean }).plenumMark === true),
      ).toBe(true);

      // Bob, its author, still reads his comment and why it was hidden.
      await b.goto(path);
      expect(await b.locator('.comment-hidden').textContent()).toContain('Off topic here');
      expect(await seriousViolations(b)).toEqual([]);
      expect(await seriousViolations(m)).toEqual([]);

      // The backlog row counts the interest and the comments a visitor may read; the order stays alphabetical.
      await reader.goto('/backlog');
      const titles = await reader.locator('.idea-title').allTextContents();
      expect(titles).toEqual([...titles].sort((x, y) => x.localeCompare(y, 'en')));
      expect(titles).toEqual(
        expect.arrayContaining(['Archive old boards', 'Dark mode for the board', 'Zero-downtime upgrades']),
      );
      const row = reader
        .locator('li, tr', { has: reader.locator('.idea-title', { hasText: 'Dark mode for the board' }) })
        .last();
      expect(await row.locator('.idea-counts').textContent()).toContain('1 interested');
      expect(await row.locator('.comment-count').textContent()).toMatch(/^\d+ comments?$/u);
    },
    TIMEOUT,
  );
});

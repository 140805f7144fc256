import { fileURLToPath } from 'node:url';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Actor } from '../../src/domain/roles.js';
import { launchBrowser } from '../support/browser.js';
import { ENGINES, type Engine, type Hub, startHub } from '../support/hub.js';

/**
 * The whole story of a newcomer, told through a real Chromium against a real listening server:
 * nothing here goes around the browser except seeding a few ideas beforehand. Locators are
 * accessible ones (label, role, name) on purpose: a control a test cannot find by its label is
 * one a screen-reader user cannot find either.
 */

const AXE_SCRIPT = fileURLToPath(new URL('../../node_modules/axe-core/axe.min.js', import.meta.url));
const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

const ADMIN = { name: 'Ada Admin', email: 'ada@example.org', password: 'admin password 1' };
const MEMBER = { name: 'Nina Newcomer', email: 'nina@example.org', password: 'member password 1' };

/** Backlog ideas that exist before the newcomer arrives, in the order the backlog must show them. */
const SEEDED = [
  'Machine internet without firewalls',
  'metal-stack dashboard (UI)',
  'Offer our metal-stack extensions as enterprise products',
];
const PROPOSAL = {
  title: 'Monitoring dashboards',
  description: 'Ready-made **Grafana** dashboards for the control plane and the machines.',
  tag: 'observability',
  linkLabel: 'Discussion',
  linkUrl: 'https://github.com/metal-stack/docs/issues/1',
};
/** Where the proposal must land: between the dashboard and the enterprise offer. */
const EXPECTED_ORDER = [SEEDED[0], SEEDED[1], PROPOSAL.title, SEEDED[2]];

/** A real browser is slow on a busy machine; these tests walk through a dozen pages each. */
const BROWSER_TEST_TIMEOUT = 120_000;

let browser: Browser;

beforeAll(async () => {
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
});

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[]; failureSummary?: string }[];
}

/** Runs axe-core on the page as it is now; returns the serious and critical WCAG 2.2 AA violations. */
async function seriousViolations(page: Page): Promise<string[]> {
  await page.addScriptTag({ path: AXE_SCRIPT });
  const violations = await page.evaluate(async (tags) => {
    // axe-core is injected above; the page itself ships no script, so there are no typings for it here.
    const axe = (globalThis as unknown as { axe: { run(ctx: unknown, opts: unknown): Promise<unknown> } })
      .axe;
    const result = (await axe.run(document, { runOnly: { type: 'tag', values: tags } })) as {
      violations: AxeViolation[];
    };
    return result.violations;
  }, WCAG_TAGS);
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map(
      (v) =>
        `${v.id} (${v.impact}): ${v.help}\n${v.nodes
          .map((n) => `    ${n.target.join(' ')} — ${n.failureSummary ?? ''}`)
          .join('\n')}`,
    );
}

async function expectAccessible(page: Page, what: string): Promise<void> {
  const problems = await seriousViolations(page);
  expect(problems, `${what} (${page.url()}):\n${problems.join('\n')}`).toEqual([]);
}

/** Waits until the locator shows (pages are server-rendered, so this also waits out navigations). */
async function see(locator: Locator): Promise<void> {
  await locator.first().waitFor({ state: 'visible' });
}

const POLL = { timeout: 10_000 };

/** The visible text of the one element the locator finds, or null while there is not exactly one. */
async function textOf(locator: Locator): Promise<string | null> {
  // biome-ignore lint/performance/useDomNodeTextContent: a Playwright locator; the rendered text is what a reader sees.
  return (await locator.count()) === 1 ? (await locator.innerText()).trim() : null;
}

/** Waits until the locator's one element has exactly this visible text. */
async function seeText(locator: Locator, expected: string): Promise<void> {
  await expect.poll(() => textOf(locator), POLL).toBe(expected);
}

/** Waits until the locator's one element shows this text somewhere. */
async function seeContaining(locator: Locator, expected: string): Promise<void> {
  await expect.poll(() => textOf(locator), POLL).toContain(expected);
}

/** Titles of the ideas on a backlog page, in the order shown. */
async function backlogTitles(page: Page): Promise<string[]> {
  return page.locator('ul.idea-list > li a.idea-title').allTextContents();
}

async function signIn(page: Page, who: { email: string; password: string }): Promise<void> {
  await page.getByRole('navigation').getByRole('link', { name: 'Sign in' }).click();
  await see(page.getByRole('heading', { level: 1, name: 'Sign in' }));
  await page.getByLabel('E-mail').fill(who.email);
  await page.getByLabel('Password').fill(who.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await seeContaining(page.getByRole('status'), 'Signed in.');
}

async function signOut(page: Page): Promise<void> {
  await page.getByRole('navigation').getByRole('button', { name: 'Sign out' }).click();
  await seeText(page.getByRole('status'), 'Signed out.');
}

async function seedBacklog(hub: Hub, maintainer: Actor): Promise<void> {
  for (const title of SEEDED) {
    await hub.app.ideas.propose(maintainer, {
      title,
      description: `Seeded: ${title}.`,
      tags: ['seed'],
      status: 'backlog',
    });
  }
}

interface Visit {
  hub: Hub;
  page: Page;
  /** Content-Security-Policy complaints from the console: the pages must work under their own policy. */
  cspReports: string[];
}

/**
 * A fresh hub listening on a free port, and a fresh browser context per test. Links and
 * redirects are built from the base path only, so a hub at the root works on any port.
 */
function visitEachTest(
  engine: Engine,
  options: { bypassCSP?: boolean; colorScheme?: 'light' | 'dark' } = {},
): () => Visit {
  let visit: Visit | undefined;
  let context: BrowserContext | undefined;
  let hub: Hub | undefined;

  beforeEach(async () => {
    hub = await startHub(engine);
    const origin = await hub.server.listen({ host: '127.0.0.1', port: 0 });
    context = await browser.newContext({
      baseURL: origin,
      locale: 'en-GB',
      timezoneId: 'Europe/Berlin',
      colorScheme: options.colorScheme ?? 'light',
      bypassCSP: options.bypassCSP ?? false,
    });
    context.setDefaultTimeout(10_000);
    const page = await context.newPage();
    const cspReports: string[] = [];
    page.on('console', (msg) => {
      if (/Content Security Policy/iu.test(msg.text())) cspReports.push(msg.text());
    });
    visit = { hub, page, cspReports };
  });

  afterEach(async () => {
    await context?.close();
    await hub?.close();
    visit = undefined;
  });

  return () => {
    if (!visit) throw new Error('no visit outside a test');
    return visit;
  };
}

describe.each(ENGINES)('a newcomer in the browser (%s)', (engine) => {
  const current = visitEachTest(engine);

  it(
    'sets up the hub, proposes an idea as a member, gets it triaged and finds it in the backlog, in English and German',
    async () => {
      const { hub, page, cspReports } = current();

      // 1. The very first visit shows the one-time setup.
      await page.goto('/');
      await see(page.getByRole('heading', { level: 1, name: 'Set up Plenum' }));
      await page.getByLabel('Name', { exact: true }).fill(ADMIN.name);
      await page.getByLabel('E-mail').fill(ADMIN.email);
      await page.getByLabel('Password').fill(ADMIN.password);
      await page.getByRole('button', { name: 'Create admin account' }).click();
      await seeText(page.getByRole('status'), 'Admin account created. Welcome!');
      await expect.poll(() => new URL(page.url()).pathname, POLL).toBe('/admin');
      await seeContaining(page.getByRole('contentinfo'), `Signed in as ${ADMIN.name} (admin)`);

      // The backlog already holds a few ideas (put there by a maintainer, outside the browser).
      const admin = await hub.app.accounts.findUserByEmail(ADMIN.email);
      if (!admin) throw new Error('the admin created in the browser does not exist');
      await seedBacklog(hub, { kind: 'user', userId: admin.id, role: admin.role, name: admin.name });

      // 2. The admin creates a member account.
      await page.getByRole('navigation').getByRole('link', { name: 'Admin' }).click();
      const create = page.getByRole('region', { name: 'Create a user' });
      await create.getByLabel('Name', { exact: true }).fill(MEMBER.name);
      await create.getByLabel('E-mail').fill(MEMBER.email);
      await create.getByLabel('Password').fill(MEMBER.password);
      await create.getByLabel('Role').selectOption({ label: 'member' });
      await create.getByRole('button', { name: 'Create' }).click();
      await seeText(page.getByRole('status'), 'User created.');
      await see(
        page.getByRole('region', { name: 'Users' }).getByRole('row', { name: new RegExp(MEMBER.email, 'u') }),
      );

      // 3. The admin leaves; the member signs in and proposes an idea.
      await signOut(page);
      await signIn(page, MEMBER);
      await seeContaining(page.getByRole('contentinfo'), `Signed in as ${MEMBER.name} (member)`);
      await page.getByRole('link', { name: 'Propose an idea' }).click();
      await see(page.getByRole('heading', { level: 1, name: 'Propose an idea' }));
      await page.getByLabel('Title', { exact: true }).fill(PROPOSAL.title);
      await page.getByLabel('Description').fill(PROPOSAL.description);
      await page.getByLabel('Tags').fill(PROPOSAL.tag);
      const links = page.getByRole('group', { name: 'Links' });
      await links.getByLabel('Label').first().fill(PROPOSAL.linkLabel);
      await links.getByLabel('URL').first().fill(PROPOSAL.linkUrl);
      await page.getByRole('button', { name: 'Propose an idea' }).click();

      // The proposal is public at once, but clearly waiting for triage.
      await seeText(page.getByRole('status'), 'Idea proposed — it waits for triage.');
      await see(page.getByRole('heading', { level: 1, name: PROPOSAL.title }));
      await seeContaining(page.getByRole('main'), 'proposed · awaiting triage');
      expect(await page.getByRole('link', { name: PROPOSAL.linkLabel }).getAttribute('href')).toBe(
        PROPOSAL.linkUrl,
      );
      await seeText(page.getByRole('list', { name: 'Tags' }).getByRole('link'), PROPOSAL.tag);
      await seeText(page.getByRole('main').getByRole('strong'), 'Grafana');

      // 4. The member leaves; the admin signs in and accepts the proposal in triage.
      await signOut(page);
      await signIn(page, ADMIN);
      await page.getByRole('navigation').getByRole('link', { name: 'Triage' }).click();
      await see(page.getByRole('heading', { level: 1, name: 'Triage' }));
      const proposal = page.getByRole('listitem').filter({
        has: page.getByRole('heading', { level: 2, name: PROPOSAL.title }),
      });
      await seeContaining(proposal, `proposed by ${MEMBER.name}`);
      await proposal.getByRole('button', { name: 'Accept into backlog' }).click();
      await seeText(page.getByRole('status'), 'Status changed.');
      await see(page.getByText('Nothing to triage.'));

      // 5. The backlog lists it in its alphabetical place, as one of the backlog ideas.
      await page.getByRole('navigation').getByRole('link', { name: 'Idea backlog' }).click();
      await see(page.getByRole('heading', { level: 1, name: 'Idea backlog' }));
      expect(await backlogTitles(page)).toEqual(EXPECTED_ORDER);
      const row = page
        .getByRole('listitem')
        .filter({ has: page.getByRole('link', { name: PROPOSAL.title }) });
      await seeText(row.locator('.chip'), 'backlog');
      await see(row.getByRole('link', { name: PROPOSAL.tag }));
      await see(page.getByText('4 ideas, alphabetically'));

      // 6. The same backlog in German, through the footer's language link.
      await page.getByRole('contentinfo').getByRole('link', { name: 'Deutsch' }).click();
      await expect.poll(() => page.locator('html').getAttribute('lang'), POLL).toBe('de');
      await see(page.getByRole('heading', { level: 1, name: 'Ideen-Backlog' }));
      expect(await backlogTitles(page)).toEqual(EXPECTED_ORDER);
      const rowDe = page
        .getByRole('listitem')
        .filter({ has: page.getByRole('link', { name: PROPOSAL.title }) });
      await seeText(rowDe.locator('.chip'), 'im Backlog');
      await see(page.getByRole('contentinfo').getByRole('link', { name: 'English' }));

      expect(cspReports).toEqual([]);
    },
    BROWSER_TEST_TIMEOUT,
  );
});

// The markup does not depend on the engine, so the checks run on SQLite only, in both colour schemes.
describe.each(['light', 'dark'] as const)('accessibility of the pages (%s colour scheme)', (colorScheme) => {
  // axe-core is injected as a script, which the hub's own CSP (rightly) forbids.
  const current = visitEachTest('sqlite', { bypassCSP: true, colorScheme });

  it(
    'has no serious or critical WCAG 2.2 AA violations on setup, backlog, idea, idea form and triage',
    async () => {
      const { hub, page } = current();
      await page.goto('/');
      await see(page.getByRole('heading', { level: 1, name: 'Set up Plenum' }));
      await expectAccessible(page, 'setup page');

      // A form sent empty comes back with its errors, which must be just as readable.
      await page.getByRole('button', { name: 'Create admin account' }).click();
      await seeContaining(page.getByRole('alert'), 'Please check the highlighted fields.');
      await expectAccessible(page, 'setup page with errors');

      await page.getByLabel('Name', { exact: true }).fill(ADMIN.name);
      await page.getByLabel('E-mail').fill(ADMIN.email);
      await page.getByLabel('Password').fill(ADMIN.password);
      await page.getByRole('button', { name: 'Create admin account' }).click();
      await seeText(page.getByRole('status'), 'Admin account created. Welcome!');
      await expectAccessible(page, 'admin page');

      const admin = await hub.app.accounts.findUserByEmail(ADMIN.email);
      if (!admin) throw new Error('the admin created in the browser does not exist');
      const actor: Actor = { kind: 'user', userId: admin.id, role: admin.role, name: admin.name };
      await seedBacklog(hub, actor);
      const proposed = await hub.app.ideas.propose(actor, {
        title: PROPOSAL.title,
        description: PROPOSAL.description,
        tags: [PROPOSAL.tag],
        links: [{ label: PROPOSAL.linkLabel, url: PROPOSAL.linkUrl }],
      });

      await page.goto('/backlog');
      await see(page.getByRole('heading', { level: 1, name: 'Idea backlog' }));
      await expectAccessible(page, 'backlog');

      await page.getByRole('link', { name: PROPOSAL.title }).click();
      await see(page.getByRole('heading', { level: 1, name: PROPOSAL.title }));
      await expectAccessible(page, 'idea page');

      await page.goto(`/ideas/${proposed.slug}/edit`);
      expect(await page.getByLabel('Title', { exact: true }).inputValue()).toBe(PROPOSAL.title);
      await expectAccessible(page, 'idea form (edit)');

      await page.goto('/ideas/new');
      await see(page.getByRole('heading', { level: 1, name: 'Propose an idea' }));
      await expectAccessible(page, 'idea form');

      await page.getByRole('button', { name: 'Propose an idea' }).click();
      await see(page.getByRole('alert'));
      await expectAccessible(page, 'idea form with errors');

      await page.goto('/triage');
      await see(page.getByRole('heading', { level: 2, name: PROPOSAL.title }));
      await expectAccessible(page, 'triage');

      await page.goto('/backlog?lang=de');
      await see(page.getByRole('heading', { level: 1, name: 'Ideen-Backlog' }));
      await expectAccessible(page, 'backlog in German');
    },
    BROWSER_TEST_TIMEOUT,
  );
});

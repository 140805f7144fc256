import { readFileSync } from 'node:fs';
import MarkdownIt from 'markdown-it';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../src/domain/roles.js';
import type { Series } from '../../src/domain/series.js';
import { newId } from '../../src/store/ids.js';
import { launchBrowser, signIn } from '../support/browser.js';
import { buildUser, type TestUser } from '../support/factories.js';
import { ghFields, ghItem } from '../support/github-export.js';
import { type Hub, startHub } from '../support/hub.js';

/**
 * Common XSS payloads written into every text field people can fill in, then every page that
 * shows them loaded in Chromium. The browser ignores the hub's Content-Security-Policy here
 * (bypassCSP): the policy is a second line of defence, and escaping must hold without it. A
 * payload that ran would set `window.__xss` or open a dialog; one that was parsed as markup
 * would leave an element with an event handler, a `data-xss` marker, a script or frame of its
 * own, or a `javascript:` link.
 */

const NOW = new Date('2026-11-29T10:00:00Z');
const NEXT = ['2026-11-30', '2026-12-14', '2026-12-28'] as const;
const TIMEOUT = 240_000;

const PAYLOADS = [
  '<script>window.__xss=1</script>',
  '<img src=x data-xss onerror="window.__xss=1">',
  '"><img src=x data-xss onerror=window.__xss=1>',
  "'><svg data-xss onload=window.__xss=1>",
  '<svg/onload=window.__xss=1 data-xss>',
  '" autofocus onfocus="window.__xss=1" data-xss="',
  "' autofocus onfocus='window.__xss=1' data-xss='",
  '</textarea><script>window.__xss=1</script>',
  '</title><script>window.__xss=1</script>',
  '<iframe data-xss srcdoc="<script>parent.__xss=1</script>"></iframe>',
  '<details data-xss open ontoggle=window.__xss=1>x</details>',
  '<a data-xss href="javascript:window.__xss=1">link</a>',
  '<math><mtext><table><mglyph><style><img data-xss src=x onerror=window.__xss=1>',
  '<<script>script>window.__xss=1<</script>/script>',
  '<img src=x data-xss onerror=alert(1)>',
  // biome-ignore lint/suspicious/noTemplateCurlyInString: a template-injection payload, on purpose
  '${window.__xss=1}',
  // biome-ignore lint/suspicious/noTemplateCurlyInString: a template-injection payload, on purpose
  '`${alert(1)}`',
  '{{constructor.constructor("window.__xss=1")()}}',
  '[click](javascript:window.__xss=1)',
  '[click](JaVaScRiPt:window.__xss=1)',
  '[click](javascript&#58;window.__xss=1)',
  '[click]( javascript:window.__xss=1 )',
  '![x](x" onerror="window.__xss=1)',
  '[x](data:text/html;base64,PHNjcmlwdD53aW5kb3cuX194c3M9MTwvc2NyaXB0Pg==)',
  '<javascript:window.__xss=1>',
  'javascript:window.__xss=1',
  'https://example.org/"><img src=x data-xss onerror=window.__xss=1>',
  "https://example.org/' onmouseover='window.__xss=1",
];

/** Payloads that aim at attributes and URLs: what reflected parameters (?next=, ?q=) get. */
const REFLECTED = [
  '"><img src=x data-xss onerror=window.__xss=1>',
  "'><svg data-xss onload=window.__xss=1>",
  'javascript:window.__xss=1',
  '//evil.example/"><script>window.__xss=1</script>',
  '</title><script>window.__xss=1</script>',
];

/** One line of at most `max` characters: long payloads are for the long fields. */
const fits = (p: string, max: number) => [...p].length <= max;

let browser: Browser;
let hub: Hub;
let origin: string;
let admin: TestUser;
const contexts: BrowserContext[] = [];

/** What a field took: the hub validates text (lengths, URL schemes, tag syntax) and refuses some. */
const accepted: Record<string, number> = {};
const refused: Record<string, number> = {};
async function write(field: string, work: () => Promise<unknown>): Promise<boolean> {
  try {
    await work();
    accepted[field] = (accepted[field] ?? 0) + 1;
    return true;
  } catch (err) {
    if (!(err instanceof Error) || !/ValidationError|RuleError/u.test(err.name)) throw err;
    refused[field] = (refused[field] ?? 0) + 1;
    return false;
  }
}

const ideaSlugs: string[] = [];
/** Enhancement proposals and groups written with payloads in their titles, texts and names. */
const proposalNumbers: number[] = [];
const groupSlugs: string[] = [];
const boardItemIds: string[] = [];
const editSlugs: string[] = [];
const series: Series[] = [];
let reasonSeries: Series;
/** Minutes: published for the first meeting, a draft for the second. */
let minutesSeries: Series;
/** The idea the minutes' decisions are about: its page lists them. */
let decidedSlug: string;
/** People whose names are payloads: their public pages show them. */
const personIds: string[] = [];
/** Cards imported from a GitHub Projects export. */
const importedItemIds: string[] = [];

/** A user of the given name, stored directly (no password: scrypt for a few dozen names is slow). */
async function namedUser(name: string): Promise<Actor | null> {
  const id = newId();
  const at = NOW.toISOString();
  const ok = await write('user name', async () => {
    if (!fits(name, 100)) throw Object.assign(new Error('too long'), { name: 'ValidationError' });
    await hub.store.read.users.insert({
      id,
      email: `xss-${id.slice(-12)}@example.org`,
      name,
      // What `@xss-…` in a comment names: mentions show the payload name as a link.
      handle: `xss-${id.slice(-12)}`,
      role: 'member',
      password_hash: null,
      locale: null,
      time_zone: null,
      created_at: at,
      updated_at: at,
      version: 1,
    });
  });
  return ok ? { kind: 'user', userId: id, role: 'member', name } : null;
}

beforeAll(async () => {
  browser = await launchBrowser();
  hub = await startHub('sqlite', {
    now: () => NOW,
    env: {
      SMTP_URL: 'smtp://127.0.0.1:9',
      // Providers to sign in through, one named with a payload: the sign-in page and the
      // profile show their names (nothing here ever talks to them).
      PLENUM_OIDC_ISSUER: 'http://127.0.0.1:9/',
      PLENUM_OIDC_CLIENT_ID: 'xss',
      PLENUM_OIDC_CLIENT_SECRET: 'xss',
      PLENUM_OIDC_NAME: PAYLOADS[1] ?? '',
      PLENUM_GITHUB_CLIENT_ID: 'xss',
      PLENUM_GITHUB_CLIENT_SECRET: 'xss',
    },
    limits: { commentsPerAccount: { max: 10_000 }, commentsPerClient: { max: 10_000 } },
  });
  origin = await hub.server.listen({ host: '127.0.0.1', port: 0 });
  // The admin reading every page has a payload for a name: it shows in the footer and on the profile.
  admin = await buildUser(hub, { role: 'admin', name: PAYLOADS[2] });
  const maintainer = admin.actor;

  for (const [i, p] of PAYLOADS.entries()) {
    const proposer = (await namedUser(p)) ?? admin.actor;
    if (proposer.kind === 'user' && proposer !== admin.actor) personIds.push(proposer.userId);
    await write('api token name', () => hub.app.accounts.createApiToken(admin.actor, p));
    const url = /^https?:\/\//u.test(p) ? p : `https://example.org/${i}?q=${p}`;
    const links = [{ label: p, url }];
    if (
      !(await write('link url', () => hub.app.ideas.propose(proposer, { title: `Link probe ${i}`, links })))
    ) {
      links[0] = { label: p, url: `https://example.org/${i}` };
    }
    const fields = { title: fits(p, 200) ? p : `Idea ${i}`, description: p, links };
    // Tags allow letters, digits and a few signs only; every payload is expected to be refused.
    await write('tag', () =>
      hub.app.ideas.propose(proposer, { ...fields, title: `Tag probe ${i}`, tags: [p] }),
    );
    await write('idea title', async () => {
      // Declined with the payload as reason: the idea page shows title, description, links,
      // proposer, status reason and history.
      const declined = await hub.app.ideas.propose(proposer, fields);
      // Interested in it: maintainers read the names on its page.
      await hub.app.interest.add(proposer, declined.id);
      await write('status reason', () =>
        hub.app.ideas.changeStatus(maintainer, declined.id, 1, 'declined', p),
      );
      ideaSlugs.push(declined.slug);
      // Left in triage: the triage queue, the home page and the edit form show it.
      const waiting = await hub.app.ideas.propose(proposer, { ...fields, tags: ['xss'] });
      editSlugs.push(waiting.slug);
    });

    const joinUrl = /^https:\/\//u.test(p) ? p : `https://meet.example.org/${i}?room=${p}`;
    await write('series', async () => {
      const s = await hub.app.meetings.create(maintainer, {
        title: fits(p, 200) ? p : `Series ${i}`,
        purpose: p,
        weekday: '1',
        startTime: '14:00',
        durationMinutes: '30',
        timeZone: 'Europe/Berlin',
        weekRule: 'odd',
        startDate: '2026-11-29',
        platform: fits(p, 200) ? p : 'Jitsi',
        joinUrl,
        languages: fits(p, 200) ? p : 'English',
        invitationInfo: p,
        contributeNote: p,
      });
      series.push(s);
      await write('cancel reason', () => hub.app.meetings.cancel(maintainer, s.slug, NEXT[0], p));
    });
  }

  // One series carries every payload in its occurrence reasons (they hold up to 2000 characters).
  const all = PAYLOADS.join(' ');
  reasonSeries = await hub.app.meetings.create(maintainer, {
    title: 'Reasons',
    weekday: '1',
    startTime: '14:00',
    durationMinutes: '30',
    timeZone: 'Europe/Berlin',
    weekRule: 'odd',
    startDate: '2026-11-29',
  });
  await write('cancel reason', () => hub.app.meetings.cancel(maintainer, reasonSeries.slug, NEXT[0], all));
  await write('move reason', () =>
    hub.app.meetings.move(maintainer, reasonSeries.slug, NEXT[1], {
      date: '2026-12-15',
      startTime: '15:00',
      durationMinutes: '30',
      reason: all,
    }),
  );
  await write('extra reason', () =>
    hub.app.meetings.addExtra(maintainer, reasonSeries.slug, {
      date: '2026-12-02',
      startTime: '10:00',
      durationMinutes: '30',
      reason: all,
    }),
  );
  // Agenda topics of the reasons series' third meeting, each a payload in title, description
  // and link, proposed by the payload-named users (their names show beside the topics).
  for (const [i, p] of PAYLOADS.entries()) {
    const proposer = (await namedUser(p)) ?? admin.actor;
    const url = /^https?:\/\//u.test(p) ? p : `https://example.org/${i}?q=${p}`;
    await write('topic', () =>
      hub.app.agenda.propose(proposer, reasonSeries.slug, NEXT[2], {
        title: fits(p, 200) ? p : `Topic ${i}`,
        description: p,
        links: [{ label: p, url }],
      }),
    );
  }
  // Board cards carry every payload in title, description, link, label and assignee, linked to
  // an idea on the roadmap (whose page lists the card titles); columns take them as names.
  const roadmapIdea = await hub.app.ideas.propose(maintainer, { title: 'XSS roadmap', status: 'backlog' });
  await hub.app.ideas.changeStatus(maintainer, roadmapIdea.id, roadmapIdea.version, 'roadmap', null);
  await hub.app.board.createBoard(maintainer, { title: 'XSS' });
  for (const [i, p] of PAYLOADS.entries()) {
    const url = /^https?:\/\//u.test(p) ? p : `https://github.com/acme/x/issues/${i}?q=${p}`;
    await write('board item', async () => {
      const item = await hub.app.board.addItem(maintainer, 'default', {
        title: fits(p, 200) ? p : `Card ${i}`,
        body: p,
        links: [url],
        labels: fits(p, 60) ? [p] : [],
        assignees: fits(p, 80) ? [p] : [],
        idea: roadmapIdea.slug,
      });
      boardItemIds.push(item.id);
    });
    if (fits(p, 60))
      await write('column name', () => hub.app.board.addColumn(maintainer, 'xss', { name: p }));
    await write('proposal', async () => {
      const proposal = await hub.app.proposals.create(maintainer, {
        title: fits(p, 200) ? p : `Proposal ${i}`,
        text: p,
        authors: fits(p, 80) ? [p] : [],
      });
      proposalNumbers.push(proposal.number);
    });
    await write('group', async () => {
      const group = await hub.app.groups.create(maintainer, {
        name: fits(p, 120) ? p : `Group ${i}`,
        description: p,
      });
      groupSlugs.push(group.slug);
    });
  }
  await write('backlog texts', () =>
    hub.app.settings.setBacklogTexts(maintainer, 0, {
      'intro.en': all,
      'intro.de': all,
      'disclaimer.en': PAYLOADS.slice().reverse().join('\n\n'),
      'disclaimer.de': all,
    }),
  );
  await plantMinutes(maintainer);
  await plantAccountPayloads();
  await plantComments(maintainer);
  await plantGithubImport(maintainer);
  // Imported last, so the English backlog texts are the imported ones (German stay as set above).
  await plantPlanningPage(maintainer);
}, TIMEOUT);

/**
 * The record of a meeting: every payload in the notes, the attendee names, decisions (text and
 * reason, about an idea whose page lists them; proposed by lazy consensus, so payload-named
 * people can object with a payload for a reason) and action items (text and assignee), in the
 * published minutes of the first meeting and the draft of the second.
 */
async function plantMinutes(maintainer: Actor): Promise<void> {
  minutesSeries = await hub.app.meetings.create(maintainer, {
    title: 'Minutes',
    weekday: '1',
    startTime: '14:00',
    durationMinutes: '30',
    timeZone: 'Europe/Berlin',
    weekRule: 'odd',
    startDate: '2026-11-29',
  });
  const decided = await hub.app.ideas.propose(maintainer, { title: 'XSS decided', status: 'backlog' });
  decidedSlug = decided.slug;
  const slug = minutesSeries.slug;
  const decisions: string[] = [];
  for (const date of [NEXT[0], NEXT[1]]) {
    await write('meeting start', () => hub.app.minutes.start(maintainer, slug, date));
    await write('minutes notes', () =>
      hub.app.minutes.save(maintainer, slug, date, 0, {
        body: PAYLOADS.join('\n\n'),
        attendeeCount: '3',
        attendeeNames: PAYLOADS.join(', ').slice(0, 2000),
      }),
    );
    for (const [i, p] of PAYLOADS.entries()) {
      await write('decision', async () => {
        const d = await hub.app.minutes.decide(maintainer, slug, date, {
          text: p,
          reason: p,
          idea: decided.slug,
          ...(i % 2 === 0 ? { objectionHours: '72' } : {}),
        });
        if (date === NEXT[0] && i % 2 === 0) decisions.push(d.id);
      });
      await write('action item', () =>
        hub.app.minutes.addActionItem(maintainer, slug, date, {
          text: p,
          assignee: fits(p, 100) ? p : 'Ada',
        }),
      );
    }
  }
  const minutes = await hub.app.minutes.forOccurrence(maintainer, slug, NEXT[0]);
  await hub.app.minutes.publish(maintainer, slug, NEXT[0], minutes.minutes?.version ?? 1);
  for (const [i, id] of decisions.entries()) {
    const p = PAYLOADS[(i * 2) % PAYLOADS.length] ?? '';
    const objector = (await namedUser(p)) ?? admin.actor;
    await write('objection', () => hub.app.minutes.object(objector, id, { reason: p }));
  }
}

/** Where comments with payloads show: a topic's and a decision's thread, an edited comment's history. */
const commentPaths: string[] = [];
/** The proposal whose page shows comments with payloads (its thread is on its own page). */
let commentedProposal = '';

/**
 * Comments with every payload, by payload-named people, on the idea the minutes decide about, on
 * a topic, on a decision and on a proposal: each with a reply, one edited (its history), one hidden with a
 * payload for a reason, one reported with one (the triage queue shows it).
 */
async function plantComments(maintainer: Actor): Promise<void> {
  const decided = await hub.app.ideas.get(decidedSlug);
  const [topic] = (await hub.app.agenda.forOccurrence(reasonSeries.slug, NEXT[2])).topics;
  const [decision] = await hub.store.read.minutes.decisions(minutesSeries.id, NEXT[0]);
  const proposal = await hub.app.proposals.get(proposalNumbers[0] ?? 0);
  if (!topic || !decision) throw new Error('no topic or decision to comment on');
  commentedProposal = `/proposals/${proposal.proposal.number}`;
  const targets = [
    ['idea', decided.idea.id],
    ['topic', topic.id],
    ['decision', decision.id],
    ['proposal', proposal.proposal.id],
  ] as const;
  for (const [i, p] of PAYLOADS.entries()) {
    const author = (await namedUser(p)) ?? admin.actor;
    for (const [type, id] of targets) {
      await write(type === 'proposal' ? 'proposal comment' : 'comment', async () => {
        const c = await hub.app.comments.create(author, type, id, { body: p }, `xss-${i}`);
        // The reply mentions its payload-named author, and writes the payload as a mention too.
        const handle =
          author.kind === 'user' && author !== admin.actor ? `xss-${author.userId.slice(-12)}` : 'nobody';
        const body = `${p}\n\n@${handle} and @${p}`;
        await hub.app.comments.create(admin.actor, type, id, { body, parentId: c.id }, `xss-${i}`);
        if (type !== 'idea' || i > 2) return;
        if (i === 0) {
          await hub.app.comments.edit(author, c.id, 1, PAYLOADS.join('\n\n'));
          commentPaths.push(`/comments/${c.id}/history`);
        }
        if (i === 1) await hub.app.comments.hide(maintainer, c.id, 1, p);
        if (i === 2) await hub.app.comments.report(admin.actor, c.id, p);
      });
    }
  }
  commentPaths.push(`/topics/${topic.id}/comments`, `/decisions/${decision.id}/comments`);
}

/**
 * The admin's profile: sessions whose browsers sent a payload for a User-Agent, and linked
 * sign-ins with a payload for a login, address and picture URL.
 */
async function plantAccountPayloads(): Promise<void> {
  const at = NOW.toISOString();
  const expires = new Date(NOW.getTime() + 86_400_000).toISOString();
  for (const [i, p] of PAYLOADS.entries()) {
    await write('session user agent', async () => {
      for (const userAgent of [p, `Mozilla/5.0 (X11; Linux x86_64) ${p} Firefox/133.0`]) {
        await hub.store.read.sessions.insert({
          id: newId(),
          user_id: admin.user.id,
          created_at: at,
          expires_at: expires,
          user_agent: userAgent,
          last_seen_at: at,
        });
      }
    });
    await write('identity login', () =>
      hub.store.read.identities.insert({
        id: newId(),
        user_id: admin.user.id,
        provider: i % 2 === 0 ? 'oidc' : 'github',
        subject: `xss-${i}`,
        email: p,
        email_verified: 0,
        login: p,
        avatar_url: /^https:\/\//u.test(p) ? p : `https://example.org/${i}?q=${p}`,
        created_at: at,
        last_used_at: at,
      }),
    );
  }
}

/**
 * A GitHub Projects export (as `gh project item-list` writes it) with every payload in titles,
 * bodies, labels, assignees, link and repository URLs, and Status names (which become columns).
 */
async function plantGithubImport(maintainer: Actor): Promise<void> {
  await hub.app.board.createBoard(maintainer, { title: 'GitHub' });
  const statuses = PAYLOADS.slice(0, 8);
  const items = PAYLOADS.map((p, i) => {
    const item = ghItem(i, { title: () => p, status: (n) => statuses[n % statuses.length] ?? null });
    const url = /^https?:\/\//u.test(p) ? p : `https://github.com/acme/x/issues/${i}?q=${p}`;
    return {
      ...item,
      content: { ...(item.content as Record<string, unknown>), body: p, url },
      labels: [p],
      assignees: [p],
      repository: p,
      'linked pull requests': [url],
    };
  });
  await write('github import', async () => {
    const report = await hub.app.githubImport.importItems(
      maintainer,
      'github',
      JSON.stringify({ items, totalCount: items.length }),
      { fields: ghFields(['Todo', ...statuses]) },
    );
    if (report.created === 0) throw new Error('nothing imported');
  });
  for (const column of (await hub.app.board.view('github')).columns)
    for (const item of column.items) importedItemIds.push(item.id);
}

/**
 * The planning page of a docs site with every payload in the backlog's intro and its admonition,
 * and as ideas (titles, link labels and URLs), imported as a maintainer would. The import takes a
 * page whole or not at all, and refuses some payloads (links to `javascript:`): each is tried
 * alone first, and the page imported holds every one it takes.
 */
async function plantPlanningPage(maintainer: Actor): Promise<void> {
  const template = readFileSync(new URL('../fixtures/planning-page.md', import.meta.url), 'utf8');
  const pageWith = (payloads: readonly string[]) =>
    template
      .replace(
        'These are ideas we would welcome, sorted by name so that no order implies priority.',
        payloads.join(' '),
      )
      .replace('Nothing here is scheduled.', payloads.join(' '))
      .replace(
        /^- Better error messages.*$/mu,
        payloads
          .map((p) => {
            const i = PAYLOADS.indexOf(p);
            const url = /^https?:\/\//u.test(p) ? p : `https://example.org/imported/${i}`;
            return `- Imported ${i}: ${p} ([${p}](${url}))`;
          })
          .join('\n'),
      );
  const options = { weekday: 4, timeZone: 'Europe/Berlin', lang: 'en' as const };
  const taken: string[] = [];
  for (const p of PAYLOADS) {
    if (
      await write('planning page text', () => hub.app.docs.previewImport(maintainer, pageWith([p]), options))
    )
      taken.push(p);
  }
  await write('planning page import', () => hub.app.docs.importPage(maintainer, pageWith(taken), options));
}

afterAll(async () => {
  for (const context of contexts) await context.close();
  await browser?.close();
  await hub?.close();
});

interface Visit {
  page: Page;
  dialogs: string[];
}

async function openBrowser(): Promise<Visit> {
  const context = await browser.newContext({ baseURL: origin, locale: 'en-GB', bypassCSP: true });
  context.setDefaultTimeout(15_000);
  contexts.push(context);
  const page = await context.newPage();
  const dialogs: string[] = [];
  page.on('dialog', (dialog) => {
    dialogs.push(`${dialog.type()}: ${dialog.message()}`);
    void dialog.dismiss();
  });
  return { page, dialogs };
}

/** Everything on the page that should not be there, after the page (and its images) loaded. */
async function injected(page: Page): Promise<string[]> {
  return page.evaluate(
    (appScripts) => {
      const found: string[] = [];
      const w = window as unknown as { __xss?: unknown };
      if (w.__xss !== undefined) found.push('window.__xss was set');
      const all = [document.documentElement, ...Array.from(document.querySelectorAll('*'))];
      for (const el of all) {
        const tag = el.tagName.toLowerCase();
        for (const attr of Array.from(el.attributes)) {
          const name = attr.name.toLowerCase();
          // Browsers skip control characters and spaces in a URL: `java\tscript:` is `javascript:`.
          // biome-ignore lint/suspicious/noControlCharactersInRegex: matching them is the point
          const value = attr.value.replace(/[\u0000-\u0020]/gu, '').toLowerCase();
          if (name.startsWith('on')) found.push(`<${tag}> with ${name}`);
          if (name === 'data-xss') found.push(`<${tag}> with the data-xss marker`);
          if (['href', 'src', 'action', 'formaction', 'srcdoc', 'xlink:href'].includes(name)) {
            if (/^(javascript|vbscript):/u.test(value)) found.push(`<${tag} ${name}="${attr.value}">`);
            if (/^data:/u.test(value) && !/^data:image\/(gif|png|jpeg|webp);/u.test(value))
              found.push(`<${tag} ${name}="${attr.value.slice(0, 60)}">`);
          }
          // A refused form's own error summary takes the focus (ErrorSummary); nothing else does.
          const ownSummary = tag === 'div' && el.classList.contains('error-summary');
          if (name === 'autofocus' && tag !== 'input' && tag !== 'textarea' && !ownSummary)
            found.push(`<${tag}> with autofocus`);
        }
        // Elements no page of the hub has, and that carry danger without any attribute. (An injected
        // <svg>, <math> or <details> shows by its handler or marker, and the UI may use them.)
        if (['iframe', 'frame', 'object', 'embed', 'base', 'style', 'link'].includes(tag)) {
          const href = (el.getAttribute('href') ?? '').split('?')[0] ?? '';
          const ownLink =
            tag === 'link' && (href.endsWith('/assets/plenum.css') || href.endsWith('/assets/favicon.svg'));
          if (!ownLink) found.push(`a <${tag}> element`);
        }
        if (tag === 'meta' && el.getAttribute('http-equiv')) found.push('a <meta http-equiv>');
        if (tag === 'script') {
          const src = el.getAttribute('src') ?? '';
          // Assets are linked with their version (`?v=…`).
          const file = src.split('?')[0] ?? '';
          if (!appScripts.some((s) => file.endsWith(s)) || (el.textContent ?? '').trim() !== '')
            found.push(`a script of its own: ${src || (el.textContent ?? '').slice(0, 60)}`);
        }
      }
      return found;
    },
    [
      '/assets/local-time.js',
      '/assets/live.js',
      '/assets/drag.js',
      '/assets/board-drag.js',
      '/assets/agenda-drag.js',
      '/assets/idea-picker.js',
      '/assets/mentions.js',
      '/assets/inbox.js',
    ],
  );
}

/** Loads each path and collects whatever ran or was injected, per path. */
async function sweep(visit: Visit, paths: string[]): Promise<Record<string, string[]>> {
  const problems: Record<string, string[]> = {};
  for (const path of paths) {
    visit.dialogs.length = 0;
    const response = await visit.page.goto(path, { waitUntil: 'load' });
    const status = response?.status() ?? 0;
    // Pages with the payloads must exist; reflected ones may be refused, but as a page.
    const found = await injected(visit.page);
    if (status >= 500 || status === 0) found.push(`status ${status}`);
    found.push(...visit.dialogs.map((d) => `dialog ${d}`));
    if (found.length > 0) problems[path] = found;
  }
  return problems;
}

/** Links and form targets of the hub's own frame (navigation, language switch, forms) that leave the site. */
async function offSiteFrameLinks(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const targets = [
      ...Array.from(document.querySelectorAll('header a[href], footer a[href], a[hreflang]')).map(
        (a) => (a as HTMLAnchorElement).href,
      ),
      ...Array.from(document.querySelectorAll('form[action]')).map((f) => (f as HTMLFormElement).action),
    ];
    return targets.filter((href) => new URL(href, location.href).origin !== location.origin);
  });
}

describe('stored and reflected XSS payloads in Chromium', () => {
  it('the checks do see a payload that runs or was parsed as markup', async () => {
    // Without this the sweeps below could pass by looking at nothing.
    const { page, dialogs } = await openBrowser();
    await page.goto('/healthz');
    await page.setContent(`<p>${PAYLOADS[1]}</p><a href="javascript:void 0">x</a><script>alert(1)</script>`, {
      waitUntil: 'load',
    });
    const found = await injected(page);
    expect(found).toContain('window.__xss was set');
    expect(found).toContain('<img> with onerror');
    expect(found).toContain('<img> with the data-xss marker');
    expect(found.some((f) => f.startsWith('<a href="javascript:'))).toBe(true);
    expect(found.some((f) => f.startsWith('a script of its own'))).toBe(true);
    expect(dialogs).toEqual(['alert: 1']);
  });

  it('were written into every text field that takes them', () => {
    for (const field of [
      'user name',
      'api token name',
      'idea title',
      'status reason',
      'series',
      'cancel reason',
      'move reason',
      'extra reason',
      'backlog texts',
      'topic',
      'board item',
      'column name',
      'minutes notes',
      'decision',
      'action item',
      'objection',
      'session user agent',
      'identity login',
      'github import',
      'planning page import',
      'proposal',
      'proposal comment',
      'group',
    ]) {
      expect(accepted[field] ?? 0, `${field} took no payload`).toBeGreaterThan(0);
    }
    // Link URLs take only http(s) ones; tags no markup at all.
    expect(accepted['link url'] ?? 0).toBeGreaterThan(0);
    expect(accepted.tag ?? 0).toBe(0);
    // The planning page import refuses links to `javascript:` and takes the rest.
    expect(accepted['planning page text'] ?? 0).toBeGreaterThan(PAYLOADS.length / 2);
    expect(ideaSlugs.length).toBe(PAYLOADS.length);
    expect(series.length).toBe(PAYLOADS.length);
    expect(personIds.length).toBeGreaterThan(PAYLOADS.length / 2);
    console.log(
      `xss payloads: ${PAYLOADS.length}; accepted ${JSON.stringify(accepted)}; refused ${JSON.stringify(refused)}`,
    );
  });

  it(
    'run nowhere and inject nothing on any page that shows them, signed in as admin',
    async () => {
      const visit = await openBrowser();
      await signIn(visit.page, admin);
      const paths = [
        '/',
        '/backlog',
        '/backlog?status=declined&status=proposed',
        '/backlog/texts',
        '/backlog?lang=de',
        '/triage',
        '/meetings',
        '/admin',
        '/profile',
        // The inbox: titles and comment excerpts with payloads, from threads the admin follows.
        '/notifications',
        '/notifications?lang=de',
        '/docs/planning.md',
        ...personIds.map((id) => `/people/${id}`),
        ...ideaSlugs.map((slug) => `/ideas/${encodeURIComponent(slug)}`),
        ...editSlugs.map((slug) => `/ideas/${encodeURIComponent(slug)}/edit`),
        ...series.map((s) => `/meetings/${encodeURIComponent(s.slug)}`),
        // Every payload is in the reasons of the reason series below; these show the series' own fields.
        ...series.slice(0, 8).map((s) => `/meetings/${encodeURIComponent(s.slug)}/${NEXT[0]}`),
        ...series.slice(0, 6).map((s) => `/meetings/${encodeURIComponent(s.slug)}/edit`),
        ...series.slice(0, 6).map((s) => `/meetings/${encodeURIComponent(s.slug)}/badge.svg`),
        `/meetings/${reasonSeries.slug}`,
        ...NEXT.map((date) => `/meetings/${reasonSeries.slug}/${date}`),
        `/meetings/${reasonSeries.slug}/2026-12-02`,
        '/board',
        '/boards/xss',
        '/roadmap',
        '/api/v1/boards/default',
        ...boardItemIds.slice(0, 8).map((id) => `/items/${id}/edit`),
        // Published minutes, the draft of the next meeting (as a maintainer sees it, with its
        // forms), the idea the decisions are about, and the board of imported cards.
        ...NEXT.map((date) => `/meetings/${minutesSeries.slug}/${date}`),
        `/ideas/${encodeURIComponent(decidedSlug)}`,
        '/boards/github',
        ...importedItemIds.slice(0, 8).map((id) => `/items/${id}/edit`),
        ...commentPaths,
        commentedProposal,
        '/proposals',
        '/docs/proposals.md',
        ...proposalNumbers.map((n) => `/proposals/${n}`),
        ...proposalNumbers.slice(0, 6).map((n) => `/proposals/${n}/edit`),
        '/groups',
        ...groupSlugs.map((slug) => `/groups/${encodeURIComponent(slug)}`),
        ...groupSlugs.slice(0, 6).map((slug) => `/groups/${encodeURIComponent(slug)}/edit`),
      ];
      const problems = await sweep(visit, paths);
      expect(problems).toEqual({});
    },
    TIMEOUT,
  );

  it(
    'run nowhere for an anonymous visitor either',
    async () => {
      const visit = await openBrowser();
      const paths = [
        '/',
        '/backlog',
        '/meetings',
        ...personIds.slice(0, 8).map((id) => `/people/${id}`),
        ...ideaSlugs.slice(0, 8).map((slug) => `/ideas/${encodeURIComponent(slug)}`),
        ...series.slice(0, 8).map((s) => `/meetings/${encodeURIComponent(s.slug)}`),
        `/meetings/${reasonSeries.slug}/${NEXT[2]}`,
        `/meetings/${minutesSeries.slug}/${NEXT[0]}`,
        `/ideas/${encodeURIComponent(decidedSlug)}`,
        '/board',
        '/boards/github',
        '/roadmap',
        ...commentPaths.filter((p) => !p.endsWith('/history')),
        commentedProposal,
        '/proposals',
        ...proposalNumbers.slice(0, 8).map((n) => `/proposals/${n}`),
        '/groups',
        ...groupSlugs.slice(0, 8).map((slug) => `/groups/${encodeURIComponent(slug)}`),
      ];
      expect(await sweep(visit, paths)).toEqual({});
    },
    TIMEOUT,
  );

  it(
    'run nowhere on the profile with pictures of other sites allowed (linked sign-ins show theirs)',
    async () => {
      await hub.app.settings.setRemoteImages(admin.actor, 'on');
      try {
        const visit = await openBrowser();
        await signIn(visit.page, admin);
        expect(
          await visit.page.goto('/profile').then(() => visit.page.locator('img.avatar-picture').count()),
        ).toBeGreaterThan(0);
        expect(await sweep(visit, ['/profile', '/profile?lang=de', '/login'])).toEqual({});
      } finally {
        await hub.app.settings.setRemoteImages(admin.actor, '');
      }
    },
    TIMEOUT,
  );

  // A docs site renders the exports with its own Markdown renderer, and mkdocs (like many) lets
  // raw HTML through: what the hub writes into them must stay text there too.
  for (const [name, path] of [
    ['the planning page', () => '/docs/planning.md'],
    ['published minutes', () => `/meetings/${minutesSeries.slug}/${NEXT[0]}/minutes.md`],
  ] as const) {
    it(
      `run nowhere in the Markdown export of ${name}, rendered with raw HTML allowed`,
      async () => {
        const res = await hub.server.inject({ method: 'GET', url: path() });
        expect(res.statusCode).toBe(200);
        expect(res.headers['content-type']).toContain('text/markdown');
        const html = new MarkdownIt({ html: true }).render(res.body);
        const { page, dialogs } = await openBrowser();
        await page.goto('/healthz');
        await page.setContent(`<!doctype html><html><body>${html}</body></html>`, { waitUntil: 'load' });
        // The export must hold the payloads for this to say anything.
        expect(await page.locator('body').textContent()).toContain('window.__xss=1');
        expect([...(await injected(page)), ...dialogs.map((d) => `dialog ${d}`)]).toEqual([]);
      },
      TIMEOUT,
    );
  }

  it(
    'are not reflected from query strings, paths or forms sent back with errors',
    async () => {
      const visit = await openBrowser();
      const e = encodeURIComponent;
      const slug = series[0]?.slug ?? '';
      const paths = REFLECTED.flatMap((p) => [
        `/backlog?q=${e(p)}&tag=${e(p)}&status=${e(p)}`,
        `/login?next=${e(p)}`,
        `/register?invite=${e(p)}&next=${e(p)}`,
        `/no/such/${e(p)}`,
        `/ideas/${e(p)}`,
        `/meetings/${e(slug)}/invitations/unsubscribe?s=${e(p)}&t=${e(p)}`,
        `/meetings/${e(slug)}/invitations/confirm?s=${e(p)}&t=${e(p)}`,
      ]);
      const problems = await sweep(visit, paths);

      // A path that starts like a link to another host (`//evil.example/`) is a 404 of this
      // site, and its language switch and sign-in link stay on this site.
      for (const path of ['//evil.example/x', '///evil.example/x', '/%5Cevil.example/x']) {
        const response = await visit.page.goto(`${origin}${path}`);
        expect(response?.status(), path).toBe(404);
        expect(new URL(visit.page.url()).origin).toBe(origin);
        const leaving = await offSiteFrameLinks(visit.page);
        if (leaving.length > 0) problems[`links of ${path}`] = leaving;
      }

      // A proposal with a refused link comes back filled in, payloads and all.
      await signIn(visit.page, admin);
      for (const p of REFLECTED) {
        visit.dialogs.length = 0;
        await visit.page.goto('/ideas/new');
        await visit.page.getByLabel('Title', { exact: true }).fill(p);
        await visit.page.getByLabel('Description').fill(p);
        await visit.page.getByLabel('Tags').fill(p);
        const links = visit.page.getByRole('group', { name: 'Links' });
        await links.getByLabel('Label').first().fill(p);
        await links.getByLabel('URL').first().fill(p);
        await visit.page.getByRole('button', { name: 'Propose an idea' }).click();
        await visit.page.getByRole('alert').first().waitFor();
        const found = [...(await injected(visit.page)), ...visit.dialogs];
        if (found.length > 0) problems[`idea form with ${p}`] = found;
      }
      expect(problems).toEqual({});
    },
    TIMEOUT,
  );
});

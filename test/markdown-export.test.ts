import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportPlanningPage } from '../src/web/planning-page-parts.js';
import { buildUser, planningSeries, type TestUser } from './support/factories.js';
import { ENGINES, type Hub, startHub } from './support/hub.js';
import {
  hostileLine,
  hostileText,
  listItemTexts,
  PAYLOADS,
  unsafeMarkdown,
} from './support/markdown-oracle.js';

/**
 * The Markdown the hub writes for docs sites (the planning page at /docs/planning.md and
 * `plenum export page`, the minutes at /meetings/…/minutes.md) goes to sites that pass raw
 * HTML through. Whatever members and maintainers typed must arrive there as text: no element
 * beyond ordinary Markdown, no attribute but href, no link but http(s).
 */

/** Mondays of odd ISO weeks from 1 Nov 2026 (planningSeries); the clock stands after this one. */
const MEETING = '2026-11-30';
const NOW = () => new Date('2026-11-30T14:00:00Z');

const FINDING_URL = 'https://x/1)<img src=x onerror=alert(1)>(';
const all = PAYLOADS.join('\n\n');
const oneLine = (text: string) => text.replace(/\s+/gu, ' ').trim();
/** Within the 200 characters a title or link label may have. */
const short = (text: fc.Arbitrary<string>) => text.filter((t) => t.length <= 200);

/** A community page written to attack the docs site through an import and an export. */
const HOSTILE_PAGE = `# Planning <img src=x onerror=alert(1)>

Public planning meetings are held biweekly on odd calendar weeks on Mondays from 14:00 to 14:30 (Europe/Berlin) on Jitsi. <script>alert(1)</script> [x](javascript:alert(1))

The [roadmap project board](https://github.com/orgs/acme/projects/7?q=%3Cimg%20src=x%3E) <img src=x onerror=alert(1)> lists the work.

Join with [the call link](https://meet.jit.si/call) whenever you like. <iframe src="http://evil.example"></iframe>

!!! info

    Contribute <img src=x onerror=alert(1)> [x](javascript:alert(1))

## Release <b>checklist</b>

<div onclick="alert(1)">Raw HTML block</div>

[ref]: javascript:alert(1)

!!! warning "<img src=x onerror=alert(1)>"

    Body <script>alert(1)</script>

    \`\`\`
    <img src=x onerror=alert(2)>
    \`\`\`

## Idea Backlog

Intro <img src=x onerror=alert(1)> <!-- comment --> [x]: http://evil.example

!!! danger

    No promise <img src=x onerror=alert(1)>

- Plain idea with [docs](https://example.org/a)%3Cimg%20src=x%3E)
- Second idea
`;

describe.each(ENGINES)('Markdown exports on %s', (engine) => {
  let hub: Hub;
  let maintainer: TestUser;

  beforeAll(async () => {
    hub = await startHub(engine, { now: NOW });
    maintainer = await buildUser(hub, { role: 'maintainer' });
  });
  afterAll(() => hub.close());

  const planningPage = async (lang = 'en') => {
    const res = await hub.server.inject({ url: `/docs/planning.md?lang=${lang}` });
    expect(res.statusCode).toBe(200);
    return res.body;
  };

  it('the planning page shows what members and maintainers typed as text, with http(s) links only', async () => {
    await hub.app.meetings.create(maintainer.actor, {
      title: 'Planning <img src=x onerror=alert(1)>',
      purpose: all,
      weekday: 1,
      startTime: '14:00',
      durationMinutes: 30,
      timeZone: 'Europe/Berlin',
      weekRule: 'odd',
      startDate: '2026-11-01',
      platform: '<img src=x onerror=alert(1)> [x](javascript:alert(1))',
      joinUrl: 'https://meet.jit.si/x)<img src=x onerror=alert(1)>(',
      languages: '**English** <script>alert(1)</script>',
      invitationInfo: all,
      contributeNote: all,
    });
    await hub.app.settings.setBacklogTexts(maintainer.actor, 0, {
      'intro.en': all,
      'disclaimer.en': all,
      'intro.de': all,
      'disclaimer.de': all,
    });
    for (const [i, title] of PAYLOADS.entries()) {
      await hub.app.ideas.propose(maintainer.actor, {
        title,
        description: all,
        status: 'backlog',
        links: [
          { label: oneLine(title).slice(0, 6), url: FINDING_URL },
          {
            label: `label ${i} ](javascript:alert(1)) <img src=x>`,
            url: `https://example.org/${i}?a=(b)&c=<d>`,
          },
        ],
      });
    }
    for (const lang of ['en', 'de']) {
      const page = await planningPage(lang);
      expect(unsafeMarkdown(page)).toEqual([]);
      const items = listItemTexts(page);
      for (const title of PAYLOADS.map(oneLine)) expect(items.some((t) => t.startsWith(title))).toBe(true);
    }
    const page = await planningPage();
    // The finding itself: the link stays one link, its payload part of the URL.
    expect(page).toContain('(https://x/1%29%3Cimg%20src=x%20onerror=alert%281%29%3E%28)');
    expect(page).not.toContain('<img');
    // `plenum export page` writes the same page.
    expect(await exportPlanningPage(hub.app.docs, 'en', false)).toBe(page);
  });

  it('any idea title, link label and link URL a member gives arrives as text and one http(s) link', async () => {
    const member = await buildUser(hub);
    await fc.assert(
      fc.asyncProperty(
        short(hostileLine()),
        short(hostileLine(6)),
        hostileLine(6),
        async (title, label, path) => {
          const idea = await hub.app.ideas.propose(member.actor, {
            title,
            links: [{ label, url: `https://example.org/${path}` }],
          });
          await hub.app.ideas.changeStatus(maintainer.actor, idea.id, idea.version, 'backlog', null);
          const page = await planningPage();
          expect(unsafeMarkdown(page)).toEqual([]);
          const expected = oneLine(idea.title);
          expect(listItemTexts(page).some((t) => t.startsWith(expected))).toBe(true);
        },
      ),
      { numRuns: 15 },
    );
  });

  describe('the minutes', () => {
    const minutesMd = async () => {
      const res = await hub.server.inject({ url: `/meetings/planning-meeting/${MEETING}/minutes.md` });
      expect(res.statusCode).toBe(200);
      return res.body;
    };
    let version = 0;

    it('show notes, attendees, decisions, action items and the overview as text', async () => {
      await planningSeries(hub, maintainer);
      const idea = await hub.app.ideas.propose(maintainer.actor, {
        title: '<img src=x onerror=alert(1)> idea',
        status: 'backlog',
      });
      await hub.app.board.addItem(maintainer.actor, 'default', {
        title: '<script>alert(1)</script> card',
        column: 'in_progress',
        links: [{ label: '', url: 'https://github.com/acme/app/issues/7' }],
      });
      const saved = await hub.app.minutes.save(maintainer.actor, 'planning-meeting', MEETING, 0, {
        body: all,
        attendeeCount: '7',
        attendeeNames: 'Ada <img src=x onerror=alert(1)>, [Bob](javascript:alert(1))',
      });
      await hub.app.minutes.decide(maintainer.actor, 'planning-meeting', MEETING, {
        text: 'Decided <img src=x onerror=alert(1)>\n\n# not a heading',
        idea: idea.slug,
        status: 'roadmap',
        reason: '',
      });
      await hub.app.minutes.addActionItem(maintainer.actor, 'planning-meeting', MEETING, {
        text: 'Do <script>alert(1)</script> [x](javascript:alert(1))',
        assignee: '<b>Ada</b>',
        dueDate: '2026-12-10',
      });
      const published = await hub.app.minutes.publish(
        maintainer.actor,
        'planning-meeting',
        MEETING,
        saved.version,
      );
      version = published.version;
      const markdown = await minutesMd();
      expect(unsafeMarkdown(markdown)).toEqual([]);
      expect(markdown).not.toContain('<img');
      const items = listItemTexts(markdown);
      for (const start of [
        'Decided <img src=x onerror=alert(1)> # not a heading (<img src=x onerror=alert(1)> idea → roadmap)',
        '[ ] Do <script>alert(1)</script> [x](javascript:alert(1)) — <b>Ada</b> (Due: 2026-12-10)',
        '<img src=x onerror=alert(1)> idea (roadmap)',
        '<script>alert(1)</script> card (acme/app#7) —',
      ])
        expect(items.some((text) => text.startsWith(start))).toBe(true);
      expect(markdown).toContain('Ada &lt;img src=x onerror=alert(1)>, \\[Bob\\](javascript:alert(1))');
    });

    it('show any notes and names safely', async () => {
      await fc.assert(
        fc.asyncProperty(hostileText(40), hostileText(10), async (body, names) => {
          const saved = await hub.app.minutes.save(maintainer.actor, 'planning-meeting', MEETING, version, {
            body,
            attendeeCount: '3',
            attendeeNames: names,
          });
          version = saved.version;
          expect(unsafeMarkdown(await minutesMd())).toEqual([]);
        }),
        { numRuns: 15 },
      );
    });
  });
});

describe.each(ENGINES)('a hostile planning page imported on %s', (engine) => {
  let hub: Hub;
  beforeAll(async () => {
    hub = await startHub(engine, { now: NOW });
  });
  afterAll(() => hub.close());

  it('is exported with its texts as text and its links as http(s) links, and imports as the same page', async () => {
    await hub.app.docs.importPage('system', HOSTILE_PAGE, {});
    const res = await hub.server.inject({ url: '/docs/planning.md' });
    const page = res.body;
    expect(unsafeMarkdown(page)).toEqual([]);
    expect(page).toContain('## Release &lt;b>checklist&lt;/b>');
    expect(page).toContain('&lt;div onclick="alert(1)">Raw HTML block&lt;/div>');
    expect(page).toContain(
      '[roadmap project board](https://github.com/orgs/acme/projects/7?q=%3Cimg%20src=x%3E)',
    );
    // Exported and imported again, the page is the same page.
    const again = await hub.app.docs.importPage('system', page, {});
    expect(again.unchanged).toBe(true);
    expect((await hub.server.inject({ url: '/docs/planning.md' })).body).toBe(page);
  });
});

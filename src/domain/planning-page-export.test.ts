import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  hostileLine,
  hostileText,
  listItemTexts,
  PAYLOADS,
  site,
  unsafeMarkdown,
} from '../../test/support/markdown-oracle.js';
import { sameTitleGroups } from './ordering.js';
import { parsePlanningPage } from './planning-page.js';
import { DEFAULT_LAYOUT, listItem, type PageParts, renderPlanningPage } from './planning-page-export.js';
import { isWebUrl, markdownUrl } from './web-url.js';

/** A web URL with a hostile path, query and fragment. */
const hostileUrl = fc
  .tuple(
    // (No IPv6 host: markdown-it escapes its brackets, so no link to one works there.)
    fc.constantFrom(
      'https://example.org/',
      'http://127.0.0.1:8080/',
      'https://x/1',
      'https://bücher.example/',
    ),
    hostileLine(8),
  )
  .map(([origin, rest]) => `${origin}${rest}`)
  .filter(isWebUrl);

const SCHEDULE =
  'Public planning meetings are held **biweekly** on **odd calendar weeks**, **Mondays** from **14:00 to 14:30** (Europe/Berlin).';

function parts(overrides: Partial<PageParts>): PageParts {
  return {
    title: 'Planning Meetings',
    schedule: SCHEDULE,
    board: null,
    join: null,
    invitationInfo: '',
    attendance: '',
    contribute: '',
    backlogHeading: 'Idea Backlog',
    intro: 'Ideas.',
    disclaimer: 'No promise.',
    ideas: [],
    ...overrides,
  };
}

describe('listItem', () => {
  it('writes the finding’s link as a link and its payload as nothing but URL', () => {
    const item = listItem('Read the docs', [
      { label: 'docs', url: 'https://x/1)<img src=x onerror=alert(1)>(' },
    ]);
    expect(item).toBe('- Read the [docs](https://x/1%29%3Cimg%20src=x%20onerror=alert%281%29%3E%28)');
    expect(unsafeMarkdown(item)).toEqual([]);
  });

  it('does not let a title ending in ! make the link an image', () => {
    const item = listItem('Wow!docs', [{ label: 'docs', url: 'https://evil.example/p.png' }]);
    expect(unsafeMarkdown(item)).toEqual([]);
    expect(listItemTexts(item)).toEqual(['Wow!docs']);
  });

  it('reads back as the title, with each link on its label and only http(s) targets', () => {
    const links = fc.array(fc.record({ label: fc.oneof(hostileLine(4), fc.constant('')), url: hostileUrl }), {
      maxLength: 3,
    });
    fc.assert(
      fc.property(hostileLine(), links, fc.nat(), (title, given, at) => {
        // Some labels are words of the title, as members write them; others are not.
        const withLabels = given.map((l, i) =>
          i === 0 && title.length > 2
            ? {
                ...l,
                label: title
                  .slice(at % (title.length - 1))
                  .slice(0, 5)
                  .trim(),
              }
            : l,
        );
        const item = listItem(title, withLabels);
        expect(unsafeMarkdown(item)).toEqual([]);
        const [text] = listItemTexts(item);
        expect(text?.startsWith(title.replace(/\s+/gu, ' ').trim())).toBe(true);
        const hrefs = site
          .parse(item, {})
          .flatMap((t) => t.children ?? [])
          .filter((t) => t.type === 'link_open')
          .map((t) => t.attrGet('href'));
        expect(hrefs).toHaveLength(withLabels.length);
        for (const href of hrefs) {
          expect(withLabels.map((l) => site.normalizeLink(markdownUrl(l.url) as string))).toContain(href);
        }
      }),
      { numRuns: 400 },
    );
  });
});

describe('renderPlanningPage', () => {
  it('writes a page of hostile parts that a site passing HTML through shows as text', () => {
    const page = renderPlanningPage(
      [
        ...DEFAULT_LAYOUT,
        {
          heading: '<img src=x onerror=alert(1)> # {: onclick=x }',
          role: 'other',
          blocks: PAYLOADS.map((markdown) => ({ kind: 'text' as const, markdown })),
        },
      ],
      parts({
        title: '<script>alert(1)</script> # Planning',
        schedule: `${SCHEDULE} ${PAYLOADS.join(' ')}`,
        board: {
          template: 'Our [board]({{url}}) <img src=x onerror=alert(1)>.',
          url: 'https://github.com/orgs/x/projects/1)<b>(',
        },
        join: {
          template: '[Join]({{url}}) here.',
          url: 'https://meet.jit.si/x)<img src=x onerror=alert(1)>($&',
        },
        invitationInfo: PAYLOADS.join('\n\n'),
        attendance: 'Not recorded. Held in <b>English</b>.',
        contribute: PAYLOADS.join('\n\n'),
        backlogHeading: '<i>Backlog</i>',
        intro: PAYLOADS.join('\n'),
        disclaimer: PAYLOADS.join('\n\n'),
        ideas: PAYLOADS.map((title, i) => ({
          title,
          links: [{ label: title.slice(0, 4), url: `https://example.org/${i})<img src=x>(` }],
        })),
      }),
      true,
    );
    expect(unsafeMarkdown(page)).toEqual([]);
    const tokens = site.parse(page, {});
    const heading = (tag: string) =>
      tokens
        .filter((_, i) => tokens[i - 1]?.type === 'heading_open' && tokens[i - 1]?.tag === tag)
        .map((t) => (t.children ?? []).map((c) => c.content).join(''));
    // The text blocks hold headings of their own (`# heading #`); the page's come first.
    expect(heading('h1')[0]).toBe('<script>alert(1)</script> # Planning');
    expect(heading('h2').slice(0, 2)).toEqual([
      '<i>Backlog</i>',
      '<img src=x onerror=alert(1)> # {: onclick=x }',
    ]);
    // Each title reads back as it was typed (a link whose label is not in it follows it).
    const items = listItemTexts(page);
    for (const title of PAYLOADS.map((t) => t.replace(/\s+/gu, ' ').trim()))
      expect(items.some((text) => text.startsWith(title))).toBe(true);
  });

  it('writes any parts safely', () => {
    fc.assert(
      fc.property(
        fc.record({
          title: hostileText(10),
          schedule: hostileText(),
          invitationInfo: hostileText(),
          attendance: hostileText(),
          contribute: hostileText(),
          backlogHeading: hostileText(10),
          intro: hostileText(),
          disclaimer: hostileText(),
          template: hostileText(10),
          url: hostileUrl,
          heading: hostileText(10),
          text: hostileText(),
          ideas: fc.array(
            fc.record({
              title: hostileText(10),
              links: fc.array(fc.record({ label: hostileText(5), url: hostileUrl }), { maxLength: 2 }),
            }),
            { maxLength: 5 },
          ),
        }),
        (p) => {
          const page = renderPlanningPage(
            [
              ...DEFAULT_LAYOUT,
              { heading: p.heading, role: 'other', blocks: [{ kind: 'text', markdown: p.text }] },
            ],
            parts({
              ...p,
              board: { template: `${p.template}[b]({{url}})`, url: p.url },
              join: { template: `[j]({{url}})${p.template}`, url: p.url },
            }),
            true,
          );
          expect(unsafeMarkdown(page)).toEqual([]);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('round-trips hostile titles and links through export and import', () => {
    const ideas = fc.array(
      fc.record({
        title: hostileLine().filter((t) => t.length <= 200),
        url: hostileUrl,
        cut: fc.nat(),
      }),
      { minLength: 1, maxLength: 8 },
    );
    fc.assert(
      fc.property(ideas, (given) => {
        // One spelling per title, as an import requires.
        const unique = sameTitleGroups(given, (i) => i.title).map(
          ([first]) => first as (typeof given)[number],
        );
        const withLinks = unique.map(({ title, url, cut }) => {
          const label = title
            .slice(cut % title.length)
            .slice(0, 6)
            .trim();
          return { title, links: label === '' ? [] : [{ label, url }] };
        });
        const page = renderPlanningPage(null, parts({ ideas: withLinks }), true);
        const { page: read, problems } = parsePlanningPage(page);
        expect(problems).toEqual([]);
        expect(read?.backlog.ideas.map((i) => i.title)).toEqual(withLinks.map((i) => i.title));
        expect(read?.backlog.ideas.map((i) => i.links.map((l) => l.label))).toEqual(
          withLinks.map((i) => i.links.map((l) => l.label)),
        );
      }),
      { numRuns: 300 },
    );
  });
});

import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parsePlanningPage } from './planning-page.js';

/** A page with the given backlog list items, one per line. */
function pageWith(items: string[]): string {
  return [
    '# Planning Meetings',
    'Public planning meetings are held biweekly on odd calendar weeks on Mondays from 14:00 to 14:30 (Europe/Berlin) on Jitsi.',
    '## Idea Backlog',
    'The list is ordered alphabetically.',
    items.join('\n'),
    '',
  ].join('\n\n');
}

/** The line the first list item stands on in `pageWith`. */
const FIRST_ITEM_LINE = 9;

describe('parsePlanningPage: large pages', () => {
  it('reads a page with 20 000 backlog items', () => {
    const items = Array.from({ length: 20_000 }, (_, i) =>
      i % 10 === 0 ? `- Idea ${i} with [a link](https://example.org/${i})` : `- Idea ${i}`,
    );
    const { page, problems } = parsePlanningPage(pageWith(items));
    expect(problems).toEqual([]);
    expect(page?.backlog.ideas).toHaveLength(20_000);
    expect(page?.backlog.ideas[19_990]).toEqual({
      title: 'Idea 19990 with a link',
      description: '',
      links: [{ label: 'a link', url: 'https://example.org/19990' }],
      line: FIRST_ITEM_LINE + 19_990,
    });
  });

  it('names every duplicate of 20 000 items with the line of its first occurrence, in page order', () => {
    // The second half repeats the first, spelled differently: case and spacing do not count.
    const items = Array.from({ length: 20_000 }, (_, i) =>
      i < 10_000 ? `- Idea ${i}` : `- IDEA  ${19_999 - i}`,
    );
    const { page, problems } = parsePlanningPage(pageWith(items));
    expect(page).toBeNull();
    expect(problems).toHaveLength(10_000);
    expect(problems[0]).toEqual({
      field: `line ${FIRST_ITEM_LINE + 10_000}`,
      key: 'error.pageDuplicate',
      params: { line: FIRST_ITEM_LINE + 10_000, first: FIRST_ITEM_LINE + 9_999, title: 'IDEA 9999' },
    });
    expect(problems.at(-1)?.params).toEqual({
      line: FIRST_ITEM_LINE + 19_999,
      first: FIRST_ITEM_LINE,
      title: 'IDEA 0',
    });
  });

  it('reports a third spelling of a title against the first one', () => {
    const { problems } = parsePlanningPage(
      pageWith(['- Dark mode', '- Other', '- dark mode', '- DARK MODE']),
    );
    expect(problems.map((p) => p.params)).toEqual([
      { line: FIRST_ITEM_LINE + 2, first: FIRST_ITEM_LINE, title: 'dark mode' },
      { line: FIRST_ITEM_LINE + 3, first: FIRST_ITEM_LINE, title: 'DARK MODE' },
    ]);
  });

  it('reads a page with 20 000 headings and paragraphs around the backlog', () => {
    const noise = Array.from({ length: 10_000 }, (_, i) => `## Backlog notes ${i}\n\nParagraph ${i}.`);
    const source = `${pageWith(['- Only idea'])}\n${noise.join('\n\n')}\n`;
    const { page, problems } = parsePlanningPage(source);
    expect(problems).toEqual([]);
    expect(page?.backlog.ideas.map((i) => i.title)).toEqual(['Only idea']);
    expect(page?.layout).toHaveLength(2 + 10_000);
  });
});

describe('parsePlanningPage: the meeting platform', () => {
  it('reads "via", "on" and "auf" wherever the schedule sentence names the platform', () => {
    const pages: [string, string][] = [
      [readFileSync(new URL('../../test/fixtures/planning-page.md', import.meta.url), 'utf8'), 'Jitsi'],
      [
        readFileSync(new URL('../../test/fixtures/schedules/german-sentence.md', import.meta.url), 'utf8'),
        'BigBlueButton',
      ],
      [
        pageWith(['- An idea']).replace(
          'on Jitsi.',
          'on Microsoft Teams, held in English or German depending on who attends.',
        ),
        'Microsoft Teams',
      ],
    ];
    const shared = new URL('../../../shared/fixtures/planning-meetings.md', import.meta.url);
    if (existsSync(shared)) pages.push([readFileSync(shared, 'utf8'), 'Microsoft Teams']);
    for (const [source, platform] of pages)
      expect(parsePlanningPage(source).page?.schedule.platform).toBe(platform);
  });
});

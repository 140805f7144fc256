import { existsSync, readFileSync } from 'node:fs';
import MarkdownIt from 'markdown-it';
import { describe, expect, it } from 'vitest';
import { compareAlphabetically, sortAlphabetically, type Titled } from './ordering.js';

const REPO_ROOT = new URL('../../', import.meta.url);
const SHARED_FIXTURE = new URL('../shared/fixtures/planning-meetings.md', REPO_ROOT);
const OWN_FIXTURE = new URL('test/fixtures/backlog-sample.md', REPO_ROOT);

function items(titles: readonly string[]): Titled[] {
  return titles.map((title, i) => ({ title, id: `id-${String(i).padStart(3, '0')}` }));
}

function sortedTitles(locale: string, titles: readonly string[]): string[] {
  return sortAlphabetically(locale, items(titles)).map((i) => i.title);
}

/**
 * The visible text of each bullet of the first list after the heading `heading`, as a reader sees
 * it: link targets and emphasis markers dropped, inline code kept as its text.
 */
function backlogTitles(markdown: string, heading: string): string[] {
  const tokens = new MarkdownIt().parse(markdown, {});
  const headingAt = tokens.findIndex(
    (t, i) =>
      t.type === 'heading_open' && tokens[i + 1]?.type === 'inline' && tokens[i + 1]?.content === heading,
  );
  if (headingAt < 0) throw new Error(`no heading "${heading}"`);
  const listAt = tokens.findIndex((t, i) => i > headingAt && t.type === 'bullet_list_open');
  if (listAt < 0) throw new Error(`no bullet list after "${heading}"`);
  const listLevel = tokens[listAt]?.level ?? 0;
  const titles: string[] = [];
  for (let i = listAt + 1; i < tokens.length; i++) {
    const token = tokens[i];
    if (!token || (token.type === 'bullet_list_close' && token.level === listLevel)) break;
    if (token.type !== 'list_item_open' || token.level !== listLevel + 1) continue;
    const inline = tokens.slice(i).find((t) => t.type === 'inline');
    const text = (inline?.children ?? [])
      .filter((c) => c.type === 'text' || c.type === 'code_inline')
      .map((c) => c.content)
      .join('');
    titles.push(text.replace(/\s+/gu, ' ').trim());
  }
  return titles;
}

describe('alphabetical ordering of ideas', () => {
  it('ignores case', () => {
    expect(sortedTitles('en', ['banana', 'Apple', 'cherry', 'Banana split'])).toEqual([
      'Apple',
      'banana',
      'Banana split',
      'cherry',
    ]);
  });

  it('ignores accents: Ä sorts with A and É with E, not after Z', () => {
    expect(sortedTitles('en', ['Zebra', 'Öl', 'Ozean', 'Élan', 'Eagle', 'Äpfel', 'Apricot', 'Affe'])).toEqual(
      ['Affe', 'Äpfel', 'Apricot', 'Eagle', 'Élan', 'Öl', 'Ozean', 'Zebra'],
    );
  });

  it('compares numbers by value: "Item 9" before "Item 10" before "Item 100"', () => {
    expect(sortedTitles('en', ['Item 100', 'Item 10', 'Item 9', 'Item 1', 'Item 2b'])).toEqual([
      'Item 1',
      'Item 2b',
      'Item 9',
      'Item 10',
      'Item 100',
    ]);
  });

  it('orders the reference example of the planning page', () => {
    expect(
      sortedTitles('en', [
        'Offer our metal-stack extensions as enterprise products (accounting, cluster-api, S3)',
        'metal-stack dashboard (UI)',
        'Machine internet without firewalls',
      ]),
    ).toEqual([
      'Machine internet without firewalls',
      'metal-stack dashboard (UI)',
      'Offer our metal-stack extensions as enterprise products (accounting, cluster-api, S3)',
    ]);
  });

  it('breaks ties between titles equal under the collation by their exact text, always the same way', () => {
    const variants = ['apfel', 'Äpfel', 'APFEL', 'Apfel', 'äpfel'];
    const expected = ['APFEL', 'Apfel', 'apfel', 'Äpfel', 'äpfel'];
    expect(sortedTitles('en', variants)).toEqual(expected);
    expect(sortedTitles('en', [...variants].reverse())).toEqual(expected);
    expect(sortedTitles('de', [...variants].reverse())).toEqual(expected);
  });

  it('breaks ties between identical titles by id', () => {
    const same = [
      { title: 'Same', id: 'c' },
      { title: 'Same', id: 'a' },
      { title: 'Same', id: 'b' },
    ];
    expect(sortAlphabetically('en', same).map((i) => i.id)).toEqual(['a', 'b', 'c']);
    expect(compareAlphabetically('en', { title: 'Same', id: 'a' }, { title: 'Same', id: 'a' })).toBe(0);
  });

  it('gives the same order whatever order the items arrive in', () => {
    const titles = ['b', 'B', 'ä', 'a', 'A', 'Item 10', 'item 9', 'Ä', 'z', 'Zz', 'a'];
    const expected = sortAlphabetically('en', items(titles)).map((i) => i.id);
    for (let shift = 1; shift < titles.length; shift++) {
      const rotated = [...items(titles).slice(shift), ...items(titles).slice(0, shift)];
      expect(sortAlphabetically('en', rotated).map((i) => i.id)).toEqual(expected);
      expect(sortAlphabetically('en', [...rotated].reverse()).map((i) => i.id)).toEqual(expected);
    }
  });

  it('is antisymmetric', () => {
    const list = items(['a', 'A', 'ä', 'b', 'Item 9', 'Item 10', 'a']);
    for (const x of list) {
      for (const y of list) {
        const both =
          Math.sign(compareAlphabetically('en', x, y)) + Math.sign(compareAlphabetically('en', y, x));
        expect(both).toBe(0);
        expect(compareAlphabetically('en', x, y) === 0).toBe(x === y);
      }
    }
  });

  it('does not change the input', () => {
    const input = items(['b', 'a']);
    sortAlphabetically('en', input);
    expect(input.map((i) => i.title)).toEqual(['b', 'a']);
  });

  it('puts umlauts with their base letters in German and in English alike', () => {
    const titles = [
      'Zucker',
      'Ofen',
      'Öl',
      'Ober',
      'Übung',
      'Ufer',
      'Ast',
      'Ärger',
      'Straße',
      'Strasse',
      'Strand',
    ];
    const expected = [
      'Ärger',
      'Ast',
      'Ober',
      'Ofen',
      'Öl',
      'Strand',
      'Strasse',
      'Straße',
      'Übung',
      'Ufer',
      'Zucker',
    ];
    expect(sortedTitles('de', titles)).toEqual(expected);
    expect(sortedTitles('en', titles)).toEqual(expected);
  });

  it('follows the locale it is given: Swedish sorts Ä and Ö after Z', () => {
    // Shows the locale argument reaches the collator; German readers would not expect this.
    expect(sortedTitles('sv', ['Öl', 'Zucker', 'Ärger', 'Ast'])).toEqual(['Ast', 'Zucker', 'Ärger', 'Öl']);
    expect(sortedTitles('de', ['Öl', 'Zucker', 'Ärger', 'Ast'])).toEqual(['Ärger', 'Ast', 'Öl', 'Zucker']);
  });
});

describe('backlog pages list their ideas in sortAlphabetically order', () => {
  it('the sample fixture of this repository', () => {
    const titles = backlogTitles(readFileSync(OWN_FIXTURE, 'utf8'), 'Idea Backlog');
    expect(titles).toHaveLength(14);
    expect(titles[0]).toBe('Accessibility review of every public page');
    expect(titles).toContain('Änderungsprotokoll in German and English');
    expect(titles).toContain('s3 gateway for object storage');
    // A plain code-unit sort would put lower-case and accented titles last; the page does not.
    expect([...titles].sort()).not.toEqual(titles);
    expect(sortedTitles('en', titles)).toEqual(titles);
    expect(sortedTitles('en', [...titles].reverse())).toEqual(titles);
  });

  it.runIf(existsSync(SHARED_FIXTURE))('the shared planning-meetings page', () => {
    const titles = backlogTitles(readFileSync(SHARED_FIXTURE, 'utf8'), 'Idea Backlog');
    expect(titles.length).toBeGreaterThanOrEqual(3);
    expect(titles).toContain('Machine internet without firewalls');
    expect(titles).toContain('metal-stack dashboard (UI)');
    expect(titles.some((t) => t.startsWith('Offer our metal-stack extensions'))).toBe(true);
    // Link targets are not part of a title, only their text.
    expect(titles.join('\n')).not.toMatch(/https?:/u);
    expect(sortedTitles('en', titles)).toEqual(titles);
    expect(sortedTitles('en', [...titles].reverse())).toEqual(titles);
  });

  it('the parser reads only the list under the heading', () => {
    const md =
      '# Page\n\n- outside\n\n## Idea Backlog\n\nIntro.\n\n- [Linked](https://x.example) *idea*\n  - nested\n- `code` idea\n\n## Next\n\n- other\n';
    expect(backlogTitles(md, 'Idea Backlog')).toEqual(['Linked idea', 'code idea']);
  });
});

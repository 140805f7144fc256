import fc from 'fast-check';
import MarkdownIt from 'markdown-it';
import { describe, expect, it } from 'vitest';
import { hostileLine, hostileText, PAYLOADS, unsafeMarkdown } from '../../test/support/markdown-oracle.js';
import { markdownHeadingText, markdownLink, markdownText } from './markdown-escape.js';
import { safeMarkdown } from './safe-markdown.js';

const site = new MarkdownIt({ html: true });

/** The inline tokens of a one-paragraph or one-heading document. */
function inlineOf(markdown: string) {
  const tokens = site.parse(markdown, {});
  return tokens.filter((t) => t.type === 'inline').flatMap((t) => t.children ?? []);
}

describe('markdownText', () => {
  it('is read back as exactly the text, in a paragraph, after a list marker and in a heading', () => {
    fc.assert(
      fc.property(hostileLine(), (text) => {
        const expected = text.replace(/\s+/gu, ' ').trim();
        for (const [markdown, tag] of [
          [markdownText(text), 'p'],
          [`- ${markdownText(text)}`, 'li'],
          [`Before ${markdownText(text)} after`, 'p'],
          [`## ${markdownHeadingText(text)}`, 'h2'],
        ] as const) {
          expect(unsafeMarkdown(markdown)).toEqual([]);
          const tokens = site.parse(markdown, {});
          expect(tokens.some((t) => t.tag === tag)).toBe(true);
          const inline = inlineOf(markdown);
          expect(inline.every((t) => t.type === 'text')).toBe(true);
          const read = inline.map((t) => t.content).join('');
          expect(read).toBe(markdown.startsWith('Before') ? `Before ${expected} after` : expected);
        }
      }),
      { numRuns: 500 },
    );
  });

  it.each(PAYLOADS)('writes %j as text', (payload) => {
    const markdown = `- ${markdownText(payload)}`;
    expect(unsafeMarkdown(markdown)).toEqual([]);
    expect(
      inlineOf(markdown)
        .map((t) => t.content)
        .join(''),
    ).toBe(payload.replace(/\s+/gu, ' ').trim());
  });

  it('escapes for Python-Markdown too: `<` as a character reference, not a backslash', () => {
    expect(markdownText('<img src=x onerror=alert(1)>')).toBe('&lt;img src=x onerror=alert(1)>');
    expect(markdownText('{: onclick="x" } {{ config }}')).toBe(
      '&#123;: onclick="x" &#125; &#123;&#123; config &#125;&#125;',
    );
    expect(markdownText('!!! danger')).toBe('\\!!! danger');
    expect(markdownText('snake_case and _em_')).toBe('snake_case and \\_em\\_');
  });
});

describe('markdownLink', () => {
  it('links only http(s), with the label as text', () => {
    expect(markdownLink('x](javascript:alert(1))', 'https://x/1)<img src=x onerror=alert(1)>(')).toBe(
      '[x\\](javascript:alert(1))](https://x/1%29%3Cimg%20src=x%20onerror=alert%281%29%3E%28)',
    );
    expect(markdownLink('click', 'javascript:alert(1)')).toBe('click');
  });
});

describe('safeMarkdown', () => {
  it('keeps honest Markdown as it was written', () => {
    const honest = [
      'We looked at **hosting** options, _carefully_, and `npm ci`.',
      'Please check out [metal-stack.io](https://metal-stack.io/) for contact information.',
      '- one\n- two\n  - nested',
      '1. first\n2. second',
      '> quoted\n> text',
      '## Heading',
      '```\nconst a = 1 < 2;\n```',
      '---',
      '| a | b |\n| --- | --- |\n| 1 | 2 |',
      '!!! note "Remember"\n\n    The body, with **bold**.',
    ];
    for (const markdown of honest) expect(safeMarkdown(markdown)).toBe(markdown);
  });

  it.each(PAYLOADS)('writes %j so that it carries no HTML and no other link', (payload) => {
    const safe = safeMarkdown(payload);
    expect(unsafeMarkdown(safe)).toEqual([]);
    expect(
      unsafeMarkdown(`!!! info\n\n${safeMarkdown(payload, { nested: true }).replace(/^(?=.)/gmu, '    ')}`),
    ).toEqual([]);
  });

  it('shows what the hub showed: raw HTML and refused links stay visible as text', () => {
    expect(safeMarkdown('<img src=x onerror=alert(1)> [a](javascript:alert(1))')).toBe(
      '&lt;img src=x onerror=alert(1)> \\[a\\](javascript:alert(1))',
    );
    expect(safeMarkdown('![pixel](http://evil.example/p.png)')).toBe('[pixel](http://evil.example/p.png)');
    expect(safeMarkdown('[x]: http://evil.example\n\n[x]')).toBe('[x](http://evil.example/)');
  });

  it('indents code inside lists and admonitions, where Python-Markdown does not read fences', () => {
    expect(safeMarkdown('- item\n\n  ```\n  <img src=x>\n  ```')).toBe('-   item\n\n        <img src=x>');
    expect(safeMarkdown('!!! note\n\n    ```\n    <b>\n    ```')).toBe('!!! note\n\n        <b>');
  });

  it('writes any text safely, and the same again when given its own output', () => {
    fc.assert(
      fc.property(hostileText(40), (text) => {
        const once = safeMarkdown(text);
        expect(unsafeMarkdown(once)).toEqual([]);
        expect(safeMarkdown(once)).toBe(once);
        const nested = safeMarkdown(text, { nested: true });
        expect(unsafeMarkdown(`!!! info\n\n${nested.replace(/^(?=.)/gmu, '    ')}`)).toEqual([]);
      }),
      { numRuns: 500 },
    );
  });

  it('rewrites a paragraph of 40 000 links (a megabyte, as an imported page may hold)', () => {
    // Each `!` before a link is escaped (else the link would be an image), and was written so.
    const paragraph = 'Wow\\![a](http://x.org/) '.repeat(40_000).trimEnd();
    expect(safeMarkdown(paragraph)).toBe(paragraph);
  });

  it('writes arbitrary Unicode safely', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 60 }), (text) => {
        expect(unsafeMarkdown(safeMarkdown(text))).toEqual([]);
      }),
      { numRuns: 300 },
    );
  });
});

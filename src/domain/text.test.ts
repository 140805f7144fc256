import { describe, expect, it } from 'vitest';
import type { FieldProblem } from './errors.js';
import {
  foldForSearch,
  freeSlugAmong,
  hasControlCharacters,
  hasLoneSurrogate,
  searchWords,
  slugify,
  wholeNumberField,
} from './text.js';

describe('foldForSearch', () => {
  it('lower-cases and removes accents', () => {
    expect(foldForSearch('Äpfel ÖL Über Crème Brûlée Ñandú')).toBe('apfel ol uber creme brulee nandu');
  });

  it('folds precomposed and decomposed forms alike', () => {
    expect(foldForSearch('Ä')).toBe(foldForSearch('A\u0308'));
    expect(foldForSearch('caf\u00e9')).toBe('cafe');
    expect(foldForSearch('cafe\u0301')).toBe('cafe');
  });

  it('folds compatibility forms: ligatures, full-width letters, superscripts', () => {
    expect(foldForSearch('ﬁle ＡＢＣ x²')).toBe('file abc x2');
  });

  it('collapses whitespace of any kind and trims', () => {
    expect(foldForSearch('  a\t\tb\n\nc\u00a0\u2003d  ')).toBe('a b c d');
  });

  it('keeps ß (search compares it as typed), punctuation and non-Latin scripts', () => {
    expect(foldForSearch('Straße')).toBe('straße');
    expect(foldForSearch('metal-stack (UI)!')).toBe('metal-stack (ui)!');
    expect(foldForSearch('日本語 Ελληνικά')).toBe('日本語 ελληνικα');
  });

  it('returns empty text for empty or blank input', () => {
    expect(foldForSearch('')).toBe('');
    expect(foldForSearch(' \n\t ')).toBe('');
  });
});

describe('searchWords', () => {
  it('splits a query into folded words', () => {
    expect(searchWords('  Metal-Stack   Dashboard ')).toEqual(['metal-stack', 'dashboard']);
  });

  it('treats quotes, commas and semicolons only as separators', () => {
    expect(searchWords('"firewall rules", Über;`cli` \'ipv6\'')).toEqual([
      'firewall',
      'rules',
      'uber',
      'cli',
      'ipv6',
    ]);
  });

  it('removes duplicates after folding', () => {
    expect(searchWords('Über uber ÜBER über')).toEqual(['uber']);
  });

  it('returns no words for empty input or separators only', () => {
    expect(searchWords('')).toEqual([]);
    expect(searchWords('  " , ; ` \'  ')).toEqual([]);
  });

  it('keeps at most the first ten distinct words', () => {
    const words = Array.from({ length: 15 }, (_, i) => `w${i}`);
    expect(searchWords(words.join(' '))).toEqual(words.slice(0, 10));
    expect(searchWords(`a a a a a a a a a a a ${words.join(' ')}`)).toEqual(['a', ...words.slice(0, 9)]);
  });

  it('keeps characters that SQL LIKE treats specially as part of a word', () => {
    // The repository must escape them; the domain does not drop them silently.
    expect(searchWords('100% s3_api')).toEqual(['100%', 's3_api']);
  });
});

describe('slugify', () => {
  it('turns the reference title into a readable slug', () => {
    expect(slugify('metal-stack dashboard (UI)')).toBe('metal-stack-dashboard-ui');
    expect(slugify('Machine internet without firewalls')).toBe('machine-internet-without-firewalls');
  });

  it('spells umlauts without their dots and ß as ss', () => {
    expect(slugify('Grüße aus Köln')).toBe('grusse-aus-koln');
    expect(slugify('Straße')).toBe('strasse');
    expect(slugify('ÄÖÜ äöü ß')).toBe('aou-aou-ss');
    expect(slugify('STRASSE')).toBe(slugify('Straße'));
  });

  it('joins words with single hyphens and drops punctuation at the ends', () => {
    expect(slugify('  --Hello,   World!!  ')).toBe('hello-world');
    expect(slugify('C++ & C# / .NET')).toBe('c-c-net');
    expect(slugify('a_b.c:d?e=f&g')).toBe('a-b-c-d-e-f-g');
    expect(slugify('Offer our metal-stack extensions (accounting, cluster-api, S3)')).toBe(
      'offer-our-metal-stack-extensions-accounting-cluster-api-s3',
    );
  });

  it('keeps letters and digits of other scripts', () => {
    expect(slugify('日本語 2026')).toBe('日本語-2026');
    expect(slugify('Ελληνικά')).toBe('ελληνικα');
  });

  it('only ever yields lower-case letters, digits and inner hyphens', () => {
    for (const title of [
      'Hello World',
      '  x  ',
      'Ä-B-ß',
      '"quoted" & <tagged>',
      'a--b',
      'über/unter\\neben',
    ]) {
      expect(slugify(title)).toMatch(/^[\p{Ll}\p{Lo}\p{N}]+(?:-[\p{Ll}\p{Lo}\p{N}]+)*$/u);
    }
  });

  it('falls back to "idea" when nothing is left', () => {
    for (const title of ['', '   ', '!!!', '---', '😀🎉', '(…)']) expect(slugify(title)).toBe('idea');
  });

  it('shortens very long titles to at most 80 characters without a trailing hyphen', () => {
    const slug = slugify('Über '.repeat(40));
    expect(slug.length).toBeLessThanOrEqual(80);
    expect(slug).toMatch(/^(uber-)+uber$/u);
    expect(slugify('a'.repeat(500))).toBe('a'.repeat(80));
    const cutAtHyphen = slugify(`${'a'.repeat(79)} bbb`);
    expect(cutAtHyphen).toBe('a'.repeat(79));
  });

  it('never cuts a character outside the Basic Multilingual Plane in half', () => {
    // U+20000 is a CJK letter written as a surrogate pair; an odd offset must not split one.
    const slug = slugify(`a${'\u{20000}'.repeat(50)}`);
    expect(hasLoneSurrogate(slug)).toBe(false);
    expect([...slug].length).toBeLessThanOrEqual(80);
    expect(slug.startsWith(`a${'\u{20000}'.repeat(10)}`)).toBe(true);
  });
});

describe('freeSlugAmong', () => {
  it('keeps the base while it is free, else numbers on from 2 past every taken one', () => {
    expect(freeSlugAmong('docs', new Set())).toBe('docs');
    expect(freeSlugAmong('docs', new Set(['docs', 'docs-2', 'docs-4']))).toBe('docs-3');
  });

  it('never gives a form’s path word', () => {
    expect(freeSlugAmong('new', new Set())).toBe('new-2');
    expect(freeSlugAmong('new', new Set(['new-2']))).toBe('new-3');
    expect(freeSlugAmong('newsletter', new Set())).toBe('newsletter');
  });
});

describe('hasControlCharacters and hasLoneSurrogate', () => {
  it('allow tab and line breaks but not other C0/C1 controls', () => {
    expect(hasControlCharacters('a\tb\nc\rd')).toBe(false);
    for (const c of [
      '\u0000',
      '\u0008',
      '\u000b',
      '\u000c',
      '\u000e',
      '\u001f',
      '\u007f',
      '\u0080',
      '\u009f',
    ]) {
      expect(hasControlCharacters(`a${c}b`)).toBe(true);
    }
    expect(hasControlCharacters('\u00a0 é 😀')).toBe(false);
  });

  it('accept well-formed pairs and refuse lone halves', () => {
    expect(hasLoneSurrogate('😀 \u{20000}')).toBe(false);
    expect(hasLoneSurrogate('\ud83d')).toBe(true);
    expect(hasLoneSurrogate('\ude00')).toBe(true);
    expect(hasLoneSurrogate('\ude00\ud83d')).toBe(true);
  });
});

describe('wholeNumberField', () => {
  const range = { min: 1, max: 100, key: 'error.badValue' };

  it.each([
    [undefined, null],
    [null, null],
    ['', null],
    [7, 7],
    ['7', 7],
    [' 42 ', 42],
    ['100', 100],
  ])('reads %j as %j', (value, expected) => {
    const problems: FieldProblem[] = [];
    expect(wholeNumberField(value, 'n', range, problems)).toBe(expected);
    expect(problems).toEqual([]);
  });

  it.each([0, '0', '-3', 101, 2.5, '2.5', '1e2', 'seven', Number.NaN, true])('refuses %j', (value) => {
    const problems: FieldProblem[] = [];
    expect(wholeNumberField(value, 'n', range, problems)).toBeNull();
    expect(problems).toEqual([{ field: 'n', key: 'error.badValue', params: { max: 100 } }]);
  });
});

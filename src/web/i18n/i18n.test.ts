import { describe, expect, it } from 'vitest';
import { de } from './de.js';
import { en, type MessageKey } from './en.js';
import { isMessageKey, negotiateLocale, translator } from './index.js';

const keys = Object.keys(en) as MessageKey[];

/**
 * Words German uses as they are in English (names, abbreviations, loanwords from the glossary).
 * Compared case-insensitively, so `admin` → `Admin` counts as the same word.
 */
const SAME_IN_BOTH = new Set([
  'plenum',
  'webhooks',
  'html',
  'api',
  'status',
  'links',
  'url',
  'name',
  'admin',
  'maintainer',
  'backlog',
  'roadmap',
  'e-mail',
  'markdown',
  'meeting',
  'meetings',
  'labels',
]);

/** Whether a text has words of its own; `{time} ({zone})` has only placeholders and punctuation. */
function hasWords(text: string): boolean {
  return /\p{L}/u.test(text.replace(/\{\w+\}/gu, ''));
}

function placeholders(text: string): string[] {
  return [...text.matchAll(/\{(\w+)\}/gu)].map((m) => m[1] ?? '').sort();
}

describe('message catalogues', () => {
  it('have the same keys in English and German', () => {
    expect(Object.keys(de).sort()).toEqual([...keys].sort());
    expect(keys.length).toBeGreaterThan(100);
  });

  it('has a non-empty German text for every key, without stray spaces at the ends', () => {
    const missing = keys.filter(
      (k) => typeof de[k] !== 'string' || de[k].trim() === '' || de[k] !== de[k].trim(),
    );
    expect(missing).toEqual([]);
  });

  it('translates every text, except terms German uses as they are', () => {
    const leftInEnglish = keys
      .filter((k) => hasWords(en[k]) && en[k].toLowerCase() === de[k].toLowerCase())
      .filter((k) => !SAME_IN_BOTH.has(en[k].toLowerCase()))
      .map((k) => `${k}: ${en[k]}`);
    expect(leftInEnglish).toEqual([]);
  });

  it('never leaves a sentence untranslated', () => {
    expect(hasWords('{time} ({zone})')).toBe(false);
    expect(hasWords('{count} ideas')).toBe(true);
    const untranslated = keys.filter((k) => hasWords(en[k]) && /\s/u.test(en[k]) && en[k] === de[k]);
    expect(untranslated).toEqual([]);
  });

  it('uses the same {placeholders} in both languages', () => {
    const differing = keys
      .filter((k) => placeholders(de[k]).join() !== placeholders(en[k]).join())
      .map((k) => `${k}: en {${placeholders(en[k]).join(', ')}} de {${placeholders(de[k]).join(', ')}}`);
    expect(differing).toEqual([]);
    // The check has something to compare: many texts carry placeholders.
    expect(keys.filter((k) => placeholders(en[k]).length > 0).length).toBeGreaterThan(20);
  });

  it('uses German quotation marks, never straight or English closing quotes', () => {
    const offending = keys.filter((k) => /["”]/u.test(de[k]));
    expect(offending).toEqual([]);
  });

  it('follows the glossary', () => {
    expect(de['status.proposed']).toBe('vorgeschlagen');
    expect(de['status.backlog']).toBe('im Backlog');
    expect(de['status.roadmap']).toBe('auf der Roadmap');
    expect(de['status.in_progress']).toBe('in Arbeit');
    expect(de['status.done']).toBe('erledigt');
    expect(de['status.declined']).toBe('abgelehnt');
    expect(de['status.removed']).toBe('entfernt');
    expect(de['nav.triage']).toBe('Sichtung');
    expect(de['triage.title']).toBe('Sichtung');
    expect(de['status.awaitingTriage']).toBe('wartet auf Sichtung');
    expect(de['nav.backlog']).toBe('Ideen-Backlog');
    expect(de['backlog.title']).toBe('Ideen-Backlog');
    expect(de['backlog.disclaimerLabel']).toBe('Diese Liste ist keine Zusage');
    expect(de['role.admin']).toBe('Admin');
    expect(de['role.maintainer']).toBe('Maintainer');
    expect(de['role.member']).toBe('Mitglied');
    expect(de['role.anonymous']).toBe('nicht angemeldet');
    expect(de['profile.timeZone']).toBe('Zeitzone');
  });

  it('does not use English words the glossary translates', () => {
    const offending = keys.filter((k) => /\b(triage|time zone|maintainers)\b/iu.test(de[k]));
    expect(offending).toEqual([]);
  });
});

describe('translator', () => {
  it('fills placeholders and leaves unknown ones visible', () => {
    const t = translator('de');
    expect(t('footer.signedInAs', { name: 'Ada', role: 'Admin' })).toBe('Angemeldet als Ada (Admin)');
    expect(t('footer.signedInAs', { name: 'Ada' })).toBe('Angemeldet als Ada ({role})');
    expect(translator('en')('backlog.count', { count: 3 })).toBe('3 ideas, alphabetically');
  });

  it('says one and many in each language', () => {
    const en = translator('en');
    const de = translator('de');
    expect(en('docs.ideasUpdate', { count: 1 })).toBe('Change 1 idea:');
    expect(en('docs.ideasUpdate', { count: 2 })).toBe('Change 2 ideas:');
    expect(en('docs.ideasUpdate', { count: 0 })).toBe('Change 0 ideas:');
    expect(de('docs.ideasUpdate', { count: 1 })).toBe('1 Idee ändern:');
    expect(de('docs.ideasUpdate', { count: 3 })).toBe('3 Ideen ändern:');
    expect(en('interest.count', { count: 1 })).toBe('1 person wants this');
    expect(de('interest.count', { count: 1 })).toBe('1 Person möchte das');
    expect(de('minutes.attendees', { count: 1 })).toBe('1 hat teilgenommen.');
    expect(de('minutes.attendees', { count: 7 })).toBe('7 haben teilgenommen.');
    expect(en('error.busy', { seconds: 1 })).toBe('The server is busy. Try again in 1 second.');
    expect(en('roadmap.progress', { done: 0, total: 1 })).toBe('0 of 1 item done');
  });

  it('writes no plural form without its number', () => {
    const countOf = (text: string) => [...text.matchAll(/\{(\w+)\|[^{}|]*\|[^{}|]*\}/gu)].map((m) => m[1]);
    const missing = keys.flatMap((k) =>
      [en[k], de[k]].flatMap((text) =>
        countOf(text)
          .filter((name) => !text.includes(`{${name}}`))
          .map((name) => `${k}: ${name}`),
      ),
    );
    expect(missing).toEqual([]);
  });

  it('fills a placeholder every time it occurs', () => {
    expect(
      translator('en')('error.invalidTransition', { from: 'done', to: 'declined', allowed: 'in_progress' }),
    ).toBe('An idea cannot go from “done” to “declined”. From “done” it can go to: in_progress.');
  });

  it('does not interpret replacement patterns in values', () => {
    expect(translator('en')('login.signedIn', { name: '$& $1 $$' })).toBe('Signed in. Welcome, $& $1 $$!');
  });

  it('knows its keys', () => {
    expect(isMessageKey('nav.triage')).toBe(true);
    expect(isMessageKey('nav.nothing')).toBe(false);
    expect(isMessageKey('toString')).toBe(false);
  });
});

describe('negotiateLocale', () => {
  it.each([
    [undefined, 'en'],
    ['', 'en'],
    ['   ', 'en'],
    ['de', 'de'],
    ['en', 'en'],
    ['de-AT', 'de'],
    ['de-CH, fr;q=0.5', 'de'],
    ['DE-at', 'de'],
    ['en-GB,en;q=0.9', 'en'],
    ['de-AT,de;q=0.9,en;q=0.8', 'de'],
    ['en;q=0.5, de;q=0.9', 'de'],
    ['en; q=0.5, de; q=0.9', 'de'],
    ['fr-CH, fr;q=0.9, en;q=0.8, de;q=0.7', 'en'],
    ['fr-CH, fr;q=0.9, de;q=0.8, en;q=0.7', 'de'],
    ['fr, it, es', 'en'],
    ['*', 'en'],
    ['de;q=0, en;q=0.1', 'en'],
    ['de;q=0', 'en'],
    ['de;q=banana', 'en'],
    ['de;q=-1', 'en'],
    ['de, en', 'de'],
    ['en, de', 'en'],
    ['de;q=0.8, en;q=0.8', 'de'],
    ['deutsch, english', 'en'],
    ['dex, en-US', 'en'],
    [';;;,,,;q=,=', 'en'],
    ['\u0000\u00ff garbage 💥', 'en'],
  ] as const)('%j → %s', (header, locale) => {
    expect(negotiateLocale(header)).toBe(locale);
  });

  it('reads only the first 20 entries of a huge header', () => {
    expect(negotiateLocale(`${'fr,'.repeat(25)}de`)).toBe('en');
    expect(negotiateLocale(`${'fr,'.repeat(10)}de`)).toBe('de');
    expect(negotiateLocale('x,'.repeat(100_000))).toBe('en');
  });
});

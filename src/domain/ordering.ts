/**
 * Alphabetical order that does not suggest importance: locale-aware, case- and
 * accent-insensitive, numbers compared by value ("Item 9" before "Item 10").
 */

const collators = new Map<string, Intl.Collator>();

function collatorFor(locale: string): Intl.Collator {
  let c = collators.get(locale);
  if (!c) {
    c = new Intl.Collator(locale, { sensitivity: 'base', numeric: true, usage: 'sort' });
    collators.set(locale, c);
  }
  return c;
}

export interface Titled {
  title: string;
  id: string;
}

/**
 * Compares by title; titles equal under the collation are ordered by a finer comparison
 * (so "Ä" and "A" stay in one fixed order) and finally by id, so the order never flickers.
 */
export function compareAlphabetically(locale: string, a: Titled, b: Titled): number {
  return (
    collatorFor(locale).compare(a.title, b.title) ||
    (a.title < b.title ? -1 : a.title > b.title ? 1 : 0) ||
    (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)
  );
}

export function sortAlphabetically<T extends Titled>(locale: string, items: readonly T[]): T[] {
  return [...items].sort((a, b) => compareAlphabetically(locale, a, b));
}

/** Titles that differ only in case, accents or spacing name the same idea. */
export function sameTitle(a: string, b: string, locale = 'en'): boolean {
  return collatorFor(locale).compare(a.replace(/\s+/gu, ' ').trim(), b.replace(/\s+/gu, ' ').trim()) === 0;
}

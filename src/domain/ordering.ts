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

/**
 * Groups of items whose titles name the same idea (`sameTitle`), each group in input order,
 * groups in the order of their first item. Sorting by the collation brings equal titles side by
 * side, so this takes n log n comparisons where comparing every pair took n².
 */
export function sameTitleGroups<T>(items: readonly T[], titleOf: (item: T) => string, locale = 'en'): T[][] {
  const collator = collatorFor(locale);
  const keyed = items.map((item, index) => ({
    item,
    index,
    title: titleOf(item).replace(/\s+/gu, ' ').trim(),
  }));
  // Array.prototype.sort is stable: equal titles keep their input order.
  keyed.sort((a, b) => collator.compare(a.title, b.title));
  const groups: { first: number; items: T[] }[] = [];
  let previous: (typeof keyed)[number] | null = null;
  for (const entry of keyed) {
    const last = groups.at(-1);
    if (previous && last && collator.compare(previous.title, entry.title) === 0) last.items.push(entry.item);
    else groups.push({ first: entry.index, items: [entry.item] });
    previous = entry;
  }
  return groups.sort((a, b) => a.first - b.first).map((g) => g.items);
}

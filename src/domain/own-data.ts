/**
 * Taking a person out of what others keep: minutes list attendees by name as free text (names
 * separated by commas, semicolons or lines), and a deleted account's name must go from them while
 * the number of people who came stays.
 */

const SEPARATOR = /[,;\n]/u;

const same = (a: string, b: string) =>
  a.trim().localeCompare(b.trim(), undefined, { sensitivity: 'accent' }) === 0;

/**
 * The attendee names without `name`, and the count to keep: the one recorded, or else the
 * number of names there were. `null` when the list does not name the person.
 */
export function withoutAttendee(
  names: string,
  count: number | null,
  name: string,
): { names: string; count: number | null } | null {
  if (name.trim() === '') return null;
  const listed = names
    .split(SEPARATOR)
    .map((n) => n.trim())
    .filter((n) => n !== '');
  const kept = listed.filter((n) => !same(n, name));
  if (kept.length === listed.length) return null;
  return { names: kept.join(', '), count: count ?? listed.length };
}

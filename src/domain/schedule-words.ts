import { Temporal } from 'temporal-polyfill';
import { DATE_YEARS, isIanaTimeZone } from './schedule.js';

/**
 * The words planning pages use for days, times, dates and zones, in English and German. Each
 * reader looks at one cell or one sentence and answers what it is sure of, or nothing.
 */

const WEEKDAY_NAMES: [number, string[]][] = [
  [1, ['monday', 'mon', 'montag', 'mo']],
  [2, ['tuesday', 'tue', 'tues', 'dienstag', 'di']],
  [3, ['wednesday', 'wed', 'mittwoch', 'mi']],
  [4, ['thursday', 'thu', 'thur', 'thurs', 'donnerstag', 'do']],
  [5, ['friday', 'fri', 'freitag', 'fr']],
  [6, ['saturday', 'sat', 'samstag', 'sonnabend', 'sa']],
  [7, ['sunday', 'sun', 'sonntag', 'so']],
];

/** Full names only: in running text "do", "so" and "mi" are no weekdays. */
const FULL_WEEKDAY = new Map<string, number>(
  WEEKDAY_NAMES.flatMap(([day, names]) => names.filter((n) => n.length > 4).map((n) => [n, day] as const)),
);
const ANY_WEEKDAY = new Map<string, number>(
  WEEKDAY_NAMES.flatMap(([day, names]) => names.map((n) => [n, day] as const)),
);

/** Letters as words are made of; `\b` knows only ASCII. */
const WORD = /[\p{L}]+/gu;

/** Every weekday a sentence names ("Mondays", "montags", "am Donnerstag"), each once, in order. */
export function weekdaysIn(text: string): number[] {
  const days: number[] = [];
  for (const [word] of text.toLowerCase().matchAll(WORD)) {
    const day = FULL_WEEKDAY.get(word) ?? FULL_WEEKDAY.get(word.replace(/s$/u, ''));
    if (day !== undefined && !days.includes(day)) days.push(day);
  }
  return days;
}

/** The weekday a table cell names ("Mon", "Mo.", "Montag"), if it names exactly one. */
export function weekdayOfCell(text: string): number | null {
  const days = new Set<number>();
  for (const [word] of text.toLowerCase().matchAll(WORD)) {
    const day = ANY_WEEKDAY.get(word) ?? FULL_WEEKDAY.get(word.replace(/s$/u, ''));
    if (day !== undefined) days.add(day);
  }
  return days.size === 1 ? ([...days][0] as number) : null;
}

const MONTHS: [number, string[]][] = [
  [1, ['january', 'jan', 'januar', 'jänner']],
  [2, ['february', 'feb', 'februar']],
  [3, ['march', 'mar', 'märz', 'maerz', 'mär']],
  [4, ['april', 'apr']],
  [5, ['may', 'mai']],
  [6, ['june', 'jun', 'juni']],
  [7, ['july', 'jul', 'juli']],
  [8, ['august', 'aug']],
  [9, ['september', 'sep', 'sept']],
  [10, ['october', 'oct', 'oktober', 'okt']],
  [11, ['november', 'nov']],
  [12, ['december', 'dec', 'dezember', 'dez']],
];
const MONTH = new Map<string, number>(MONTHS.flatMap(([m, names]) => names.map((n) => [n, m] as const)));

function plainDate(year: number, month: number, day: number): Temporal.PlainDate | null {
  if (year < DATE_YEARS.min || year > DATE_YEARS.max) return null;
  try {
    return Temporal.PlainDate.from({ year, month, day }, { overflow: 'reject' });
  } catch {
    return null;
  }
}

/**
 * The first calendar date a text names: 2026-04-06, 6.4.2026, 6 April 2026, 6. April 2026,
 * April 6, 2026. Dates written with slashes in day or month order (04/06/2026) are ambiguous
 * and not read.
 */
export function dateIn(text: string): Temporal.PlainDate | null {
  const t = text.toLowerCase();
  const iso = /(?<!\d)(\d{4})-(\d{1,2})-(\d{1,2})(?!\d)/u.exec(t);
  if (iso) return plainDate(Number(iso[1]), Number(iso[2]), Number(iso[3]));
  const dotted = /(?<![\d.])(\d{1,2})\.(\d{1,2})\.(\d{4})(?!\d)/u.exec(t);
  if (dotted) return plainDate(Number(dotted[3]), Number(dotted[2]), Number(dotted[1]));
  const dayFirst = /(?<!\d)(\d{1,2})\.?\s+(\p{L}+)\.?,?\s+(\d{4})(?!\d)/u.exec(t);
  const dayMonth = dayFirst && MONTH.get(dayFirst[2] as string);
  if (dayFirst && dayMonth) return plainDate(Number(dayFirst[3]), dayMonth, Number(dayFirst[1]));
  const monthFirst = /(\p{L}+)\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})(?!\d)/u.exec(t);
  const month = monthFirst && MONTH.get(monthFirst[1] as string);
  if (monthFirst && month) return plainDate(Number(monthFirst[3]), month, Number(monthFirst[2]));
  return null;
}

/** A local time span as `HH:MM` and its length; an end before the start runs past midnight. */
export interface TimeSpan {
  startTime: string;
  durationMinutes?: number;
}

const CLOCK = String.raw`(\d{1,2})(?:([:.])(\d{2}))?(?![\d])\s*(?:([ap])\.?\s?m\b\.?)?`;
const SPAN = new RegExp(
  String.raw`(?<![\d.:])(from\s+|von\s+|between\s+|zwischen\s+)?${CLOCK}\s*(uhr\s*)?(?:-|–|—|to|until|till|bis|and|und)\s*${CLOCK}\s*(uhr|h\b)?`,
  'giu',
);
const SINGLE = new RegExp(
  String.raw`(?<![\d.:])(at\s+|um\s+|ab\s+)?${CLOCK}\s*(uhr)?(?:\s*(?:for|für)\s+(?:(\d{1,3})\s*(?:minutes|mins?|minuten)|(an|one|eine)\s+(?:hour|stunde)|(half an|eine halbe)\s+(?:hour|stunde)))?`,
  'giu',
);

const hhmm = (minutes: number) =>
  `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;

/** Minutes after midnight of "14", "2:30" with an optional meridiem; null past the clock. */
function clock(hour: string | undefined, minute: string | undefined, meridiem: string | undefined) {
  let h = Number(hour);
  const m = minute === undefined ? 0 : Number(minute);
  if (m > 59) return null;
  if (meridiem) {
    if (h < 1 || h > 12) return null;
    h = (h % 12) + (meridiem.toLowerCase() === 'p' ? 12 : 0);
  } else if (h > 23) return null;
  return h * 60 + m;
}

/**
 * The first time span a sentence names: "14:00 to 14:30", "2pm–2:30pm", "2–2:30 pm",
 * "von 14 bis 14:30 Uhr", or a start with a length ("at 14:00 for 30 minutes"). Numbers that
 * could be anything else (a bare "3-4") are not read as times.
 */
export function timeSpanIn(text: string): TimeSpan | null {
  for (const m of text.matchAll(SPAN)) {
    const [, lead, h1, c1, m1, p1, uhr1, h2, c2, m2, p2, uhr2] = m;
    // "14.00" is a time only where "Uhr" or "from" says so; "11.01" may be a date.
    const sure = Boolean(lead || c1 === ':' || c2 === ':' || p1 || p2 || uhr1 || uhr2);
    if (!sure) continue;
    const end = clock(h2, m2, p2);
    // "2–2:30pm": the start shares the end's half of the day unless that puts it after the end.
    let start = clock(h1, m1, p1 ?? p2);
    if (!p1 && p2 && start !== null && end !== null && start > end)
      start = clock(h1, m1, p2 === 'p' ? 'a' : 'p');
    if (start === null || end === null) continue;
    return { startTime: hhmm(start), durationMinutes: (end - start + 1440) % 1440 || 1440 };
  }
  for (const m of text.matchAll(SINGLE)) {
    const [, lead, h, colon, min, p, uhr, minutes, hour, half] = m;
    if (!(lead || colon === ':' || p || uhr)) continue;
    const start = clock(h, min, p);
    if (start === null) continue;
    const length = minutes ? Number(minutes) : hour ? 60 : half ? 30 : undefined;
    const span: TimeSpan = { startTime: hhmm(start) };
    if (length !== undefined && length >= 1 && length <= 1440) span.durationMinutes = length;
    return span;
  }
  return null;
}

/** Names that mean one zone's clock wherever they are written. */
const ZONE_NAMES: [RegExp, string][] = [
  [/\b(?:CET|CEST|MEZ|MESZ)\b/u, 'Europe/Berlin'],
  [/central european (?:summer )?time|mitteleurop\p{L}+ (?:sommer)?zeit/iu, 'Europe/Berlin'],
  [/\bgerman time\b|deutscher zeit/iu, 'Europe/Berlin'],
  [/\b(?:UK|British) time\b|britischer zeit/iu, 'Europe/London'],
  [/\b(?:EST|EDT)\b|\beastern time\b/iu, 'America/New_York'],
  [/\b(?:PST|PDT)\b|\bpacific time\b/iu, 'America/Los_Angeles'],
  [/\bUTC\b/u, 'UTC'],
];

/** Abbreviations that name several zones: the page is asked rather than guessed at. */
const AMBIGUOUS = /\b(CST|CDT|IST|BST|AST|GMT|MST|ET|PT|CT)\b/u;

/** Cities of the zone database by their name as written ("new york" → America/New_York). */
let cities: Map<string, string> | null = null;
function cityZones(): Map<string, string> {
  if (!cities) {
    cities = new Map();
    for (const zone of Intl.supportedValuesOf('timeZone')) {
      const city = zone.split('/').at(-1)?.replace(/_/gu, ' ').toLowerCase();
      if (city && zone.includes('/') && !cities.has(city)) cities.set(city, zone);
    }
    cities.set('berlin', 'Europe/Berlin');
  }
  return cities;
}

/** The zone a text names, and the ambiguous abbreviation it uses when it names none surely. */
export function zoneIn(text: string): { zone?: string; ambiguous?: string } {
  const named: { at: number; zone: string }[] = [];
  for (const m of text.matchAll(/\b([A-Z][A-Za-z_]+(?:\/[A-Za-z][A-Za-z0-9_+-]*){1,2})\b/gu)) {
    if (isIanaTimeZone(m[1] as string)) named.push({ at: m.index, zone: m[1] as string });
  }
  for (const [pattern, zone] of ZONE_NAMES) {
    const m = pattern.exec(text);
    if (m) named.push({ at: m.index, zone });
  }
  // "Berlin time", "(Berlin)", "Berliner Zeit", "New York time".
  for (const m of text.matchAll(
    /(\p{Lu}\p{Ll}+(?: (?!Zeit\b|Time\b)\p{Lu}\p{Ll}+)?)(?= time\b| Zeit\b|\))/gu,
  )) {
    const city = (m[1] as string).toLowerCase();
    const zone = cityZones().get(city) ?? cityZones().get(city.replace(/er$/u, ''));
    if (zone) named.push({ at: m.index, zone });
  }
  named.sort((a, b) => a.at - b.at);
  if (named[0]) return { zone: named[0].zone };
  const ambiguous = AMBIGUOUS.exec(text);
  return ambiguous ? { ambiguous: ambiguous[1] as string } : {};
}

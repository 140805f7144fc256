import type { Temporal } from 'temporal-polyfill';
import { afterRuleProblem, isIanaTimeZone, type MonthOrdinal } from './schedule.js';
import { dateIn, weekdaysIn } from './schedule-words.js';

/**
 * The words of one meeting in a `sigs.yaml`: its `day`, `time`, `tz` and `frequency`, as the
 * Kubernetes community writes them ("Thursday", "9:00", "PT (Pacific Time)", "biweekly starting
 * Tuesday March 12, 2024", "monthly - third Tuesday"). Each reader answers what the text says,
 * or a problem key; nothing is guessed.
 */

export type MeetingProblem = { key: string; params?: Record<string, string | number> };
export type Read<T> = { value: T } | { problem: MeetingProblem };

const WEEKDAYS = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'];

/** English weekday names, full or three letters, and the plural ("Thursdays"). */
function weekdayOf(word: string): number | null {
  const w = word.toLowerCase();
  const i = WEEKDAYS.findIndex((d) => d === w || `${d}s` === w || d.slice(0, 3) === w);
  return i < 0 ? null : i + 1;
}

export function weekdayName(weekday: number): string {
  const name = WEEKDAYS[weekday - 1] ?? 'monday';
  return name.charAt(0).toUpperCase() + name.slice(1);
}

const ORDINALS = new Map<string, MonthOrdinal>([
  ['first', 1],
  ['1st', 1],
  ['second', 2],
  ['2nd', 2],
  ['third', 3],
  ['3rd', 3],
  ['fourth', 4],
  ['4th', 4],
  ['fifth', 5],
  ['5th', 5],
  ['last', -1],
]);
const ORDINAL_WORD = /\b(first|1st|second|2nd|third|3rd|fourth|4th|fifth|5th|last)\b/gu;

export function ordinalWord(ordinal: MonthOrdinal): string {
  return ordinal === -1 ? 'last' : (['first', 'second', 'third', 'fourth', 'fifth'][ordinal - 1] as string);
}

/** "Wednesday after the fourth Tuesday": the weekday the meeting is counted from, and which one. */
export interface CountedFrom {
  ordinal: MonthOrdinal;
  weekday: number;
}

export interface DayReading {
  weekday: number;
  /** "third Wednesday": the day field names which one of the month. */
  ordinal?: MonthOrdinal;
  /** "Wednesday after the fourth Tuesday": the day field counts from another weekday. */
  after?: CountedFrom;
  /** "Tuesday (starting September 10th 2024)". */
  startDate?: Temporal.PlainDate;
}

/**
 * "<weekday> after the <ordinal> <weekday> [of the month]", wherever it stands in a text. The
 * weekday words are read as `weekdayOf` reads a day; anything else is no such phrase.
 */
const DAY_AFTER =
  /(\p{L}+),?\s+after\s+the\s+(first|1st|second|2nd|third|3rd|fourth|4th|fifth|5th|last)\s+(\p{L}+?)s?(?:\s+(?:of|in)\s+(?:the|each|every|a)\s+month)?(?!\p{L})/iu;

interface DayAfter {
  weekday: number;
  after: CountedFrom;
  /** The text without the phrase, for what else it says ("monthly", "starting …"). */
  rest: string;
}

/**
 * The phrase "Wednesday after the fourth Tuesday" in a text: the weekday it names and the one
 * it counts from, or a problem where no series can hold it (counted from the fifth or last, or
 * too many days after the fourth, where the meeting would fall into the next month; or from the
 * same weekday). Null when the text has no such phrase.
 */
function dayAfterIn(text: string): Read<DayAfter> | null {
  const m = DAY_AFTER.exec(text);
  if (!m) return null;
  const weekday = weekdayOf(m[1] as string);
  const ordinal = ORDINALS.get((m[2] as string).toLowerCase());
  const after = weekdayOf(m[3] as string);
  // "the day after the fourth Tuesday" names no weekday: no such phrase, and refused as it reads.
  if (weekday === null || after === null || ordinal === undefined) return null;
  const problem = afterRuleProblem(weekday, ordinal, after);
  if (problem === 'error.badAfterWeekday')
    return { problem: { key: 'sigs.error.afterSameDay', params: { value: text } } };
  if (problem) return { problem: { key: 'sigs.error.afterOrdinal', params: { value: text } } };
  return { value: { weekday, after: { ordinal, weekday: after }, rest: text.replace(m[0], ' ') } };
}

/**
 * "Monday before the fourth Tuesday": refused with what to write instead, the day it follows
 * ("Monday after the third Tuesday"), rather than read one way.
 */
function dayBeforeAnother(text: string): { problem: MeetingProblem } {
  return { problem: { key: 'sigs.error.dayAfterDay', params: { value: text } } };
}

/** `day`: a weekday, optionally after an ordinal and before "(starting <date>)", or counted from another. */
export function readDay(text: string): Read<DayReading> {
  if (/\bbefore\b/iu.test(text)) return dayBeforeAnother(text);
  const counted = dayAfterIn(text);
  if (counted && 'problem' in counted) return counted;
  if (!counted && /\bafter\b/iu.test(text))
    return { problem: { key: 'sigs.error.badDay', params: { value: text } } };
  const bare = (counted ? `${weekdayName(counted.value.weekday)} ${counted.value.rest}` : text)
    .replace(/\(([^)]*)\)/gu, ' ')
    .trim();
  const m = /^(?:(\S+)\s+)?(\p{L}+)$/u.exec(bare);
  const weekday = m ? weekdayOf(m[2] as string) : null;
  const ordinal = m?.[1] === undefined ? undefined : ORDINALS.get(m[1].toLowerCase());
  if (!m || weekday === null || (m[1] !== undefined && ordinal === undefined))
    return { problem: { key: 'sigs.error.badDay', params: { value: text } } };
  const reading: DayReading = { weekday };
  if (ordinal !== undefined) reading.ordinal = ordinal;
  if (counted) reading.after = counted.value.after;
  const inBrackets = /\(([^)]*)\)/u.exec(text)?.[1];
  const date = inBrackets ? dateIn(inBrackets) : null;
  if (date) reading.startDate = date;
  return { value: reading };
}

/** `time`: "17:00", "9:00", "4PM", "8:30 am"; always 24-hour `HH:MM` back. */
export function readTime(text: string): Read<string> {
  const t = text.trim();
  const h24 = /^(\d{1,2}):(\d{2})$/u.exec(t);
  const h12 = /^(\d{1,2})(?::(\d{2}))?\s*([ap])\.?\s*m\.?$/iu.exec(t);
  let hour = -1;
  let minute = -1;
  if (h24) [hour, minute] = [Number(h24[1]), Number(h24[2])];
  else if (h12) {
    const h = Number(h12[1]);
    if (h >= 1 && h <= 12) hour = (h % 12) + ((h12[3] as string).toLowerCase() === 'p' ? 12 : 0);
    minute = Number(h12[2] ?? '0');
  }
  if (hour < 0 || hour > 23 || minute < 0 || minute > 59)
    return { problem: { key: 'sigs.error.badTime', params: { value: text } } };
  return { value: `${String(hour).padStart(2, '0')}:${String(minute).padStart(2, '0')}` };
}

/**
 * The zone labels `sigs.yaml` files use. "IST" there means India (the teams writing it meet in
 * Bangalore and Pune); "CET" means the clock of Germany, France and their neighbours, summer
 * time included, as Europe/Berlin keeps it.
 */
const ZONE_LABELS = new Map<string, string>(
  (
    [
      ['America/Los_Angeles', ['pt (pacific time)', 'pacific time (pt)', 'pacific time', 'pt', 'pst', 'pdt']],
      [
        'America/New_York',
        ['et (eastern time)', 'eastern time (et)', 'est (eastern time)', 'eastern time', 'et', 'est', 'edt'],
      ],
      ['America/Chicago', ['ct (central time)', 'central time (ct)', 'central time']],
      ['Europe/Berlin', ['cet (central european time)', 'central european time', 'cet', 'cest']],
      ['Asia/Kolkata', ['ist (india standard time)', 'india standard time', 'ist']],
      ['UTC', ['utc', 'utc (coordinated universal time)']],
    ] as const
  ).flatMap(([zone, labels]) => labels.map((l) => [l, zone] as const)),
);

/** How an export writes a zone: the label the community file uses, or the IANA name. */
const LABEL_OF = new Map<string, string>([
  ['America/Los_Angeles', 'PT (Pacific Time)'],
  ['America/New_York', 'ET (Eastern Time)'],
  ['America/Chicago', 'CT (Central Time)'],
  ['Europe/Berlin', 'CET (Central European Time)'],
  ['Asia/Kolkata', 'IST (India Standard Time)'],
  ['UTC', 'UTC'],
]);

export function zoneLabel(zone: string): string {
  return LABEL_OF.get(zone) ?? zone;
}

/**
 * `tz`: a label above, or any name of the zone database ("Europe/Warsaw", and old names such
 * as "Poland", read as their current zone). Other abbreviations ("MST", "BST") name several
 * clocks or a fixed offset nobody lives in: refused.
 */
export function readZone(text: string): Read<string> {
  const key = text.trim().replace(/\s+/gu, ' ').toLowerCase();
  const labelled = ZONE_LABELS.get(key);
  if (labelled) return { value: labelled };
  const unknown = { problem: { key: 'sigs.error.unknownZone', params: { value: text } } };
  if (/^[A-Z0-9+-]{1,5}$/u.test(text.trim())) return unknown;
  let zone: string;
  try {
    zone = new Intl.DateTimeFormat('en', { timeZone: text.trim() }).resolvedOptions().timeZone;
  } catch {
    return unknown;
  }
  return isIanaTimeZone(zone) ? { value: zone } : unknown;
}

export type Cadence =
  | { kind: 'weekly' }
  | { kind: 'interval'; interval: number }
  | { kind: 'parity'; parity: 'odd' | 'even' }
  | { kind: 'monthly' };

export interface FrequencyReading {
  cadence: Cadence;
  ordinal?: MonthOrdinal;
  /** "Wednesday after the fourth Tuesday of the month". */
  after?: CountedFrom;
  /** "biweekly starting Tuesday March 12, 2024": the date one meeting is on. */
  startDate?: Temporal.PlainDate;
  /** Weekdays the text names, to be checked against `day`. */
  weekdays: number[];
}

const COUNT_WORDS = new Map([
  ['other', 2],
  ['two', 2],
  ['three', 3],
  ['four', 4],
  ['five', 5],
  ['six', 6],
  ['eight', 8],
]);

/** How often the text says; null when it names no cadence or two at once. */
function cadenceIn(f: string): Cadence | null {
  const found: Cadence[] = [];
  const every = /\bevery\s+(other|two|three|four|five|six|eight|\d{1,2})\s+weeks?\b/u.exec(f);
  if (every) {
    const n = COUNT_WORDS.get(every[1] as string) ?? Number(every[1]);
    found.push(n === 1 ? { kind: 'weekly' } : { kind: 'interval', interval: n });
  }
  if (/\b(?:bi-?weekly|fortnightly)\b/u.test(f)) found.push({ kind: 'interval', interval: 2 });
  if (/(?<!bi-?)\bweekly\b|\bevery week\b/u.test(f)) found.push({ kind: 'weekly' });
  if (/\bmonthly\b|\bmonth\b/u.test(f)) found.push({ kind: 'monthly' });
  const [first] = found;
  if (!first || found.some((c) => c.kind !== first.kind)) return null;
  const parity = /\b(odd|even) weeks?\b/u.exec(f)?.[1];
  if (parity && first.kind === 'interval' && first.interval === 2)
    return { kind: 'parity', parity: parity as 'odd' | 'even' };
  return first;
}

/**
 * `frequency`: weekly, biweekly or bi-weekly, every N weeks, "odd/even weeks", monthly with
 * which weekday of the month, each optionally "starting <date>". Remarks after the rule
 * ("weekly, you must be signed in to join") are left aside. A day counted from another
 * ("Wednesday after the fourth Tuesday of the month") is a monthly rule of its own. Rules one
 * series cannot hold ("1st and 3rd Tuesday", "Monday before the fourth Tuesday") are refused.
 */
export function readFrequency(text: string): Read<FrequencyReading> {
  if (/\bbefore\b/iu.test(text)) return dayBeforeAnother(text);
  const counted = dayAfterIn(text);
  if (counted && 'problem' in counted) return counted;
  // The phrase names two weekdays and an ordinal; what the rest says is read as ever.
  const rest = counted ? counted.value.rest : text;
  const f = rest.toLowerCase();
  const unsupported = { problem: { key: 'sigs.error.unsupportedFrequency', params: { value: text } } };
  // "after" in any other shape ("the day after the fourth") is not guessed at.
  if (/\bafter\b/u.test(f)) return unsupported;
  const ordinals = new Set([...f.matchAll(ORDINAL_WORD)].map((m) => ORDINALS.get(m[1] as string)));
  if (ordinals.size > 1 || (counted && ordinals.size > 0)) return unsupported;
  const monthlyByWords = ordinals.size === 1 || counted !== null;
  const cadence = cadenceIn(f) ?? (monthlyByWords ? { kind: 'monthly' as const } : null);
  if (!cadence) return { problem: { key: 'sigs.error.unknownFrequency', params: { value: text } } };
  const [ordinal] = ordinals;
  if ((ordinal !== undefined || counted) && cadence.kind !== 'monthly') return unsupported;
  const weekdays = weekdaysIn(rest);
  if (counted && !weekdays.includes(counted.value.weekday)) weekdays.unshift(counted.value.weekday);
  const reading: FrequencyReading = { cadence, weekdays };
  if (ordinal !== undefined) reading.ordinal = ordinal;
  if (counted) reading.after = counted.value.after;
  const date = dateIn(rest);
  if (date) reading.startDate = date;
  return { value: reading };
}

/** The `frequency` an export writes; `readFrequency` reads it back to the same rule. */
export function frequencyText(
  cadence: Cadence,
  weekday: number,
  ordinal: MonthOrdinal | null,
  after: number | null = null,
): string {
  if (cadence.kind === 'monthly' && after !== null)
    return `${weekdayName(weekday)} after the ${ordinalWord(ordinal ?? 1)} ${weekdayName(after)} of the month`;
  switch (cadence.kind) {
    case 'weekly':
      return 'weekly';
    case 'interval':
      return cadence.interval === 2 ? 'biweekly' : `every ${cadence.interval} weeks`;
    case 'parity':
      return `biweekly (${cadence.parity} weeks)`;
    case 'monthly':
      return `${ordinalWord(ordinal ?? 1)} ${weekdayName(weekday)} of the month`;
  }
}

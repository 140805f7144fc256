/**
 * The schedule sentence of a planning page, in English or German, read into what it says about
 * the meeting; anything it does not say stays undefined.
 */
import { platformIn } from './meeting-platform.js';
import { timeSpanIn, weekdaysIn, zoneIn } from './schedule-words.js';

export type WeekRuleName = 'odd' | 'even' | 'every' | 'interval' | 'monthly' | 'monthlyAfter';

/** Something the reader noticed and the preview says: a contradiction, an ambiguous word. */
export interface ScheduleNote {
  key: string;
  params?: Record<string, string | number>;
}

/** What the page says about the meeting; anything it does not say stays undefined. */
export interface PageSchedule {
  weekRule?: WeekRuleName;
  interval?: number;
  /** Every two weeks, but not in which: odd or even comes from a dated row, or is asked. */
  everyOther?: boolean;
  /** With 'monthly': 1 to 5, or -1 for the last; with 'monthlyAfter', which one of `afterWeekday`. */
  ordinal?: number;
  /** With 'monthlyAfter': the weekday the meeting follows ("the Wednesday after the fourth Tuesday"). */
  afterWeekday?: number;
  weekday?: number;
  startTime?: string;
  durationMinutes?: number;
  timeZone?: string;
  platform?: string;
  notes?: ScheduleNote[];
}

const NUMBERS: Record<string, number> = {
  two: 2,
  three: 3,
  four: 4,
  five: 5,
  six: 6,
  zwei: 2,
  drei: 3,
  vier: 4,
  fünf: 5,
  sechs: 6,
};
const COUNT = String.raw`(\d{1,2}|two|three|four|five|six|zwei|drei|vier|fünf|sechs)`;
const EVERY_N = new RegExp(String.raw`(?:every|alle)\s+${COUNT}\s+(?:weeks|wochen)`, 'u');
const WEEKS = /(week|woche|\bkw\b)/u;
const ODD = /(?<!\p{L})(odd|uneven|ungerade\p{L}*)(?!\p{L})/u;
const EVEN = /(?<!\p{L}|un)(even|gerade\p{L}*)(?!\p{L})/u;
const EVERY_OTHER =
  /(every (?:other|second|alternate)|alternate (?:mon|tue|wed|thu|fri|sat|sun)|\bbi-?weekly\b|fortnightly|jede[nrs]? zweite|(?:vierzehn|14)-?\s?tägig|zweiwöchentlich|zweiwöchig)/u;
const EVERY =
  /(\bweekly\b|every week|each week|every (?:mon|tue|wed|thu|fri|sat|sun)|wöchentlich|jede woche|jeden (?:mon|die|mit|don|frei|sam|son))/u;

/** Which weeks the sentence names: parity, every N weeks, every other, every week. */
function readWeeks(lower: string): Pick<PageSchedule, 'weekRule' | 'interval' | 'everyOther'> {
  if (WEEKS.test(lower) && ODD.test(lower) && !EVEN.test(lower)) return { weekRule: 'odd' };
  if (WEEKS.test(lower) && EVEN.test(lower) && !ODD.test(lower)) return { weekRule: 'even' };
  const n = EVERY_N.exec(lower);
  if (n) {
    const count = NUMBERS[n[1] as string] ?? Number(n[1]);
    if (count === 2) return { everyOther: true };
    if (count === 1) return { weekRule: 'every' };
    return { weekRule: 'interval', interval: count };
  }
  if (EVERY_OTHER.test(lower)) return { everyOther: true };
  if (EVERY.test(lower)) return { weekRule: 'every' };
  return {};
}

/** Ordinal words as both languages write them, declined or not, with the number they mean. */
const ORDINALS: Record<string, number> = {
  first: 1,
  '1st': 1,
  second: 2,
  '2nd': 2,
  third: 3,
  '3rd': 3,
  fourth: 4,
  '4th': 4,
  fifth: 5,
  '5th': 5,
  last: -1,
  erste: 1,
  zweite: 2,
  dritte: 3,
  vierte: 4,
  fünfte: 5,
  letzte: -1,
};

/**
 * "on the third Thursday of the month", "jeden dritten Donnerstag im Monat": the ordinal and
 * the weekday of a monthly rule, or null when the sentence says no such thing.
 */
function readMonthly(lower: string): { ordinal: number; weekday: number } | null {
  const m =
    /\b(first|second|third|fourth|fifth|last|1st|2nd|3rd|4th|5th|erste|zweite|dritte|vierte|fünfte|letzte)[nmrs]?\s+([a-z]+?)s?\s+(?:of (?:the|each|every) month|im monat|jedes monats|eines monats)/u.exec(
      lower,
    );
  const ordinal = m ? ORDINALS[m[1] ?? ''] : undefined;
  const weekday = m ? weekdaysIn(m[2] ?? '')[0] : undefined;
  return ordinal !== undefined && weekday !== undefined ? { ordinal, weekday } : null;
}

/**
 * "on the Wednesday after the fourth Tuesday of the month", "jeden Mittwoch nach dem vierten
 * Dienstag im Monat": the meeting's weekday, the one it follows and which of that, or null.
 */
function readMonthlyAfter(lower: string): { ordinal: number; weekday: number; after: number } | null {
  const m =
    /\b([a-z]+?)s?\s+(?:after the|nach dem)\s+(first|second|third|fourth|fifth|last|1st|2nd|3rd|4th|5th|erste|zweite|dritte|vierte|fünfte|letzte)[nmrs]?\s+([a-z]+?)s?\s+(?:of (?:the|each|every) month|im monat|jedes monats|eines monats)/u.exec(
      lower,
    );
  const ordinal = m ? ORDINALS[m[2] ?? ''] : undefined;
  const weekday = m ? weekdaysIn(m[1] ?? '')[0] : undefined;
  const after = m ? weekdaysIn(m[3] ?? '')[0] : undefined;
  return ordinal !== undefined && weekday !== undefined && after !== undefined
    ? { ordinal, weekday, after }
    : null;
}

/** The schedule sentence, in English or German: "biweekly on odd calendar weeks from 14:00 to 14:30 on Microsoft Teams". */
export function readSchedule(sentence: string): PageSchedule {
  // Emphasis marks go; an underscore inside a word (America/New_York) stays.
  const s = sentence.replace(/\*\*|__|\*|(?<!\w)_(?=\w)|(?<=\w)_(?!\w)/gu, '');
  const lower = s.toLowerCase();
  const found: PageSchedule = readWeeks(lower);
  const notes: ScheduleNote[] = [];
  const days = weekdaysIn(s);
  if (days.length === 1) found.weekday = days[0];
  else if (days.length > 1) notes.push({ key: 'schedule.note.severalWeekdays' });
  const span = timeSpanIn(s);
  if (span) Object.assign(found, span);
  const zone = zoneIn(s);
  if (zone.zone) found.timeZone = zone.zone;
  else if (zone.ambiguous)
    notes.push({ key: 'schedule.note.ambiguousZone', params: { name: zone.ambiguous } });
  const after = readMonthlyAfter(lower);
  const monthly = after ? null : readMonthly(lower);
  if (after) {
    delete found.everyOther;
    delete found.interval;
    // The sentence names two weekdays on purpose: that is no contradiction.
    const several = notes.findIndex((n) => n.key === 'schedule.note.severalWeekdays');
    if (several >= 0) notes.splice(several, 1);
    found.weekRule = 'monthlyAfter';
    found.ordinal = after.ordinal;
    found.afterWeekday = after.after;
    found.weekday = after.weekday;
  }
  if (monthly) {
    delete found.everyOther;
    delete found.interval;
    found.weekRule = 'monthly';
    found.ordinal = monthly.ordinal;
    found.weekday = monthly.weekday;
  }
  const platform = platformIn(s);
  if (platform) found.platform = platform;
  if (notes.length > 0) found.notes = notes;
  return found;
}

/**
 * Whether a paragraph is the schedule sentence: it names a rhythm of weeks, or a weekday and a
 * time of day.
 */
export function looksLikeSchedule(text: string): boolean {
  const lower = text.slice(0, 2000).toLowerCase();
  const weeks = readWeeks(lower);
  if (weeks.weekRule || weeks.everyOther) return true;
  if (readMonthly(lower) !== null) return true;
  return weekdaysIn(lower).length > 0 && timeSpanIn(lower) !== null;
}

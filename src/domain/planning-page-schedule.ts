/**
 * The schedule sentence of a planning page, in English or German, read into what it says about
 * the meeting; anything it does not say stays undefined.
 */

export type WeekRuleName = 'odd' | 'even' | 'every' | 'interval' | 'monthly';

/** What the page says about the meeting; anything it does not say stays undefined. */
export interface PageSchedule {
  weekRule?: WeekRuleName;
  interval?: number;
  /** With 'monthly': 1 to 5, or -1 for the last. */
  ordinal?: number;
  weekday?: number;
  startTime?: string;
  durationMinutes?: number;
  timeZone?: string;
  platform?: string;
}

const WEEKDAYS: Record<string, number> = {
  monday: 1,
  tuesday: 2,
  wednesday: 3,
  thursday: 4,
  friday: 5,
  saturday: 6,
  sunday: 7,
  montag: 1,
  dienstag: 2,
  mittwoch: 3,
  donnerstag: 4,
  freitag: 5,
  samstag: 6,
  sonntag: 7,
};

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
  const weekday = m ? WEEKDAYS[m[2] ?? ''] : undefined;
  return ordinal !== undefined && weekday !== undefined ? { ordinal, weekday } : null;
}

/** The schedule sentence, in English or German: "biweekly on odd calendar weeks from 14:00 to 14:30 on Microsoft Teams". */
export function readSchedule(sentence: string): PageSchedule {
  const s = sentence.replace(/\*\*|__|\*|_(?=\w)|(?<=\w)_/gu, '');
  const lower = s.toLowerCase();
  const found: PageSchedule = {};
  const monthly = readMonthly(lower);
  if (monthly) {
    found.weekRule = 'monthly';
    found.ordinal = monthly.ordinal;
  } else if (
    /\b(odd|ungerade[nr]?)\b/u.test(lower) &&
    /(calendar weeks|iso weeks|kalenderwochen|\bkw\b)/u.test(lower)
  )
    found.weekRule = 'odd';
  else if (
    /\b(even|gerade[nr]?)\b/u.test(lower) &&
    /(calendar weeks|iso weeks|kalenderwochen|\bkw\b)/u.test(lower)
  )
    found.weekRule = 'even';
  else {
    const n = /\bevery (\d{1,2}) weeks\b|\balle (\d{1,2}) wochen\b/u.exec(lower);
    if (n) {
      found.weekRule = 'interval';
      found.interval = Number(n[1] ?? n[2]);
    } else if (/\b(every week|weekly|wöchentlich|jede woche)\b/u.test(lower)) found.weekRule = 'every';
  }
  for (const [name, day] of Object.entries(WEEKDAYS)) {
    if (new RegExp(`\\b${name}s?\\b`, 'u').test(lower)) {
      found.weekday = day;
      break;
    }
  }
  const times =
    /\b(?:from|von)\s+(\d{1,2}):(\d{2})\s+(?:to|until|bis|-|–)\s+(\d{1,2}):(\d{2})/u.exec(lower) ??
    /\b(\d{1,2}):(\d{2})\s*[-–]\s*(\d{1,2}):(\d{2})\b/u.exec(lower);
  if (times) {
    const [h1, m1, h2, m2] = [times[1], times[2], times[3], times[4]].map(Number) as [
      number,
      number,
      number,
      number,
    ];
    if (h1 < 24 && m1 < 60 && h2 < 24 && m2 < 60) {
      found.startTime = `${String(h1).padStart(2, '0')}:${String(m1).padStart(2, '0')}`;
      found.durationMinutes = (((h2 * 60 + m2 - (h1 * 60 + m1)) % 1440) + 1440) % 1440 || 1440;
    }
  }
  const zone = /\(([A-Za-z]+(?:\/[A-Za-z0-9_+-]+)+|UTC)\)/u.exec(s);
  if (zone?.[1]) found.timeZone = zone[1];
  const platform = /\b(?:on|via|auf|über)\s+([A-Z][\w.-]*(?:\s+[A-Z][\w.-]*)*)\s*(?:statt)?\.?\s*$/u.exec(
    s.replace(/\([^)]*\)/gu, '').trim(),
  );
  const platformName = platform?.[1]?.replace(/\.+$/u, '');
  if (platformName && !/^(Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)s?$/u.test(platformName))
    found.platform = platformName;
  return found;
}

/** Whether a paragraph is the schedule sentence: a time of day and a word for weeks, or "third Thursday of the month". */
export function looksLikeSchedule(text: string): boolean {
  const t = text.toLowerCase();
  return (
    /\d{1,2}:\d{2}/u.test(t) && (/(week|woche|biweekly|wöchentlich)/u.test(t) || readMonthly(t) !== null)
  );
}

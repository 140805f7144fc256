import type { Locale } from '../app/accounts.js';
import type { ScheduleNote } from '../domain/planning-page-schedule.js';
import type { FactPart, ScheduleReading } from '../domain/schedule-reading.js';
import { isMessageKey, type MessageKey, type Translate } from './i18n/index.js';
import { weekdayName } from './meeting-format.js';

/**
 * What a planning page says about its meetings, said back in the reader's language: one line per
 * part (weekday, weeks, time, zone) with where it was read, and the notes the reader made.
 */

export interface FoundLine {
  part: FactPart;
  label: string;
  /** The value as read, or null when the page does not say it. */
  value: string | null;
  /** Where it was read, when it was. */
  source: string | null;
}

function endOf(start: string, minutes: number): string {
  const [h = 0, m = 0] = start.split(':').map(Number);
  const end = (h * 60 + m + minutes) % 1440;
  return `${String(Math.floor(end / 60)).padStart(2, '0')}:${String(end % 60).padStart(2, '0')}`;
}

function weeksText(reading: ScheduleReading, t: Translate): string | null {
  const f = reading.facts;
  if (f.weekRule === 'odd') return t('schedule.oddWeeks');
  if (f.weekRule === 'even') return t('schedule.evenWeeks');
  if (f.weekRule === 'every') return t('schedule.everyWeek');
  if (f.weekRule === 'interval') return t('schedule.everyNWeeks', { n: f.interval ?? 1 });
  return f.everyOther ? t('docs.everyOther') : null;
}

function timeText(reading: ScheduleReading, t: Translate): string | null {
  const { startTime, durationMinutes } = reading.facts;
  if (!startTime) return null;
  return durationMinutes === undefined
    ? t('docs.startOnly', { start: startTime })
    : t('docs.timeSpan', { start: startTime, end: endOf(startTime, durationMinutes) });
}

/** The four parts of the schedule as read, in the order a reader names them. */
export function foundLines(reading: ScheduleReading, t: Translate, locale: Locale): FoundLine[] {
  const f = reading.facts;
  const source = (part: FactPart) =>
    reading.sources[part] === 'table'
      ? t('docs.fromTable')
      : reading.sources[part] === 'sentence'
        ? t('docs.fromSentence')
        : null;
  const line = (part: FactPart, label: MessageKey, value: string | null): FoundLine => ({
    part,
    label: t(label),
    value,
    source: value === null ? null : source(part),
  });
  return [
    line('weekday', 'series.weekday', f.weekday === undefined ? null : weekdayName(f.weekday, locale)),
    line('weeks', 'docs.weeks', weeksText(reading, t)),
    line('time', 'docs.time', timeText(reading, t)),
    line('timeZone', 'series.timeZone', f.timeZone ?? null),
  ];
}

/** Params that name a weekday or the parity of weeks, said as words. */
const WEEKDAY_PARAMS = new Set(['written', 'actual']);

/** A note of the reader in the reader's language. */
export function noteText(note: ScheduleNote, t: Translate, locale: Locale): string {
  const params: Record<string, string | number> = { ...note.params };
  for (const [name, value] of Object.entries(params)) {
    const day = Number(value);
    const weekdayParam =
      WEEKDAY_PARAMS.has(name) || (note.key === 'schedule.note.weekdayDiffers' && name !== 'row');
    if (weekdayParam && Number.isInteger(day) && day >= 1 && day <= 7)
      params[name] = weekdayName(day, locale);
    if (value === 'odd' || value === 'even')
      params[name] = t(value === 'odd' ? 'schedule.odd' : 'schedule.even');
  }
  return isMessageKey(note.key) ? t(note.key, params) : note.key;
}

/** The whole reading as one sentence, for an answer without a page around it (the API). */
export function foundSentence(reading: ScheduleReading, t: Translate, locale: Locale): string {
  const said = foundLines(reading, t, locale).flatMap((l) =>
    l.value === null ? [] : [`${l.label}: ${l.value}`],
  );
  const sentence = said.length > 0 ? t('docs.pageSays', { found: said.join('; ') }) : t('docs.foundNothing');
  return [sentence, ...reading.notes.map((n) => noteText(n, t, locale))].join(' ');
}

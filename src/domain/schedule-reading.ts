import { Temporal } from 'temporal-polyfill';
import { type FieldProblem, ValidationError } from './errors.js';
import { weeksBetween } from './iso-week.js';
import type { PageSchedule, ScheduleNote, WeekRuleName } from './planning-page-schedule.js';
import { isIanaTimeZone, parseTime } from './schedule.js';
import type { TableSchedule } from './schedule-table.js';

/**
 * The schedule a planning page states, put together from its sentence and its table of dated
 * meetings; what neither says, or what they disagree on, becomes a question. Answers (form
 * fields, API options, command-line flags) complete it; until every question is answered the
 * import stores nothing.
 */

/** The parts a page may leave open, named as the form fields and API options that answer them. */
export const SCHEDULE_QUESTIONS = ['weekday', 'weekRule', 'startTime', 'endTime', 'timeZone'] as const;
export type ScheduleQuestion = (typeof SCHEDULE_QUESTIONS)[number];

/** The weeks an answer may choose: every two weeks means odd or even ISO weeks. */
export const ANSWER_WEEK_RULES = ['every', 'odd', 'even'] as const;
export type AnswerWeekRule = (typeof ANSWER_WEEK_RULES)[number];

export interface ScheduleFacts {
  weekday?: number;
  weekRule?: WeekRuleName;
  interval?: number;
  /** With 'monthly': 1 to 5, or -1 for the last; with 'monthlyAfter', which one of `afterWeekday`. */
  ordinal?: number;
  /** With 'monthlyAfter': the weekday the meeting follows. */
  afterWeekday?: number;
  /** Every two weeks, odd or even not said. */
  everyOther?: boolean;
  startTime?: string;
  durationMinutes?: number;
  timeZone?: string;
  /** A dated meeting of an every-N-weeks rule: the series counts its weeks from there. */
  anchor?: string;
}

export type FactPart = 'weekday' | 'weeks' | 'time' | 'timeZone';

export interface ScheduleReading {
  facts: ScheduleFacts;
  /** Where each part came from. */
  sources: Partial<Record<FactPart, 'sentence' | 'table'>>;
  notes: ScheduleNote[];
  missing: ScheduleQuestion[];
}

export interface ScheduleAnswers {
  weekday?: number | undefined;
  weekRule?: AnswerWeekRule | undefined;
  startTime?: string | undefined;
  endTime?: string | undefined;
  timeZone?: string | undefined;
}

/**
 * A page whose schedule is not complete: what it says, and what to answer. An answer that is
 * no answer (a time that is not one, an unknown zone) is asked again with its reason.
 */
export class ScheduleQuestions extends ValidationError {
  readonly reading: ScheduleReading;
  constructor(reading: ScheduleReading, refused: FieldProblem[] = []) {
    const asked = reading.missing.filter((q) => !refused.some((p) => p.field === q));
    super([
      ...refused,
      ...asked.map((field) => ({ field, key: `error.pageAsk.${field}` })),
      ...reading.notes.map((n) => ({ field: 'page', key: n.key, ...(n.params ? { params: n.params } : {}) })),
    ]);
    this.name = 'ScheduleQuestions';
    const missing = SCHEDULE_QUESTIONS.filter(
      (q) => reading.missing.includes(q) || refused.some((p) => p.field === q),
    );
    this.reading = { ...reading, missing };
  }
}

/** One of two readings of the same part; when both say something different, neither counts. */
function agree<T>(a: T | undefined, b: T | undefined, notes: ScheduleNote[], key: string): T | undefined {
  if (a !== undefined && b !== undefined && a !== b) {
    notes.push(
      key === 'schedule.note.timesDiffer'
        ? { key }
        : { key, params: { sentence: String(a), table: String(b) } },
    );
    return undefined;
  }
  return a ?? b;
}

/** The weeks from the sentence, checked against (or, where it is silent, taken from) the table. */
function combineWeeks(s: PageSchedule, t: TableSchedule | null, r: ScheduleReading): void {
  const facts = r.facts;
  const rule = s.weekRule;
  const fromTable = (): void => {
    r.sources.weeks = 'table';
    if (t?.gap === 1) facts.weekRule = 'every';
    else if (t?.gap === 2 && t.parity) facts.weekRule = t.parity;
    else if (t?.gap !== undefined && t.gap > 2) {
      facts.weekRule = 'interval';
      facts.interval = t.gap;
      facts.anchor = t.dates[0];
    } else delete r.sources.weeks;
  };
  if (rule === 'odd' || rule === 'even') {
    const parity = agree(rule, t?.parity, r.notes, 'schedule.note.weeksDiffer');
    if (parity) facts.weekRule = parity;
    r.sources.weeks = 'sentence';
  } else if (rule === 'every' || rule === 'interval') {
    const weeks = rule === 'every' ? 1 : (s.interval ?? 1);
    if (agree(weeks, t?.gap, r.notes, 'schedule.note.gapDiffers') !== undefined) {
      facts.weekRule = rule;
      if (rule === 'interval') facts.interval = weeks;
      if (rule === 'interval' && t) facts.anchor = t.dates[0];
    }
    r.sources.weeks = 'sentence';
  } else if ((rule === 'monthly' || rule === 'monthlyAfter') && s.ordinal !== undefined) {
    facts.weekRule = rule;
    facts.ordinal = s.ordinal;
    if (rule === 'monthlyAfter') facts.afterWeekday = s.afterWeekday;
    r.sources.weeks = 'sentence';
  } else if (s.everyOther) {
    facts.everyOther = true;
    if (t && agree(2, t.gap, r.notes, 'schedule.note.gapDiffers') !== undefined && t.parity) {
      facts.weekRule = t.parity;
      r.sources.weeks = 'table';
    } else r.sources.weeks = 'sentence';
  } else if (t) fromTable();
}

/** Puts together what the sentence and the table say; what remains open is `missing`. */
export function combineSchedule(s: PageSchedule, t: TableSchedule | null): ScheduleReading {
  const r: ScheduleReading = {
    facts: {},
    sources: {},
    notes: [...(s.notes ?? []), ...(t?.notes ?? [])],
    missing: [],
  };
  const weekday = agree(s.weekday, t?.weekday, r.notes, 'schedule.note.weekdayDiffers');
  if (weekday !== undefined) {
    r.facts.weekday = weekday;
    r.sources.weekday = s.weekday !== undefined ? 'sentence' : 'table';
  }
  combineWeeks(s, t, r);
  const start = agree(s.startTime, t?.startTime, r.notes, 'schedule.note.timesDiffer');
  const length = agree(s.durationMinutes, t?.durationMinutes, r.notes, 'schedule.note.timesDiffer');
  if (start !== undefined) {
    r.facts.startTime = start;
    r.sources.time = s.startTime !== undefined ? 'sentence' : 'table';
    if (length !== undefined) r.facts.durationMinutes = length;
  }
  const zone = agree(s.timeZone, t?.timeZone, r.notes, 'schedule.note.zonesDiffer');
  if (zone !== undefined) {
    r.facts.timeZone = zone;
    r.sources.timeZone = s.timeZone !== undefined ? 'sentence' : 'table';
  }
  r.missing = stillOpen(r.facts);
  const seen = new Set<string>();
  r.notes = r.notes.filter(
    (n) => !seen.has(n.key + JSON.stringify(n.params)) && seen.add(n.key + JSON.stringify(n.params)),
  );
  return r;
}

function stillOpen(f: ScheduleFacts): ScheduleQuestion[] {
  const open: ScheduleQuestion[] = [];
  if (f.weekday === undefined) open.push('weekday');
  if (f.weekRule === undefined) open.push('weekRule');
  if (f.startTime === undefined) open.push('startTime');
  if (f.durationMinutes === undefined) open.push('endTime');
  if (f.timeZone === undefined) open.push('timeZone');
  return open;
}

const minutesOf = (t: Temporal.PlainTime) => t.hour * 60 + t.minute;

/**
 * The reading completed by the answers given (an answer also overrides what the page says),
 * which answers were used, and the answers refused (a time that is not one, an unknown zone).
 */
export function answerSchedule(
  reading: ScheduleReading,
  answers: ScheduleAnswers,
): { reading: ScheduleReading; used: ScheduleQuestion[]; refused: FieldProblem[] } {
  const facts: ScheduleFacts = { ...reading.facts };
  const used: ScheduleQuestion[] = [];
  const refused: FieldProblem[] = [];
  if (answers.weekday !== undefined) {
    facts.weekday = answers.weekday;
    used.push('weekday');
  }
  if (answers.weekRule !== undefined) {
    facts.weekRule = answers.weekRule;
    delete facts.interval;
    delete facts.anchor;
    delete facts.ordinal;
    delete facts.afterWeekday;
    used.push('weekRule');
  }
  const time = (field: 'startTime' | 'endTime') => {
    const text = answers[field];
    const parsed = text ? parseTime(text) : null;
    if (text && !parsed) refused.push({ field, key: 'error.badTime', params: { value: text.slice(0, 20) } });
    return parsed;
  };
  const start = time('startTime');
  const end = time('endTime');
  if (start) {
    facts.startTime = start.toString({ smallestUnit: 'minute' });
    used.push('startTime');
  }
  if (end && facts.startTime) {
    const from = minutesOf(Temporal.PlainTime.from(facts.startTime));
    facts.durationMinutes = (minutesOf(end) - from + 1440) % 1440 || 1440;
    used.push('endTime');
  }
  if (answers.timeZone && !isIanaTimeZone(answers.timeZone.trim()))
    refused.push({ field: 'timeZone', key: 'error.unknownTimeZone' });
  else if (answers.timeZone) {
    facts.timeZone = answers.timeZone.trim();
    used.push('timeZone');
  }
  return { reading: { ...reading, facts, missing: stillOpen(facts) }, used, refused };
}

/**
 * The first day of a series read from a page: today, or for an every-N-weeks rule the first
 * meeting from today on in the rhythm of the dated row it was read from.
 */
export function seriesStart(facts: ScheduleFacts, today: Temporal.PlainDate): Temporal.PlainDate {
  if (facts.weekRule !== 'interval' || !facts.anchor || !facts.interval) return today;
  const anchor = Temporal.PlainDate.from(facts.anchor);
  if (Temporal.PlainDate.compare(anchor, today) >= 0) return anchor;
  const behind = weeksBetween(anchor, today);
  const steps = Math.ceil(behind / facts.interval);
  const next = anchor.add({ weeks: steps * facts.interval });
  return Temporal.PlainDate.compare(next, today) >= 0 ? next : next.add({ weeks: facts.interval });
}

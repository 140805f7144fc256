import { Temporal } from 'temporal-polyfill';
import { isAfterOrdinal, type MonthOrdinal, type WeekRule } from './schedule.js';
import { dateIn } from './schedule-words.js';
import {
  type CountedFrom,
  type DayReading,
  type FrequencyReading,
  type Read,
  weekdayName,
} from './sigs-meeting.js';

/**
 * One meeting's `day` and `frequency` put together into a week rule and a first date. They may
 * each say part of it ("day: third Wednesday", "frequency: monthly"); where they disagree, or
 * the rule needs a date nobody gave, the meeting is refused rather than read one way.
 */

export interface MeetingWords {
  day: DayReading;
  frequency: FrequencyReading;
  /** The meeting's description, which sometimes names its first date. */
  description: string;
}

export interface MeetingRule {
  weekRule: WeekRule;
  startDate: string;
  dated: boolean;
}

const problem = (key: string, params: Record<string, string | number> = {}) => ({ problem: { key, params } });

export interface CombineOptions {
  today: string;
  undatedEveryOther?: 'odd' | 'even';
  /** `YYYY-MM-DD`: the first meeting of every-N-weeks series the file gives no date for. */
  undatedStart?: string;
}

/** "Wednesday after the fourth Tuesday" from the day or the frequency; both saying it must agree. */
function countedFrom({ day, frequency }: Pick<MeetingWords, 'day' | 'frequency'>): Read<CountedFrom | null> {
  const said = [frequency.after, day.after].filter((a): a is CountedFrom => a !== undefined);
  const [after] = said;
  if (!after) return { value: null };
  const differ = said.some((a) => a.ordinal !== after.ordinal || a.weekday !== after.weekday);
  if (differ || frequency.ordinal !== undefined || day.ordinal !== undefined)
    return problem('sigs.error.ordinalsDiffer');
  return { value: after };
}

/** The rule of a monthly meeting: the Nth weekday, or the weekday after the Nth other one. */
function monthlyRule(
  weekday: number,
  ordinal: MonthOrdinal | undefined,
  after: CountedFrom | null,
): Read<WeekRule> {
  if (after) {
    // A fifth or last one was refused where it was read: one to four remain.
    if (!isAfterOrdinal(after.ordinal)) return problem('sigs.error.afterOrdinal', { value: '' });
    return { value: { kind: 'monthlyAfter', ordinal: after.ordinal, after: after.weekday } };
  }
  if (ordinal === undefined)
    return problem('sigs.error.monthlyWhich', { day: weekday, dayName: weekdayName(weekday) });
  return { value: { kind: 'monthly', ordinal } };
}

/**
 * The rule of an every-N-weeks meeting, and the date it counts from: the file's, else the
 * caller's odd or even weeks (for every two weeks), else the caller's first meeting, which must
 * be on the meeting's weekday.
 */
function intervalRule(
  interval: number,
  weekday: number,
  date: Temporal.PlainDate | null,
  options: CombineOptions,
): Read<{ weekRule: WeekRule; date: Temporal.PlainDate | null }> {
  if (date) return { value: { weekRule: { kind: 'interval', interval }, date } };
  if (interval === 2 && options.undatedEveryOther)
    return { value: { weekRule: { kind: options.undatedEveryOther }, date: null } };
  if (options.undatedStart) {
    const start = Temporal.PlainDate.from(options.undatedStart);
    if (start.dayOfWeek !== weekday)
      return problem('sigs.error.startNotOnDay', {
        date: start.toString(),
        day: weekday,
        other: start.dayOfWeek,
      });
    return { value: { weekRule: { kind: 'interval', interval }, date: start } };
  }
  if (interval === 2) return problem('sigs.error.undatedEveryOther');
  return problem('sigs.error.undatedInterval', { interval });
}

export function combineMeeting(
  { day, frequency, description }: MeetingWords,
  options: CombineOptions,
): Read<MeetingRule> {
  if (day.ordinal !== undefined && frequency.ordinal !== undefined && day.ordinal !== frequency.ordinal)
    return problem('sigs.error.ordinalsDiffer');
  const after = countedFrom({ day, frequency });
  if ('problem' in after) return after;
  const ordinal = frequency.ordinal ?? day.ordinal;
  const { cadence } = frequency;
  if ((ordinal !== undefined || after.value) && cadence.kind !== 'monthly')
    return problem('sigs.error.ordinalNotMonthly');
  const other = frequency.weekdays.find((w) => w !== day.weekday);
  if (other !== undefined) return problem('sigs.error.dayDiffers', { day: day.weekday, other });
  let date = frequency.startDate ?? day.startDate ?? dateIn(description);
  if (date && date.dayOfWeek !== day.weekday)
    return problem('sigs.error.dateNotOnDay', { date: date.toString(), day: day.weekday });
  let rule: Read<WeekRule>;
  if (cadence.kind === 'weekly') rule = { value: { kind: 'every' } };
  else if (cadence.kind === 'parity') rule = { value: { kind: cadence.parity } };
  else if (cadence.kind === 'monthly') rule = monthlyRule(day.weekday, ordinal, after.value);
  else {
    const counted = intervalRule(cadence.interval, day.weekday, date, options);
    if ('problem' in counted) return counted;
    date = counted.value.date;
    rule = { value: counted.value.weekRule };
  }
  if ('problem' in rule) return rule;
  return {
    value: { weekRule: rule.value, startDate: date?.toString() ?? options.today, dated: date !== null },
  };
}

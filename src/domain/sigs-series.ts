import type { WeekRule } from './schedule.js';
import { dateIn } from './schedule-words.js';
import { type DayReading, type FrequencyReading, type Read, weekdayName } from './sigs-meeting.js';

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

export function combineMeeting(
  { day, frequency, description }: MeetingWords,
  options: { today: string; undatedEveryOther?: 'odd' | 'even' },
): Read<MeetingRule> {
  if (day.ordinal !== undefined && frequency.ordinal !== undefined && day.ordinal !== frequency.ordinal)
    return problem('sigs.error.ordinalsDiffer');
  const ordinal = frequency.ordinal ?? day.ordinal;
  const { cadence } = frequency;
  if (ordinal !== undefined && cadence.kind !== 'monthly') return problem('sigs.error.ordinalNotMonthly');
  const other = frequency.weekdays.find((w) => w !== day.weekday);
  if (other !== undefined) return problem('sigs.error.dayDiffers', { day: day.weekday, other });
  const date = frequency.startDate ?? day.startDate ?? dateIn(description);
  if (date && date.dayOfWeek !== day.weekday)
    return problem('sigs.error.dateNotOnDay', { date: date.toString(), day: day.weekday });
  let weekRule: WeekRule;
  switch (cadence.kind) {
    case 'weekly':
      weekRule = { kind: 'every' };
      break;
    case 'parity':
      weekRule = { kind: cadence.parity };
      break;
    case 'monthly':
      if (ordinal === undefined)
        return problem('sigs.error.monthlyWhich', { day: day.weekday, dayName: weekdayName(day.weekday) });
      weekRule = { kind: 'monthly', ordinal };
      break;
    case 'interval':
      if (date) weekRule = { kind: 'interval', interval: cadence.interval };
      else if (cadence.interval === 2 && options.undatedEveryOther)
        weekRule = { kind: options.undatedEveryOther };
      else if (cadence.interval === 2) return problem('sigs.error.undatedEveryOther');
      else return problem('sigs.error.undatedInterval', { interval: cadence.interval });
      break;
  }
  return { value: { weekRule, startDate: date?.toString() ?? options.today, dated: date !== null } };
}

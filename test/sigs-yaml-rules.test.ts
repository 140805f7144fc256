import { describe, expect, it } from 'vitest';
import { readSigsYaml, type SigsOptions, type SigsProblem, SigsYamlError } from '../src/domain/sigs-yaml.js';
import { toSigsYaml } from '../src/domain/sigs-yaml-export.js';
import { translator } from '../src/web/i18n/index.js';
import { sigsProblemText } from '../src/web/sigs-problem-text.js';

/**
 * The rules a `sigs.yaml` writes beyond "the Nth weekday": a day counted from another one of the
 * month, read and written back; and every-N-weeks meetings the file gives no date for, dated by
 * the importer's first meeting (`--start`).
 */

const TODAY = '2026-12-01';
const EN = translator('en');
const DE = translator('de');

const file = (day: string, frequency: string) => `sigs:
  - dir: sig-testing
    name: Testing
    meetings:
      - description: Regular SIG Meeting
        day: ${day}
        time: "10:00"
        tz: PT (Pacific Time)
        frequency: ${frequency}
`;

function problems(text: string, options: Partial<SigsOptions> = {}): SigsProblem[] {
  try {
    readSigsYaml(text, { today: TODAY, ...options });
  } catch (e) {
    if (e instanceof SigsYamlError) return e.problems;
    throw e;
  }
  throw new Error('read without problems');
}

describe('a day counted from another one of the month', () => {
  it.each([
    ['Wednesday after the fourth Tuesday', 'monthly'],
    ['Wednesday', 'monthly - Wednesday after the fourth Tuesday'],
    ['Wednesday', 'Wednesday after the 4th Tuesday of the month'],
    ['Wednesday after the fourth Tuesday', 'Wednesday after the fourth Tuesday of each month'],
  ])('day “%s”, frequency “%s”', (day, frequency) => {
    const [spec] = readSigsYaml(file(day, frequency), { today: TODAY });
    expect(spec?.series[0]?.schedule).toMatchObject({
      weekday: 3,
      startTime: '10:00',
      timeZone: 'America/Los_Angeles',
      weekRule: { kind: 'monthlyAfter', ordinal: 4, after: 2 },
      startDate: TODAY,
    });
    expect(spec?.series[0]?.dated).toBe(false);
  });

  it('is written back in the words it is read from, and read to the same series', () => {
    const specs = readSigsYaml(file('Wednesday after the fourth Tuesday', 'monthly'), { today: TODAY });
    const written = toSigsYaml(specs);
    expect(written).toContain('frequency: Wednesday after the fourth Tuesday of the month\n');
    expect(readSigsYaml(written, { today: TODAY })).toEqual(specs);
    // A dated one keeps its date, and a second export is the same text.
    const dated = readSigsYaml(file('Wednesday', 'Wednesday after the first Monday starting 2027-01-06'), {
      today: TODAY,
    });
    expect(dated[0]?.series[0]).toMatchObject({ dated: true, schedule: { startDate: '2027-01-06' } });
    expect(toSigsYaml(readSigsYaml(toSigsYaml(dated), { today: TODAY }))).toBe(toSigsYaml(dated));
  });

  it('refuses a day and a frequency that count from different days, and the fifth or last', () => {
    const keys = (day: string, frequency: string) => problems(file(day, frequency)).map((p) => p.key);
    expect(keys('Wednesday after the fourth Tuesday', 'Wednesday after the third Tuesday')).toEqual([
      'sigs.error.ordinalsDiffer',
    ]);
    expect(keys('fourth Wednesday', 'Wednesday after the fourth Tuesday')).toEqual([
      'sigs.error.ordinalsDiffer',
    ]);
    expect(keys('Wednesday after the fourth Tuesday', 'weekly')).toEqual(['sigs.error.ordinalNotMonthly']);
    expect(keys('Thursday', 'Wednesday after the fourth Tuesday')).toEqual(['sigs.error.dayDiffers']);
    const [last] = problems(file('Wednesday after the last Tuesday', 'monthly'));
    expect(sigsProblemText(last as SigsProblem, DE, 'de')).toBe(
      'Zeile 6, sig-testing: „Wednesday after the last Tuesday“: Von dort gezählt fiele das Treffen in manchen Monaten in den nächsten Monat, was keine Kalenderregel sagen kann. Vom ersten bis zum vierten zählen, und vom vierten aus höchstens zwei Tage weiter, etwa „Wednesday after the fourth Tuesday“.',
    );
  });
});

describe('the first meeting of undated every-N-weeks series, given by the importer', () => {
  const everyFour = file('Monday', 'every four weeks');

  it('dates an every-four-weeks meeting, which is refused without it', () => {
    expect(problems(everyFour).map((p) => p.key)).toEqual(['sigs.error.undatedInterval']);
    const [spec] = readSigsYaml(everyFour, { today: TODAY, undatedStart: '2027-01-04' });
    expect(spec?.series[0]).toMatchObject({
      dated: true,
      schedule: { weekRule: { kind: 'interval', interval: 4 }, startDate: '2027-01-04' },
    });
  });

  it('dates a biweekly meeting unless odd or even weeks were chosen; a date in the file wins', () => {
    const biweekly = file('Monday', 'biweekly');
    const started = readSigsYaml(biweekly, { today: TODAY, undatedStart: '2027-01-04' });
    expect(started[0]?.series[0]?.schedule.weekRule).toEqual({ kind: 'interval', interval: 2 });
    const both = readSigsYaml(biweekly, {
      today: TODAY,
      undatedStart: '2027-01-04',
      undatedEveryOther: 'odd',
    });
    expect(both[0]?.series[0]?.schedule.weekRule).toEqual({ kind: 'odd' });
    const dated = readSigsYaml(file('Monday', 'every four weeks starting 2026-03-02'), {
      today: TODAY,
      undatedStart: '2027-01-04',
    });
    expect(dated[0]?.series[0]?.schedule.startDate).toBe('2026-03-02');
  });

  it('refuses a first meeting on another weekday than the meeting’s, in English and German', () => {
    const [problem] = problems(everyFour, { undatedStart: '2027-01-05' });
    expect(problem?.key).toBe('sigs.error.startNotOnDay');
    expect(sigsProblemText(problem as SigsProblem, EN, 'en')).toBe(
      'Line 9, sig-testing: “Regular SIG Meeting”: the first meeting given with --start, 2027-01-05, is a Tuesday, but this meeting is on Monday. Give a Monday, or add the date of one meeting to the file.',
    );
    expect(sigsProblemText(problem as SigsProblem, DE, 'de')).toBe(
      'Zeile 9, sig-testing: „Regular SIG Meeting“: Das mit --start angegebene erste Treffen, der 2027-01-05, ist ein Dienstag, dieses Treffen ist aber am Montag. Einen Montag angeben oder in der Datei das Datum eines Treffens ergänzen.',
    );
  });
});

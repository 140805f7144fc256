import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  type GroupSpec,
  readSigsYaml,
  readSigsYamlReport,
  type SigsProblem,
  SigsYamlError,
} from '../src/domain/sigs-yaml.js';
import { toSigsYaml } from '../src/domain/sigs-yaml-export.js';
import { translator } from '../src/web/i18n/index.js';
import { sigsProblemText } from '../src/web/sigs-problem-text.js';

/**
 * The fixture is a made-up community's `sigs.yaml` in the published shape: 20 groups across the
 * four lists, weekly, biweekly (dated and by ISO week parity), every-four-weeks and monthly
 * meetings, in Pacific, Eastern, Central European, UTC and plain IANA zones.
 */

const TODAY = '2026-12-01';
const fixture = (name: string) => readFileSync(new URL(`fixtures/sigs/${name}`, import.meta.url), 'utf8');
const read = (name: string, options = {}) => readSigsYaml(fixture(name), { today: TODAY, ...options });

function problemsOf(name: string, options = {}): SigsProblem[] {
  try {
    read(name, options);
  } catch (e) {
    if (e instanceof SigsYamlError) return e.problems;
    throw e;
  }
  throw new Error(`${name} was read without problems`);
}

/** A series in one line: weekday, time, zone, rule, first day, whether the file dates it. */
function seriesLine(s: GroupSpec['series'][number]): string {
  const { weekday, startTime, timeZone, weekRule, startDate, durationMinutes } = s.schedule;
  const rule =
    weekRule.kind === 'interval'
      ? `every ${weekRule.interval} weeks`
      : weekRule.kind === 'monthly'
        ? `monthly ${weekRule.ordinal}`
        : weekRule.kind;
  return `${weekday} ${startTime} ${timeZone} ${rule} from ${startDate}${s.dated ? '' : ' (undated)'} ${durationMinutes}min`;
}

const EXPECTED: [string, string, string[], string[]][] = [
  [
    'sig',
    'sig-api',
    ['ayesha-k', 'tomasv', 'lin-wei'],
    [
      '3 11:00 America/Los_Angeles every 2 weeks from 2026-01-14 60min',
      '4 09:00 America/Los_Angeles every from 2026-12-01 (undated) 60min',
    ],
  ],
  ['sig', 'sig-network', ['mkowalski'], ['4 17:00 Europe/Berlin every 2 weeks from 2026-01-15 60min']],
  [
    'sig',
    'sig-storage',
    ['okafor', 'j-berg'],
    ['4 09:00 America/Los_Angeles odd from 2026-12-01 (undated) 60min'],
  ],
  [
    'sig',
    'sig-release',
    ['priya-r'],
    ['2 16:00 UTC every 2 weeks from 2024-03-12 60min', '1 08:00 UTC every from 2026-12-01 (undated) 60min'],
  ],
  [
    'sig',
    'sig-docs',
    ['n-tanaka'],
    [
      '2 17:30 UTC every from 2026-12-01 (undated) 60min',
      '3 10:00 Asia/Tokyo monthly 1 from 2026-12-01 (undated) 60min',
    ],
  ],
  ['sig', 'sig-scheduling', ['r-haddad'], ['4 08:00 America/New_York every 4 weeks from 2026-02-05 60min']],
  ['sig', 'sig-security', ['e-moreau'], ['5 15:00 Europe/Berlin every 2 weeks from 2026-01-16 60min']],
  ['sig', 'sig-testing', ['d-osei'], ['2 10:00 America/Los_Angeles every from 2026-12-01 (undated) 60min']],
  [
    'sig',
    'sig-cli',
    ['s-ivanova'],
    [
      '3 09:00 America/Los_Angeles even from 2026-12-01 (undated) 60min',
      '3 09:00 America/Los_Angeles monthly -1 from 2026-12-01 (undated) 60min',
    ],
  ],
  ['sig', 'sig-node', ['h-nguyen'], ['2 10:00 America/Los_Angeles every from 2026-12-01 (undated) 60min']],
  [
    'workinggroup',
    'wg-device-management',
    ['f-schulz'],
    ['2 08:30 America/Los_Angeles every 2 weeks from 2026-01-13 60min'],
  ],
  [
    'workinggroup',
    'wg-community-calendar',
    ['b-adeyemi'],
    ['4 17:00 UTC monthly 3 from 2026-12-01 (undated) 60min'],
  ],
  [
    'workinggroup',
    'wg-data-protection',
    ['k-lindqvist'],
    ['3 07:00 America/Los_Angeles every 2 weeks from 2026-01-14 60min'],
  ],
  [
    'workinggroup',
    'wg-batch',
    ['a-silva'],
    ['4 14:00 America/New_York monthly 2 from 2026-12-01 (undated) 60min'],
  ],
  ['workinggroup', 'wg-energy', ['m-rossi'], ['1 16:00 Europe/Rome every from 2026-12-01 (undated) 60min']],
  [
    'usergroup',
    'ug-research',
    ['t-mueller'],
    ['5 16:00 Europe/Berlin monthly 1 from 2026-12-01 (undated) 60min'],
  ],
  ['usergroup', 'ug-edge', ['l-fernandes'], []],
  [
    'committee',
    'committee-steering',
    ['ayesha-k', 'r-haddad'],
    [
      '3 08:00 America/Los_Angeles monthly 3 from 2026-12-01 (undated) 60min',
      '3 08:00 America/Los_Angeles monthly 1 from 2026-12-01 (undated) 60min',
    ],
  ],
  [
    'committee',
    'committee-code-of-conduct',
    ['g-okonkwo'],
    ['3 12:00 America/New_York every 2 weeks from 2026-01-14 60min'],
  ],
  [
    'committee',
    'committee-security-response',
    ['e-moreau', 'lin-wei'],
    ['1 06:00 UTC every 2 weeks from 2026-01-12 60min'],
  ],
];

describe('reading a sigs.yaml', () => {
  it('reads the 20 groups of the fixture with their leads and series', () => {
    const specs = read('sigs.yaml');
    expect(specs.map((s) => [s.kind, s.slug, s.leads, s.series.map(seriesLine)])).toEqual(EXPECTED);
  });

  it('keeps the name, mission, label and links, and leaves contact and subprojects aside', () => {
    const api = read('sigs.yaml')[0];
    expect(api).toMatchObject({
      name: 'API',
      description:
        'Owns the shape of the public API: versioning, deprecation, validation and the review of every change that adds a field.',
      label: 'api',
    });
    expect(api?.series[0]).toMatchObject({
      title: 'Regular SIG Meeting',
      joinUrl: 'https://meet.example.org/sig-api',
      notesUrl: 'https://notes.example.org/sig-api',
      recordingsUrl: 'https://video.example.org/playlist/sig-api',
    });
    expect(api?.series[1]).toMatchObject({ notesUrl: null, recordingsUrl: null });
    expect(Object.keys(api ?? {}).sort()).toEqual(
      ['chairs', 'description', 'kind', 'label', 'leads', 'name', 'series', 'slug', 'techLeads'].sort(),
    );
  });

  it('reads anchors and aliases as the nodes they stand for', () => {
    const file = `committees:
  - dir: committee-a
    name: A
    leadership: &leads
      chairs:
        - github: ayesha-k
    meetings:
      - &monthly
        description: Monthly sync
        day: Thursday
        time: "17:00"
        tz: UTC
        frequency: third Thursday of the month
  - dir: committee-b
    name: B
    leadership: *leads
    meetings:
      - *monthly
`;
    const [a, b] = readSigsYaml(file, { today: TODAY });
    expect(b?.leads).toEqual(['ayesha-k']);
    expect(b?.series).toEqual(a?.series);
  });

  it('reads its own export back to the same groups', () => {
    const specs = read('sigs.yaml');
    expect(readSigsYaml(toSigsYaml(specs), { today: TODAY })).toEqual(specs);
    // Even on another day: a series the file gives no date for keeps its own start.
    const later = readSigsYaml(toSigsYaml(specs), { today: '2027-05-05' });
    expect(later.map((s) => s.series.map((x) => x.dated))).toEqual(
      specs.map((s) => s.series.map((x) => x.dated)),
    );
  });
});

const EN = translator('en');
const DE = translator('de');

describe('a bad sigs.yaml is refused whole, each problem with its line, group and message', () => {
  it.each([
    [
      'bad-zone.yaml',
      8,
      'sig-api',
      'Line 8, sig-api: “Mars/Olympus_Mons” is no time zone; write e.g. “PT (Pacific Time)”, “UTC” or a name such as Europe/Berlin.',
      'Zeile 8, sig-api: „Mars/Olympus_Mons“ ist keine Zeitzone; zum Beispiel „PT (Pacific Time)“, „UTC“ oder einen Namen wie Europe/Berlin schreiben.',
    ],
    [
      'bad-day.yaml',
      6,
      'sig-network',
      'Line 6, sig-network: “Thrusday” is no weekday; write e.g. “Thursday” or “Thu”.',
      'Zeile 6, sig-network: „Thrusday“ ist kein Wochentag; zum Beispiel „Thursday“ oder „Thu“ schreiben.',
    ],
    [
      'bad-frequency.yaml',
      9,
      'wg-batch',
      'Line 9, wg-batch: “whenever there is something to discuss” is no frequency; write e.g. “weekly”, “biweekly starting 2026-03-12” or “third Thursday of the month”.',
      'Zeile 9, wg-batch: „whenever there is something to discuss“ ist kein Rhythmus; zum Beispiel „weekly“, „biweekly starting 2026-03-12“ oder „third Thursday of the month“ schreiben.',
    ],
    [
      'missing-name.yaml',
      2,
      'committee-steering',
      'Line 2, committee-steering: the field “name” is missing or empty.',
      'Zeile 2, committee-steering: Das Feld „name“ fehlt oder ist leer.',
    ],
    [
      'duplicate-dir.yaml',
      7,
      'sig-docs',
      'Line 7, sig-docs: the dir “sig-docs” is used by the entry on line 2 already.',
      'Zeile 7, sig-docs: Das dir „sig-docs“ hat schon der Eintrag in Zeile 2.',
    ],
    [
      'not-yaml.txt',
      4,
      null,
      'Line 4: this is not valid YAML (check the indentation and quotes).',
      'Zeile 4: Das ist kein gültiges YAML (Einrückung und Anführungszeichen prüfen).',
    ],
  ])('%s', (name, line, group, en, de) => {
    const [problem, ...others] = problemsOf(name);
    expect(others).toEqual([]);
    expect(problem).toMatchObject({ line, group });
    expect(sigsProblemText(problem as SigsProblem, EN, 'en')).toBe(en);
    expect(sigsProblemText(problem as SigsProblem, DE, 'de')).toBe(de);
  });

  it('tells every problem of the file at once, not only the first', () => {
    const problems = problemsOf('many-problems.yaml');
    expect(problems.map((p) => [p.line, p.group, p.key])).toEqual([
      [15, 'sig-bad', 'sigs.error.badTime'],
      [17, 'sig-bad', 'sigs.error.undatedEveryOther'],
      [22, 'sig-bad', 'sigs.error.dayDiffers'],
      [23, 'No dir', 'sigs.error.missing'],
    ]);
    const texts = problems.map((p) => sigsProblemText(p, DE, 'de'));
    expect(texts[2]).toBe(
      'Zeile 22, sig-bad: „Wrong weekday“: Der Tag sagt Dienstag, der Rhythmus Mittwoch.',
    );
    expect(sigsProblemText(problems[1] as SigsProblem, EN, 'en')).toBe(
      'Line 17, sig-bad: “Undated”: every two weeks, but which? Add the date of one meeting, e.g. “biweekly starting 2026-03-12”, or import with odd or even weeks chosen.',
    );
  });

  it('asks for a first date of an every-four-weeks meeting, whatever weeks were chosen', () => {
    const file = fixture('sigs.yaml').replace(
      'every four weeks starting Thursday, February 5, 2026',
      'every four weeks',
    );
    let problems: SigsProblem[] = [];
    try {
      readSigsYaml(file, { today: TODAY, undatedEveryOther: 'odd' });
    } catch (e) {
      if (e instanceof SigsYamlError) problems = e.problems;
    }
    expect(problems).toHaveLength(1);
    expect(sigsProblemText(problems[0] as SigsProblem, EN, 'en')).toMatch(
      /^Line \d+, sig-scheduling: “Regular SIG Meeting”: every 4 weeks, but from when\? Add the date of one meeting, e\.g\. “every 4 weeks starting 2026-03-12”\.$/u,
    );
  });

  it('refuses a wrong shape, a bad dir, handle or link, each on its line', () => {
    const file = `sigs:
  - dir: SIG Api
    name: [API]
    leadership:
      chairs:
        - github: not a handle
    meetings:
      - description: Regular
        day: Monday
        time: "10:00"
        tz: UTC
        frequency: weekly
        url: http://meet.example.org/api
        archive_url: notes.example.org
workinggroups: just text
`;
    let problems: SigsProblem[] = [];
    try {
      readSigsYaml(file, { today: TODAY });
    } catch (e) {
      if (e instanceof SigsYamlError) problems = e.problems;
    }
    expect(problems.map((p) => [p.line, p.key])).toEqual([
      [3, 'sigs.error.notText'],
      [2, 'sigs.error.badDir'],
      [6, 'sigs.error.badHandle'],
      [13, 'sigs.error.httpsOnly'],
      [14, 'sigs.error.badUrl'],
      [15, 'sigs.error.notList'],
    ]);
  });

  it('reads a placeholder where a link belongs as no link, with a note naming its line', () => {
    const { specs, notes } = readSigsYamlReport(fixture('kubernetes-entries.yaml'), { today: TODAY });
    expect(specs[0]?.series.map((s) => [s.joinUrl, s.notesUrl, s.recordingsUrl])).toEqual([
      ['https://meet.example.org/sig-docs', 'https://notes.example.org/sig-docs', null],
      [null, null, null],
    ]);
    expect(notes.map((n) => sigsProblemText(n, EN, 'en'))).toEqual([
      'Line 14, sig-docs: “recordings_url” says “TBD”, which is no link: imported without it.',
      'Line 20, sig-docs: “archive_url” says “N/A”, which is no link: imported without it.',
    ]);
    expect(sigsProblemText(notes[0] as SigsProblem, DE, 'de')).toBe(
      'Zeile 14, sig-docs: „recordings_url“ sagt „TBD“, das ist kein Link: ohne ihn importiert.',
    );
  });

  it('refuses a day counted from the last of another, and an undated every-four-weeks or monthly meeting, naming the line and what to write', () => {
    const problems = problemsOf('kubernetes-refused.yaml');
    expect(problems.map((p) => sigsProblemText(p, EN, 'en'))).toEqual([
      'Line 8, sig-testing: “Wednesday after the last Tuesday”: counted from there, the meeting would fall into the next month in some months, which no calendar rule can say. Count from the first to the fourth, with the meeting at most two days after the fourth, e.g. “Wednesday after the fourth Tuesday”.',
      'Line 19, sig-release: “Release Team Sync”: every 4 weeks, but from when? Add the date of one meeting, e.g. “every 4 weeks starting 2026-03-12”.',
      'Line 27, sig-auth: “Office Hours”: say which Thursday of the month, e.g. “third Thursday of the month”.',
    ]);
    expect(problemsOf('kubernetes-refused.yaml').length).toBe(3);
  });

  it('reads "biweekly" without a date as the weeks the importer chose, when it chose', () => {
    const problems = problemsOf('many-problems.yaml', { undatedEveryOther: 'even' });
    expect(problems.map((p) => p.key)).not.toContain('sigs.error.undatedEveryOther');
  });
});

import { isMap, isScalar, isSeq, LineCounter, type Node, parseDocument, visit, type YAMLMap } from 'yaml';
import { parseDate, type Schedule } from './schedule.js';
import { type Read, readDay, readFrequency, readTime, readZone } from './sigs-meeting.js';
import { combineMeeting, type MeetingWords } from './sigs-series.js';
import { normalizeWebUrl } from './web-url.js';

/**
 * Groups as a `sigs.yaml` lists them: the file the Kubernetes community publishes in
 * kubernetes/community, with its four lists `sigs`, `workinggroups`, `usergroups` and
 * `committees`. Each entry becomes a group spec (slug from `dir`, name, mission, leads, and one
 * series per meeting); `contact`, `subprojects` and the people's names and companies are not
 * part of a group here and are left aside.
 *
 * The file is read whole or not at all: every problem of every entry is collected with its line
 * and group, and one of them refuses the file, so an import never stores half of it.
 *
 * What the format does not say is never made up:
 * - Meetings have no length in `sigs.yaml`: every series is 60 minutes long.
 * - "biweekly" without a date does not say which weeks. A date in the frequency ("biweekly
 *   starting Tuesday March 12, 2024"), the day ("Tuesday (starting September 10th 2024)") or
 *   the meeting's description anchors it (every two weeks counted from that date); "(odd weeks)"
 *   or "(even weeks)" picks ISO weeks. Otherwise the caller chooses odd or even weeks for all
 *   such meetings (`undatedEveryOther`), or the file is refused with the meeting named.
 *   "Every four weeks" and the like need such a date always: no choice of weeks stands in for it,
 *   but the caller may give the date of a first meeting (`undatedStart`) for all of them.
 * - A series the file gives no date for starts on the caller's `today`, and is marked undated
 *   so that importing the file again on another day changes nothing.
 */

export const GROUP_KINDS = ['sig', 'workinggroup', 'usergroup', 'committee'] as const;
export type GroupKind = (typeof GROUP_KINDS)[number];

/** The list of the file each kind of group is kept in. */
export const SECTION_OF: Record<GroupKind, string> = {
  sig: 'sigs',
  workinggroup: 'workinggroups',
  usergroup: 'usergroups',
  committee: 'committees',
};

export const MEETING_MINUTES = 60;

export interface SeriesSpec {
  /** The meeting's `description`, e.g. "Regular SIG Meeting". */
  title: string;
  schedule: Schedule;
  /** Whether the file gives the series' first date; if not, its start date is the caller's today. */
  dated: boolean;
  joinUrl: string | null;
  notesUrl: string | null;
  recordingsUrl: string | null;
}

export interface GroupSpec {
  kind: GroupKind;
  /** From `dir`, e.g. "sig-network". */
  slug: string;
  name: string;
  /** The mission statement, trimmed. */
  description: string;
  label: string | null;
  /** GitHub handles of chairs and tech leads, lower-case, each once, chairs first. */
  leads: string[];
  /** Which of the leads the file lists as chairs, and which as tech leads (one may be both). */
  chairs: string[];
  techLeads: string[];
  series: SeriesSpec[];
}

export interface SigsProblem {
  line: number | null;
  /** The group's `dir` (or name, or place in its list) the problem belongs to; null for the file. */
  group: string | null;
  key: string;
  params: Record<string, string | number>;
}

export class SigsYamlError extends Error {
  readonly problems: SigsProblem[];
  constructor(problems: SigsProblem[]) {
    super(problems.map((p) => `line ${p.line ?? '?'}: ${p.key}`).join('; '));
    this.name = 'SigsYamlError';
    this.problems = problems;
  }
}

export interface SigsOptions {
  /** `YYYY-MM-DD`: the start of series the file gives no date for. */
  today: string;
  /** The weeks of "biweekly" meetings the file anchors nowhere; unset refuses them. */
  undatedEveryOther?: 'odd' | 'even';
  /**
   * `YYYY-MM-DD`: the first meeting of every-N-weeks series the file gives no date for (and of
   * biweekly ones where no weeks were chosen). It must fall on each such series' weekday.
   */
  undatedStart?: string;
}

export const SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/u;
const GITHUB = /^[a-z0-9](?:[a-z0-9-]{0,37}[a-z0-9])?$/u;
const LIMITS = { name: 200, text: 10_000, slug: 80 } as const;

/** One entry being read: where its problems go, and the line of each node. */
class Reader {
  readonly problems: SigsProblem[] = [];
  /** What was read otherwise than written (a placeholder where a link belongs), told but no refusal. */
  readonly notes: SigsProblem[] = [];
  constructor(private readonly lines: LineCounter) {}

  lineOf(node: unknown): number | null {
    const range = (node as Node | null)?.range;
    return range ? this.lines.linePos(range[0]).line : null;
  }

  add(node: unknown, group: string | null, key: string, params: Record<string, string | number> = {}) {
    this.problems.push({ line: this.lineOf(node), group, key, params });
  }

  /** A scalar field as text (numbers as written), '' when absent or empty. */
  text(map: YAMLMap, field: string, group: string | null): string {
    const node = map.get(field, true);
    if (node === undefined || node === null) return '';
    if (!isScalar(node)) {
      this.add(node, group, 'sigs.error.notText', { field });
      return '';
    }
    const value = node.value;
    if (value === null || value === undefined) return '';
    return typeof value === 'string' ? value.trim() : String(value);
  }

  required(map: YAMLMap, field: string, group: string | null): string {
    const node = map.get(field, true);
    const value = this.text(map, field, group);
    // A list or mapping where text belongs is told as such by text(), not as missing.
    if (value === '' && (node === undefined || node === null || isScalar(node)))
      this.add(node ?? map, group, 'sigs.error.missing', { field });
    return value;
  }

  /** The maps of a list field; anything else in it is a problem. */
  maps(map: YAMLMap, field: string, group: string | null): YAMLMap[] {
    const node = map.get(field, true);
    if (node === undefined || node === null || (isScalar(node) && node.value === null)) return [];
    if (!isSeq(node)) {
      this.add(node, group, 'sigs.error.notList', { field });
      return [];
    }
    const found: YAMLMap[] = [];
    for (const item of node.items) {
      if (isMap(item)) found.push(item);
      else this.add(item, group, 'sigs.error.notMap', { field });
    }
    return found;
  }

  read<T>(node: unknown, group: string, result: Read<T>): T | null {
    if ('value' in result) return result.value;
    this.add(node, group, result.problem.key, result.problem.params ?? {});
    return null;
  }
}

/** Every group of the file, or a SigsYamlError with every problem of it. */
export function readSigsYaml(text: string, options: SigsOptions): GroupSpec[] {
  return readSigsYamlReport(text, options).specs;
}

export interface SigsReading {
  specs: GroupSpec[];
  /** Things read otherwise than written, for the import's report. */
  notes: SigsProblem[];
}

/** As `readSigsYaml`, with the notes of what was read otherwise than written. */
export function readSigsYamlReport(text: string, options: SigsOptions): SigsReading {
  if (
    options.undatedStart !== undefined &&
    parseDate(options.undatedStart)?.toString() !== options.undatedStart
  )
    throw new SigsYamlError([
      { line: null, group: null, key: 'sigs.error.badStart', params: { value: options.undatedStart } },
    ]);
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false });
  const r = new Reader(lines);
  if (doc.errors.length > 0) {
    for (const e of doc.errors) {
      r.problems.push({
        line: lines.linePos(e.pos[0]).line,
        group: null,
        key: 'sigs.error.syntax',
        params: {},
      });
    }
    throw new SigsYamlError(r.problems);
  }
  // An alias (`*steering`) stands for its anchor's node; problems in it are told at the anchor.
  visit(doc, { Alias: (_, alias) => alias.resolve(doc) ?? visit.REMOVE });
  const root = doc.contents;
  if (!isMap(root))
    throw new SigsYamlError([{ line: 1, group: null, key: 'sigs.error.noLists', params: {} }]);
  const specs: GroupSpec[] = [];
  const dirs = new Map<string, number | null>();
  for (const kind of GROUP_KINDS) {
    r.maps(root, SECTION_OF[kind], null).forEach((entry, i) => {
      const { slug, spec } = readGroup(r, entry, kind, `${SECTION_OF[kind]} #${i + 1}`, options);
      if (spec) specs.push(spec);
      if (slug === '') return;
      const seen = dirs.get(slug);
      if (seen !== undefined) {
        r.add(entry.get('dir', true), slug, 'sigs.error.dirTwice', { dir: slug, otherLine: seen ?? '?' });
      } else dirs.set(slug, r.lineOf(entry.get('dir', true)));
    });
  }
  if (specs.length === 0 && r.problems.length === 0) r.add(root, null, 'sigs.error.noLists');
  if (r.problems.length > 0) throw new SigsYamlError(r.problems);
  return { specs, notes: r.notes };
}

function readGroup(
  r: Reader,
  entry: YAMLMap,
  kind: GroupKind,
  place: string,
  options: SigsOptions,
): { slug: string; spec: GroupSpec | null } {
  const before = r.problems.length;
  const dirText = r.text(entry, 'dir', place);
  const name = r.required(entry, 'name', dirText || place);
  const group = dirText || name || place;
  if (dirText === '') r.add(entry, group, 'sigs.error.missing', { field: 'dir' });
  else if (!SLUG.test(dirText) || dirText.length > LIMITS.slug)
    r.add(entry.get('dir', true), group, 'sigs.error.badDir', { value: dirText, max: LIMITS.slug });
  if (name.length > LIMITS.name || /[\r\n]/u.test(name))
    r.add(entry.get('name', true), group, 'sigs.error.tooLong', { field: 'name', max: LIMITS.name });
  const description = r.text(entry, 'mission_statement', group);
  if (description.length > LIMITS.text)
    r.add(entry.get('mission_statement', true), group, 'sigs.error.tooLong', {
      field: 'mission_statement',
      max: LIMITS.text,
    });
  const label = r.text(entry, 'label', group);
  const { chairs, techLeads } = readLeads(r, entry, group);
  const leads = [...new Set([...chairs, ...techLeads])];
  const series = r
    .maps(entry, 'meetings', group)
    .map((m) => readMeeting(r, m, group, options))
    .filter((s): s is SeriesSpec => s !== null);
  if (r.problems.length > before) return { slug: dirText, spec: null };
  return {
    slug: dirText,
    spec: { kind, slug: dirText, name, description, label: label || null, leads, chairs, techLeads, series },
  };
}

function readLeads(r: Reader, entry: YAMLMap, group: string): { chairs: string[]; techLeads: string[] } {
  const leadership = entry.get('leadership', true);
  const none = { chairs: [], techLeads: [] };
  if (leadership === undefined || leadership === null) return none;
  if (!isMap(leadership)) {
    r.add(leadership, group, 'sigs.error.notMap', { field: 'leadership' });
    return none;
  }
  const handles = (field: string) => {
    const found: string[] = [];
    for (const person of r.maps(leadership, field, group)) {
      const handle = r.required(person, 'github', group).replace(/^@/u, '').toLowerCase();
      if (handle === '') continue;
      if (!GITHUB.test(handle))
        r.add(person.get('github', true), group, 'sigs.error.badHandle', { value: handle });
      else if (!found.includes(handle)) found.push(handle);
    }
    return found;
  };
  return { chairs: handles('chairs'), techLeads: handles('tech_leads') };
}

/**
 * A text that is no attempt at a link: "TBD", "N/A", "none", "coming soon". Anything else with a
 * scheme, a slash or a dot was meant as one and is checked as one.
 */
const PLACEHOLDER = /^(?:[\p{L}\p{N}\s?!_-]{1,40}|n\/a)$/iu;

function readUrl(r: Reader, meeting: YAMLMap, field: string, group: string): string | null {
  const text = r.text(meeting, field, group);
  if (text === '') return null;
  if (PLACEHOLDER.test(text)) {
    r.notes.push({
      line: r.lineOf(meeting.get(field, true)),
      group,
      key: 'sigs.note.placeholder',
      params: { field, value: text },
    });
    return null;
  }
  const url = normalizeWebUrl(text);
  // The join link goes to strangers' calendars: https only, as for every series.
  if (!url || (field === 'url' && !url.startsWith('https://'))) {
    r.add(meeting.get(field, true), group, field === 'url' ? 'sigs.error.httpsOnly' : 'sigs.error.badUrl', {
      field,
      value: text,
    });
    return null;
  }
  return url;
}

function readMeeting(r: Reader, meeting: YAMLMap, group: string, options: SigsOptions): SeriesSpec | null {
  const before = r.problems.length;
  const title = r.required(meeting, 'description', group);
  if (title.length > LIMITS.name)
    r.add(meeting.get('description', true), group, 'sigs.error.tooLong', {
      field: 'description',
      max: LIMITS.name,
    });
  const read = <T>(name: string, reader: (text: string) => Read<T>): T | null => {
    const t = r.required(meeting, name, group);
    return t === '' ? null : r.read(meeting.get(name, true), group, reader(t));
  };
  const day = read('day', readDay);
  const startTime = read('time', readTime);
  const timeZone = read('tz', readZone);
  const frequency = read('frequency', readFrequency);
  const joinUrl = readUrl(r, meeting, 'url', group);
  const notesUrl = readUrl(r, meeting, 'archive_url', group);
  const recordingsUrl = readUrl(r, meeting, 'recordings_url', group);
  if (!day || !frequency) return null;
  // Put together even when the time or zone is wrong: every problem of the file is told at once.
  const words: MeetingWords = { day, frequency, description: title };
  const combined = combineMeeting(words, options);
  if ('problem' in combined) {
    const node = meeting.get('frequency', true);
    r.add(node, group, combined.problem.key, { ...combined.problem.params, title });
    return null;
  }
  if (!startTime || !timeZone || r.problems.length > before) return null;
  const { weekRule, startDate, dated } = combined.value;
  return {
    title,
    schedule: {
      weekday: day.weekday,
      startTime,
      durationMinutes: MEETING_MINUTES,
      timeZone,
      weekRule,
      startDate,
      endDate: null,
    },
    dated,
    joinUrl,
    notesUrl,
    recordingsUrl,
  };
}

import { type FieldProblem, ValidationError } from './errors.js';
import type { Schedule } from './schedule.js';
import { textField } from './text.js';
import { normalizeWebUrl } from './web-url.js';

/** A recurring public meeting: when it meets, where to join, and what a newcomer should know. */
export interface Series {
  id: string;
  slug: string;
  title: string;
  /** Markdown: why the meeting exists. */
  purpose: string;
  schedule: Schedule;
  /** E.g. "Microsoft Teams". */
  platform: string;
  /** https only. */
  joinUrl: string | null;
  /** Where notes and agendas are kept, e.g. a shared document (http or https). */
  notesUrl: string | null;
  /** Where the recordings are (http or https). */
  recordingsUrl: string | null;
  /** Free text, e.g. "English or German, depending on attendees". */
  languages: string;
  recorded: boolean;
  /** Whether followers and invitation subscribers are reminded 24 hours before, with the agenda. */
  remind24h: boolean;
  /** … and 15 minutes before a meeting starts. */
  remind15m: boolean;
  /** Markdown: how to get an invitation besides asking Plenum for one. */
  invitationInfo: string;
  /** Markdown: e.g. "anyone can contribute without attending". */
  contributeNote: string;
  /** RFC 5545 SEQUENCE of the series' calendar objects; raised by every change that moves times. */
  sequence: number;
  version: number;
  createdAt: string;
  updatedAt: string;
  /** The group whose meetings these are (its id), or null. */
  groupId: string | null;
}

export type SeriesText = Pick<
  Series,
  | 'title'
  | 'purpose'
  | 'platform'
  | 'joinUrl'
  | 'notesUrl'
  | 'recordingsUrl'
  | 'languages'
  | 'recorded'
  | 'remind24h'
  | 'remind15m'
  | 'invitationInfo'
  | 'contributeNote'
>;

export const SERIES_LIMITS = { title: 200, text: 10_000, line: 200, url: 2048 } as const;

/** The descriptive part of a series, checked; the schedule is checked by validateSchedule. */
export function validateSeriesText(input: Record<string, unknown>): SeriesText {
  const problems: FieldProblem[] = [];
  const title = textField(input.title, 'title', SERIES_LIMITS.title, problems, {
    required: true,
    line: true,
  });
  const purpose = textField(input.purpose, 'purpose', SERIES_LIMITS.text, problems);
  const platform = textField(input.platform, 'platform', SERIES_LIMITS.line, problems, { line: true });
  const joinText = textField(input.joinUrl, 'joinUrl', SERIES_LIMITS.url, problems, { line: true });
  // A join link goes to strangers' calendars and mailboxes: it must be https.
  const joinUrl = joinText === '' ? null : normalizeWebUrl(joinText);
  if (joinText !== '' && !joinUrl?.startsWith('https://')) {
    problems.push({ field: 'joinUrl', key: 'error.httpsOnly' });
  } else if (joinUrl && joinUrl.length > SERIES_LIMITS.url) {
    problems.push({ field: 'joinUrl', key: 'error.tooLong', params: { max: SERIES_LIMITS.url } });
  }
  const notesUrl = linkField(input.notesUrl, 'notesUrl', problems);
  const recordingsUrl = linkField(input.recordingsUrl, 'recordingsUrl', problems);
  const languages = textField(input.languages, 'languages', SERIES_LIMITS.line, problems, { line: true });
  const recorded = input.recorded === true || input.recorded === 'true' || input.recorded === 'on';
  if (
    input.recorded !== undefined &&
    typeof input.recorded !== 'boolean' &&
    typeof input.recorded !== 'string'
  ) {
    problems.push({ field: 'recorded', key: 'error.badValue' });
  }
  const remind24h = switchField(input.remind24h, 'remind24h', problems);
  const remind15m = switchField(input.remind15m, 'remind15m', problems);
  const invitationInfo = textField(input.invitationInfo, 'invitationInfo', SERIES_LIMITS.text, problems);
  const contributeNote = textField(input.contributeNote, 'contributeNote', SERIES_LIMITS.text, problems);
  if (problems.length > 0) throw new ValidationError(problems);
  return {
    title,
    purpose,
    platform,
    // Stored as the URL standard spells it, which is what calendars and exports then carry.
    joinUrl,
    notesUrl,
    recordingsUrl,
    languages,
    recorded,
    remind24h,
    remind15m,
    invitationInfo,
    contributeNote,
  };
}

/** A link people open in their browser (not their calendar): http or https, as a join link is checked. */
function linkField(value: unknown, field: string, problems: FieldProblem[]): string | null {
  const text = textField(value, field, SERIES_LIMITS.url, problems, { line: true });
  if (text === '') return null;
  const url = normalizeWebUrl(text);
  if (!url) problems.push({ field, key: 'error.badUrl', params: { url: text } });
  else if (url.length > SERIES_LIMITS.url)
    problems.push({ field, key: 'error.tooLong', params: { max: SERIES_LIMITS.url } });
  return url;
}

/** A switch that is on unless turned off: reminders are sent unless a series says otherwise. */
function switchField(value: unknown, field: string, problems: FieldProblem[]): boolean {
  if (value === undefined || value === true || value === 'true' || value === 'on') return true;
  if (value === false || value === 'false') return false;
  problems.push({ field, key: 'error.badValue' });
  return true;
}

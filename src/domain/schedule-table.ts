import { Temporal } from 'temporal-polyfill';
import { isoWeek, weeksBetween } from './iso-week.js';
import type { ScheduleNote } from './planning-page-schedule.js';
import { dateIn, timeSpanIn, weekdayOfCell, zoneIn } from './schedule-words.js';

/**
 * A Markdown table of dated meetings (weekday, date, start–end), read into the schedule its
 * dates imply: the weekday, the ISO weeks' parity, the weeks between consecutive rows. Where the
 * rows disagree it says so in notes and leaves that part unsaid, to be asked.
 */
export interface TableSchedule {
  /** The dated rows, in date order. */
  dates: string[];
  weekday?: number;
  /** The parity of the ISO weeks of every row, when they all share one. */
  parity?: 'odd' | 'even';
  /** Weeks between consecutive rows, when every pair agrees. */
  gap?: number;
  startTime?: string;
  durationMinutes?: number;
  timeZone?: string;
  notes: ScheduleNote[];
}

interface Row {
  /** 1-based row of the table's body, as the reader counts it. */
  row: number;
  date: Temporal.PlainDate;
  written: number | null;
  span: { startTime: string; durationMinutes?: number } | null;
}

/** At most this many rows are compared: a planning page lists a season, not a century. */
export const MAX_TABLE_ROWS = 500;

function readRows(body: readonly (readonly string[])[]): Row[] {
  const rows: Row[] = [];
  for (const [i, cells] of body.slice(0, MAX_TABLE_ROWS).entries()) {
    let date: Temporal.PlainDate | null = null;
    let written: number | null = null;
    let span: Row['span'] = null;
    for (const cell of cells) {
      const text = cell.slice(0, 200);
      const dateHere: Temporal.PlainDate | null = date ? null : dateIn(text);
      date ??= dateHere;
      written ??= weekdayOfCell(text.replace(/\d.*$/su, ''));
      if (!dateHere) span ??= timeSpanIn(text);
    }
    if (date) rows.push({ row: i + 1, date, written, span });
  }
  return rows.sort((a, b) => Temporal.PlainDate.compare(a.date, b.date) || a.row - b.row);
}

/** The weekday all rows' dates fall on, and a note for each row whose written weekday disagrees. */
function readWeekday(rows: readonly Row[], notes: ScheduleNote[]): number | undefined {
  const days = new Set(rows.map((r) => r.date.dayOfWeek));
  for (const r of rows) {
    if (r.written !== null && r.written !== r.date.dayOfWeek)
      notes.push({
        key: 'schedule.note.rowWeekday',
        params: { row: r.row, date: r.date.toString(), written: r.written, actual: r.date.dayOfWeek },
      });
  }
  if (days.size > 1) notes.push({ key: 'schedule.note.rowsWeekdays' });
  const mismatch = notes.some((n) => n.key === 'schedule.note.rowWeekday');
  return days.size === 1 && !mismatch ? rows[0]?.date.dayOfWeek : undefined;
}

/** The weeks between consecutive rows, when all agree; a note naming the first pair that does not. */
function readGap(rows: readonly Row[], notes: ScheduleNote[]): number | undefined {
  let gap: number | undefined;
  for (let i = 1; i < rows.length; i++) {
    const a = rows[i - 1] as Row;
    const b = rows[i] as Row;
    const weeks = weeksBetween(a.date, b.date);
    if (weeks === 0) continue;
    if (gap === undefined) gap = weeks;
    else if (weeks !== gap) {
      notes.push({
        key: 'schedule.note.rowsApart',
        params: { first: a.row, second: b.row, weeks, usual: gap },
      });
      return undefined;
    }
  }
  return gap;
}

/** What a table's dated rows say, or null when no row holds a date. `rows[0]` is the header. */
export function readDatedTable(rows: readonly (readonly string[])[]): TableSchedule | null {
  const [header = [], ...body] = rows;
  const dated = readRows(body);
  if (dated.length === 0) return null;
  const notes: ScheduleNote[] = [];
  const found: TableSchedule = { dates: dated.map((r) => r.date.toString()), notes };
  const weekday = readWeekday(dated, notes);
  if (weekday !== undefined) found.weekday = weekday;
  const parities = new Set(dated.map((r) => (isoWeek(r.date).week % 2 === 1 ? 'odd' : 'even')));
  if (parities.size === 1) found.parity = [...parities][0] as 'odd' | 'even';
  const gap = readGap(dated, notes);
  if (gap !== undefined) {
    found.gap = gap;
    // Two weeks apart across a year of 53 weeks: the parity changes, the rhythm does not.
    if (gap === 2 && parities.size > 1) notes.push({ key: 'schedule.note.rowsParity' });
  }
  const spans = new Set(dated.flatMap((r) => (r.span ? [JSON.stringify(r.span)] : [])));
  if (spans.size === 1) Object.assign(found, JSON.parse([...spans][0] as string));
  else if (spans.size > 1) notes.push({ key: 'schedule.note.rowsTimes' });
  const zone = zoneIn([...header, ...body.slice(0, MAX_TABLE_ROWS).flat()].join(' \n ').slice(0, 100_000));
  if (zone.zone) found.timeZone = zone.zone;
  else if (zone.ambiguous)
    notes.push({ key: 'schedule.note.ambiguousZone', params: { name: zone.ambiguous } });
  return found;
}

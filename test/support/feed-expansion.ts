import ICAL from 'ical.js';
import { RRuleTemporal } from 'rrule-temporal';
import { Temporal } from 'temporal-polyfill';
import { expect } from 'vitest';
import type { Encoding, FeedOptions } from '../../src/domain/ical-feed.js';
import { type Occurrence, type OccurrenceChange, occurrencesBetween } from '../../src/domain/recurrence.js';
import type { Schedule } from '../../src/domain/schedule.js';
import type { Series } from '../../src/domain/series.js';

/**
 * Two independent expanders of Plenum's iCalendar feeds and a small reader of the feed text:
 * what ical.js and rrule-temporal make of a feed must be exactly what Plenum computes itself.
 * Both read the VTIMEZONE and TZIDs of the feed text, never Plenum's objects. Instances are
 * compared as text lines, "start end status", both instants in UTC.
 */

export const TEXTS = {
  description:
    'Wir planen gemeinsam die nächsten Schritte – jede und jeder ist willkommen, auch ohne Vorwissen. ' +
    'We plan the next steps together; everyone is welcome. 会議は英語とドイツ語で行います 🗓️',
  cancelled: 'Abgesagt',
};

export function seriesOf(schedule: Schedule, id = '0190f3a1-7c2e-7b1d-9a4e-5f6a7b8c9d0e'): Series {
  return {
    id,
    slug: 'planning',
    title: 'Plenum – öffentliches Planungstreffen',
    purpose: 'Plan the next release.',
    schedule,
    platform: 'Jitsi Meet',
    joinUrl: 'https://meet.example.org/plenum-planning-meeting',
    notesUrl: null,
    recordingsUrl: null,
    languages: 'English, Deutsch',
    recorded: false,
    remind24h: true,
    remind15m: true,
    invitationInfo: '',
    contributeNote: '',
    sequence: 3,
    version: 4,
    createdAt: '2019-11-01T10:00:00.000Z',
    updatedAt: '2019-11-02T11:12:13.456Z',
    groupId: null,
  };
}

export function feedOptions(encoding: Encoding, horizon: Temporal.PlainDate): FeedOptions {
  return {
    encoding,
    uidHost: 'plenum.example.org',
    pageUrl: 'https://plenum.example.org/series/planning',
    horizon,
    method: 'PUBLISH',
    texts: TEXTS,
  };
}
// ---------------------------------------------------------------------------------------------
// Instances, compared as text: "start end status", both instants in UTC.

/** Epoch milliseconds as `2026-12-28T13:00:00Z` (Date is much faster here than the polyfill). */
export function utc(ms: number): string {
  return new Date(ms).toISOString().replace('.000Z', 'Z');
}

export function instanceLine(startMs: number, endMs: number, cancelled: boolean): string {
  return `${utc(startMs)} ${utc(endMs)} ${cancelled ? 'cancelled' : 'live'}`;
}

export function linesOf(occurrences: readonly Occurrence[]): string[] {
  return occurrences
    .map((o) => instanceLine(o.start.epochMilliseconds, o.end.epochMilliseconds, o.status === 'cancelled'))
    .sort();
}

// ---------------------------------------------------------------------------------------------
/** The span of time a comparison looks at: instances starting in [from, to). */
export interface Window {
  from: Temporal.Instant;
  to: Temporal.Instant;
}

export function windowTest(window: Window): (startMs: number) => boolean {
  const [from, to] = [window.from.epochMilliseconds, window.to.epochMilliseconds];
  return (startMs) => startMs >= from && startMs < to;
}

/** Plenum's own instances in the window, as lines. */
export function plenumInstances(
  schedule: Schedule,
  changes: readonly OccurrenceChange[],
  window: Window,
): string[] {
  return linesOf(occurrencesBetween(schedule, changes, window.from, window.to));
}

// ---------------------------------------------------------------------------------------------
// A small reader of the feed text, independent of ical.js: unfolds, splits properties and
// parameters, and nests components.

export interface Prop {
  name: string;
  params: Map<string, string>;
  value: string;
}

export interface Block {
  name: string;
  props: Prop[];
  children: Block[];
}

export function splitOutsideQuotes(
  text: string,
  separator: string,
  limit = Number.POSITIVE_INFINITY,
): string[] {
  const parts: string[] = [];
  let quoted = false;
  let current = '';
  for (const ch of text) {
    if (ch === '"') quoted = !quoted;
    if (ch === separator && !quoted && parts.length < limit - 1) {
      parts.push(current);
      current = '';
    } else current += ch;
  }
  parts.push(current);
  return parts;
}

export function parseProp(line: string): Prop {
  const [head = '', value = ''] = splitOutsideQuotes(line, ':', 2);
  const [name = '', ...rawParams] = splitOutsideQuotes(head, ';');
  const params = new Map<string, string>();
  for (const p of rawParams) {
    const at = p.indexOf('=');
    params.set(p.slice(0, at).toUpperCase(), p.slice(at + 1).replace(/^"(.*)"$/u, '$1'));
  }
  return { name: name.toUpperCase(), params, value };
}

export function unfold(text: string): string[] {
  const logical: string[] = [];
  for (const line of text.split('\r\n')) {
    if (line.startsWith(' ') || line.startsWith('\t')) logical[logical.length - 1] += line.slice(1);
    else if (line !== '') logical.push(line);
  }
  return logical;
}

export function parseFeed(text: string): Block {
  const root: Block = { name: '', props: [], children: [] };
  const stack = [root];
  for (const line of unfold(text)) {
    const prop = parseProp(line);
    const top = stack.at(-1) as Block;
    if (prop.name === 'BEGIN') {
      const block: Block = { name: prop.value.toUpperCase(), props: [], children: [] };
      top.children.push(block);
      stack.push(block);
    } else if (prop.name === 'END') {
      expect(top.name).toBe(prop.value.toUpperCase());
      stack.pop();
    } else top.props.push(prop);
  }
  expect(stack).toHaveLength(1);
  expect(root.children.map((c) => c.name)).toEqual(['VCALENDAR']);
  return root.children[0] as Block;
}

export const prop = (block: Block, name: string) => block.props.find((p) => p.name === name);
export const value = (block: Block, name: string) => prop(block, name)?.value;

export function localDateTime(text: string): Temporal.PlainDateTime {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})$/u.exec(text);
  if (!m) throw new Error(`not a local DATE-TIME: ${text}`);
  const [, year, month, day, hour, minute, second] = m.map(Number);
  return new Temporal.PlainDateTime(
    year as number,
    month as number,
    day as number,
    hour as number,
    minute as number,
    second as number,
  );
}

/** A TZID-local DATE-TIME, read by RFC 5545 §3.3.5 (nonexistent: later; repeated: first). */
export function zonedOf(p: Prop): Temporal.ZonedDateTime {
  const tzid = p.params.get('TZID');
  if (!tzid) throw new Error(`${p.name} without TZID: ${p.value}`);
  return localDateTime(p.value).toZonedDateTime(tzid, { disambiguation: 'compatible' });
}

export function endOf(event: Block, start: Temporal.ZonedDateTime): Temporal.ZonedDateTime {
  const dtend = prop(event, 'DTEND');
  if (dtend) return zonedOf(dtend);
  return start.add(Temporal.Duration.from(value(event, 'DURATION') ?? 'PT0S'));
}

export interface EventGroup {
  master: Block;
  overrides: Block[];
}

export function groupsOf(cal: Block): EventGroup[] {
  const byUid = new Map<string, { master?: Block; overrides: Block[] }>();
  for (const event of cal.children.filter((c) => c.name === 'VEVENT')) {
    const uid = value(event, 'UID') ?? '';
    const group = byUid.get(uid) ?? { overrides: [] };
    if (prop(event, 'RECURRENCE-ID')) group.overrides.push(event);
    else {
      expect(group.master, `one master per UID ${uid}`).toBeUndefined();
      group.master = event;
    }
    byUid.set(uid, group);
  }
  return [...byUid.values()].map((g) => {
    if (!g.master) throw new Error('override without master');
    return { master: g.master, overrides: g.overrides };
  });
}

// ---------------------------------------------------------------------------------------------
// The two expanders.

export function icalInstant(t: ICAL.Time): Temporal.Instant {
  return Temporal.Instant.fromEpochMilliseconds(t.toUnixTime() * 1000);
}

export const icalMs = (t: ICAL.Time) => t.toUnixTime() * 1000;

/** Every instance ical.js finds in the feed, overrides applied; every override must be used. */
export function expandWithIcalJs(text: string, window: Window): string[] {
  const inWindow = windowTest(window);
  const cal = new ICAL.Component(ICAL.parse(text));
  const events = cal.getAllSubcomponents('vevent');
  const masters = events.filter((e) => !e.hasProperty('recurrence-id'));
  const tzid = cal.getFirstSubcomponent('vtimezone')?.getFirstPropertyValue('tzid');
  const found: string[] = [];
  let overrides = 0;
  let usedOverrides = 0;
  for (const master of masters) {
    const uid = master.getFirstPropertyValue('uid');
    const exceptions = events.filter(
      (e) => e.hasProperty('recurrence-id') && e.getFirstPropertyValue('uid') === uid,
    );
    overrides += exceptions.length;
    const event = new ICAL.Event(master, { exceptions, strictExceptions: true });
    // The series' own zone from the feed's VTIMEZONE, never floating time.
    expect(event.startDate.zone?.tzid).toBe(tzid);
    const iterator = event.iterator();
    for (let next = iterator.next(), guard = 0; next && guard < 5000; next = iterator.next(), guard++) {
      const details = event.getOccurrenceDetails(next);
      if (details.item !== event) usedOverrides += 1;
      const start = icalMs(details.startDate);
      if (!inWindow(start)) continue;
      const cancelled = details.item.component.getFirstPropertyValue('status') === 'CANCELLED';
      found.push(instanceLine(start, icalMs(details.endDate), cancelled));
    }
  }
  expect(usedOverrides, 'every RECURRENCE-ID matches an instance (ical.js)').toBe(overrides);
  return found.sort();
}

/** Every instance rrule-temporal finds: RRULE text and DTSTART straight from the feed. */
export function expandWithRRuleTemporal(text: string, window: Window): string[] {
  const inWindow = windowTest(window);
  const cal = parseFeed(text);
  const found: string[] = [];
  const searchFrom = new Date(window.from.subtract({ hours: 24 * 400 }).epochMilliseconds);
  const searchTo = new Date(window.to.add({ hours: 24 * 400 }).epochMilliseconds);
  for (const { master, overrides } of groupsOf(cal)) {
    const dtstartProp = prop(master, 'DTSTART') as Prop;
    const dtstart = zonedOf(dtstartProp);
    const duration = endOf(master, dtstart).since(dtstart);
    const rrule = value(master, 'RRULE');
    const starts = rrule
      ? new RRuleTemporal({ rruleString: rrule, dtstart, strict: true, temporal: Temporal }).between(
          searchFrom,
          searchTo,
          true,
        )
      : [dtstart];
    const byRecurrenceId = new Map(
      overrides.map((o) => [zonedOf(prop(o, 'RECURRENCE-ID') as Prop).epochNanoseconds.toString(), o]),
    );
    let used = 0;
    for (const start of starts) {
      const override = byRecurrenceId.get(start.epochNanoseconds.toString());
      const item = override ?? master;
      const itemStart = override ? zonedOf(prop(override, 'DTSTART') as Prop) : start;
      const itemEnd = override ? endOf(override, itemStart) : start.add(duration);
      if (override) used += 1;
      if (!inWindow(itemStart.epochMilliseconds)) continue;
      found.push(
        instanceLine(
          itemStart.epochMilliseconds,
          itemEnd.epochMilliseconds,
          value(item, 'STATUS') === 'CANCELLED',
        ),
      );
    }
    expect(used, 'every RECURRENCE-ID matches an instance (rrule-temporal)').toBe(overrides.length);
  }
  return found.sort();
}

// ---------------------------------------------------------------------------------------------
// Checks of the text itself.

export function octets(s: string): number {
  return new TextEncoder().encode(s).length;
}

/** Every rule of the text the brief and RFC 5545 ask for, as a list of violations. */
export function textProblems(text: string, zone: string, cal = parseFeed(text)): string[] {
  const problems: string[] = [];
  if (!text.endsWith('\r\n')) problems.push('last line without CRLF');
  if (/[^\r]\n|\r[^\n]/u.test(text)) problems.push('a line break that is not CRLF');
  for (const line of text.split('\r\n')) {
    if (octets(line) > 75) problems.push(`line of ${octets(line)} octets: ${line}`);
  }
  for (const event of cal.children.filter((c) => c.name === 'VEVENT')) {
    for (const p of event.props) {
      if (['DTSTART', 'DTEND', 'RECURRENCE-ID'].includes(p.name)) {
        if (p.params.get('TZID') !== zone) problems.push(`${p.name} without TZID=${zone}: ${p.value}`);
        if (!/^\d{8}T\d{6}$/u.test(p.value)) problems.push(`${p.name} not a local DATE-TIME: ${p.value}`);
      }
      if (p.name === 'DTSTAMP' && !/^\d{8}T\d{6}Z$/u.test(p.value))
        problems.push(`DTSTAMP not UTC: ${p.value}`);
      if (p.name === 'RRULE') {
        const until = /UNTIL=([^;]+)/u.exec(p.value)?.[1];
        if (until !== undefined && !/^\d{8}T\d{6}Z$/u.test(until)) problems.push(`UNTIL not UTC: ${until}`);
      }
    }
    if (!prop(event, 'DTEND') === !prop(event, 'DURATION'))
      problems.push('needs exactly one of DTEND and DURATION');
  }
  return problems;
}

/** Onsets (instants) and offsets of the VTIMEZONE's observances, read from the text. */
export function observances(
  cal: Block,
): { onset: Temporal.Instant; from: number; to: number; local: string }[] {
  const vtimezone = cal.children.find((c) => c.name === 'VTIMEZONE') as Block;
  const seconds = (offset: string) => {
    const m = /^([+-])(\d{2})(\d{2})(\d{2})?$/u.exec(offset);
    if (!m) throw new Error(`bad offset ${offset}`);
    return (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 3600 + Number(m[3]) * 60 + Number(m[4] ?? 0));
  };
  return vtimezone.children
    .map((o) => {
      const local = value(o, 'DTSTART') as string;
      const from = seconds(value(o, 'TZOFFSETFROM') as string);
      const to = seconds(value(o, 'TZOFFSETTO') as string);
      // DTSTART of an observance is local time in the offset before the change.
      const onset = localDateTime(local).toZonedDateTime('UTC').toInstant().subtract({ seconds: from });
      return { onset, from, to, local };
    })
    .sort((a, b) => Temporal.Instant.compare(a.onset, b.onset));
}

/** The VTIMEZONE's offset at each occurrence start and end, next to Temporal's. */
export function offsetMismatches(cal: Block, occurrences: readonly Occurrence[]): string[] {
  const list = observances(cal).map((o) => ({ onset: o.onset.epochMilliseconds, to: o.to }));
  const offsetAt = (ms: number) => {
    let offset: number | null = null;
    for (const o of list) {
      if (o.onset > ms) break;
      offset = o.to;
    }
    return offset;
  };
  const mismatches: string[] = [];
  for (const o of occurrences) {
    for (const z of [o.start, o.end]) {
      const expected = z.offsetNanoseconds / 1e9;
      const got = offsetAt(z.epochMilliseconds);
      if (got !== expected) mismatches.push(`${z.toString()}: VTIMEZONE ${got}, Temporal ${expected}`);
    }
  }
  return mismatches;
}

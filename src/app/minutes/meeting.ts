import { Temporal } from 'temporal-polyfill';
import { NotFoundError, RuleError } from '../../domain/errors.js';
import {
  type MeetingPhase,
  meetingPhase,
  nextPhaseChange,
  type PhaseFacts,
} from '../../domain/meeting-phase.js';
import type { Decision } from '../../domain/minutes.js';
import { type Acting, authorize, can, type Subject } from '../../domain/policy.js';
import { type DecisionRow, type MinutesRow, toDecision, toMinutes } from '../../store/minutes.repository.js';
import type { Repositories } from '../../store/store.js';
import { notifyDecision } from '../decision-notices.js';
import { groupLeadsOf, seriesLeads } from '../group-access.js';
import { ideaByReference } from '../idea-reference.js';
import { loadIdea } from '../idea-steps.js';
import { liveChannel } from '../live-channels.js';
import { emptyPage, type Page, type PageRequest, pageOf } from '../paging.js';
import { loadSeries } from '../series-steps.js';
import { emit } from '../webhook-emit.js';
import type { WriteStep } from '../write.js';

/**
 * What the use-cases of a meeting's record share: the meeting with its minutes row, the policy's
 * subject it makes, who may read which part of it, and the idea a form names.
 */

/**
 * The meeting's minutes row, as the policy's subject: its note-taker may write too, and the leads
 * of its series' group do what maintainers do.
 */
export const ofMeeting = (
  row: { note_taker_id: string | null } | undefined,
  groupLeads: readonly string[] = [],
): Subject => ({
  noteTakerId: row?.note_taker_id ?? null,
  groupLeads,
});

export type Meeting = Awaited<ReturnType<typeof loadSeries>>;

/** A meeting (NotFound when the series does not meet that day) and its minutes row, if any. */
export async function meetingMinutes(
  repos: Repositories,
  slug: string,
  key: string,
): Promise<{ found: Meeting; row: MinutesRow | undefined; leads: string[] }> {
  const found = await loadSeries(repos, slug, key);
  return {
    found,
    row: await repos.minutes.find(found.series.id, found.occurrence.key),
    leads: await groupLeadsOf(repos, found.series.groupId),
  };
}

function phaseFacts(found: Meeting, row: MinutesRow | undefined): PhaseFacts {
  const { start, end } = found.occurrence;
  const minutesStatus = row ? (row.status === 'published' ? 'published' : 'draft') : null;
  return { start, end, startedAt: row?.started_at ?? null, minutesStatus };
}

/** Where the meeting stands at `at` (an ISO instant), from its times and its minutes row. */
export function phaseOf(found: Meeting, row: MinutesRow | undefined, at: string): MeetingPhase {
  return meetingPhase(phaseFacts(found, row), Temporal.Instant.from(at));
}

/** When its phase next changes by the clock alone, after `at` (an ISO instant), if it will. */
export function phaseChangeOf(found: Meeting, row: MinutesRow | undefined, at: string): string | null {
  return nextPhaseChange(phaseFacts(found, row), Temporal.Instant.from(at))?.toString() ?? null;
}

/**
 * Refuses to record anything of a meeting that has not begun: a decision or minutes written
 * days ahead would claim a meeting that has not taken place.
 */
export function mustHaveBegun(found: Meeting, row: MinutesRow | undefined, at: string): void {
  if (phaseOf(found, row, at) === 'before') throw new RuleError('error.meetingNotBegun');
}

/** The meeting's minutes as stored now, inside a write that has just stored them. */
export async function storedMinutes(repos: Repositories, found: Meeting) {
  return toMinutes((await repos.minutes.find(found.series.id, found.occurrence.key)) as MinutesRow);
}

/**
 * Which parts of a meeting's record `actor` may read: all of it once published; before, the
 * notes and action items for maintainers, the note-taker and the leads of the series' group, the
 * decisions for maintainers and those leads.
 */
export function readable(actor: Acting, row: MinutesRow | undefined, groupLeads: readonly string[] = []) {
  const published = row?.status === 'published';
  const writer = can(actor, 'minutes.readDraft', ofMeeting(row, groupLeads));
  return {
    minutes: row !== undefined && (published || writer),
    decisions: published || can(actor, 'decision.readDraft', { groupLeads }),
    actionItems: published || writer,
  };
}

/** A decision `actor` may read: 401/403 while its minutes are a draft they may not read. */
export async function readableDecision(repos: Repositories, actor: Acting, id: string): Promise<DecisionRow> {
  const row = await repos.minutes.findDecision(id);
  if (!row) throw new NotFoundError('decision', id);
  const groupLeads = await seriesLeads(repos, row.series_id);
  if (!readable(actor, await repos.minutes.find(row.series_id, row.occurrence), groupLeads).decisions)
    authorize(actor, 'decision.readDraft', { groupLeads });
  return row;
}

/** Decisions with their objections, in one query for all of them. */
export async function withObjections(
  repos: Repositories,
  rows: DecisionRow[],
  at: string,
): Promise<Decision[]> {
  const objections = await repos.minutes.objections(rows.map((r) => r.id));
  return rows.map((r) => toDecision(r, objections, at));
}

/** One decision as stored now, with its objections. */
export async function storedDecision(repos: Repositories, id: string, at: string): Promise<Decision> {
  return (
    await withObjections(repos, [(await repos.minutes.findDecision(id)) as DecisionRow], at)
  )[0] as Decision;
}

/** The idea a decision or action item names by slug or id; none for an empty reference. */
export async function findIdea(repos: Repositories, ref: unknown) {
  const row = await ideaByReference(repos, ref);
  return row ? loadIdea(repos, row.id) : null;
}

/** Ends a write to a meeting's notes: the audit entry on its series, the live page told, the notes as stored. */
export async function recorded(step: WriteStep, found: Meeting, action: string, summary: string) {
  await step.audit(action, { type: 'series', id: found.series.id }, summary);
  await step.announce(liveChannel.agenda(found.series.id, found.occurrence.key));
  return storedMinutes(step.repos, found);
}

/**
 * The use-case reading one part of a meeting's record (decisions, action items) a page at a
 * time: an empty page for a reader who may not read it yet.
 */
export function meetingPage<R extends { id: string }, T>(
  repos: Repositories,
  part: 'decisions' | 'actionItems',
  rows: (seriesId: string, occurrence: string, after: string | null, limit: number) => Promise<R[]>,
  present: (rows: R[]) => T[] | Promise<T[]>,
) {
  return async (actor: Acting, slug: string, key: string, page: PageRequest): Promise<Page<T>> => {
    const { found, row, leads } = await meetingMinutes(repos, slug, key);
    if (!readable(actor, row, leads)[part]) return emptyPage<T>();
    return pageOf(page, (after, limit) => rows(found.series.id, found.occurrence.key, after, limit), present);
  };
}

/** Tells webhooks and the series' followers of a decision readers can see: proposed with a window, final, objected to. */
export async function emitDecision(
  repos: Repositories,
  type: 'decision.proposed' | 'decision.final' | 'decision.objected',
  row: DecisionRow,
  at: string,
  extra: { objectionDeadline?: string; objection?: string } = {},
): Promise<void> {
  const data = {
    id: row.id,
    text: row.text,
    date: row.occurrence,
    ideaId: row.idea_id,
    toStatus: row.to_status,
    ...extra,
  };
  await emit(repos, at, { type, path: `decisions/${row.id}/comments`, data });
  await notifyDecision(repos, type, row, at, extra);
}

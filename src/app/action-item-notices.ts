import type { Actor } from '../domain/roles.js';
import type { ActionItemRow } from '../store/minutes.repository.js';
import type { Repositories } from '../store/store.js';
import { groupLeadsOf } from './group-access.js';
import { readable } from './minutes/meeting.js';
import { type Audience, actorOf, followersOf, notifyStep } from './notify.js';

/**
 * Tells the member an action item is assigned to, when its assignee names one account in use
 * (the assignee is free text, as `followAsAssignee` reads it), and when they may read the
 * meeting's action items (published minutes, or the note-taker's draft).
 */
export async function notifyAssigned(
  repos: Repositories,
  at: string,
  actor: Actor,
  row: ActionItemRow,
): Promise<void> {
  const ids = await repos.people.idsNamed(row.assignee);
  if (ids.length !== 1) return;
  const series = await repos.series.findById(row.series_id);
  if (!series) return;
  const minutes = await repos.minutes.find(row.series_id, row.occurrence);
  const leads = await groupLeadsOf(repos, series.group_id);
  await notifyStep(repos, at, {
    eventKey: `action-assigned:${row.id}:${at}`,
    actor: actorOf(actor),
    thread: { type: 'meeting', id: `${series.id}:${row.occurrence}`, title: series.title },
    path: `/meetings/${series.slug}/${row.occurrence}`,
    data: { text: row.text, dueDate: row.due_date, date: row.occurrence },
    audiences: [{ kind: 'action_item.assigned', userIds: ids, follow: null }],
    mayRead: (reader) => readable(reader, minutes, leads).actionItems,
  });
}

/**
 * Tells of an action item ticked off. A team expects to hear that a promise made in its meeting
 * was kept where it heard of the meeting: the followers of the series. The assignee hears of it
 * too (often a maintainer ticks it off for them), and the followers of the idea it is linked to,
 * as they wait for that work. Who first assigned it is not kept, so it is not among them.
 */
export async function notifyActionDone(
  repos: Repositories,
  at: string,
  actor: Actor,
  row: ActionItemRow,
): Promise<void> {
  const series = await repos.series.findById(row.series_id);
  if (!series) return;
  const assignees = await repos.people.idsNamed(row.assignee);
  const minutes = await repos.minutes.find(row.series_id, row.occurrence);
  const leads = await groupLeadsOf(repos, series.group_id);
  const audiences: Audience[] = [
    { kind: 'action_item.done', userIds: assignees.length === 1 ? assignees : [], follow: null },
    ...(await followersOf(repos, 'action_item.done', { kind: 'series', id: series.id })),
  ];
  if (row.idea_id)
    audiences.push(...(await followersOf(repos, 'action_item.done', { kind: 'idea', id: row.idea_id })));
  await notifyStep(repos, at, {
    eventKey: `action-done:${row.id}:${at}`,
    actor: actorOf(actor),
    thread: { type: 'meeting', id: `${series.id}:${row.occurrence}`, title: series.title },
    path: `/meetings/${series.slug}/${row.occurrence}`,
    data: { text: row.text, date: row.occurrence },
    audiences,
    mayRead: (reader) => readable(reader, minutes, leads).actionItems,
  });
}

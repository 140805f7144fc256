import type { Actor } from '../domain/roles.js';
import type { ActionItemRow } from '../store/minutes.repository.js';
import type { Repositories } from '../store/store.js';
import { readable } from './minutes/meeting.js';
import { actorOf, notifyStep } from './notify.js';

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
  await notifyStep(repos, at, {
    eventKey: `action-assigned:${row.id}:${at}`,
    actor: actorOf(actor),
    thread: { type: 'meeting', id: `${series.id}:${row.occurrence}`, title: series.title },
    path: `/meetings/${series.slug}/${row.occurrence}`,
    data: { text: row.text, dueDate: row.due_date, date: row.occurrence },
    audiences: [{ kind: 'action_item.assigned', userIds: ids, follow: null }],
    mayRead: (reader) => readable(reader, minutes).actionItems,
  });
}

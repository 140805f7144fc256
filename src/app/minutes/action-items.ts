import { NotFoundError } from '../../domain/errors.js';
import { type ActionItem, validateActionItem } from '../../domain/minutes.js';
import { authorize, authorizeAttempt } from '../../domain/policy.js';
import type { Actor } from '../../domain/roles.js';
import { newId } from '../../store/ids.js';
import { type ActionItemRow, toActionItem } from '../../store/minutes.repository.js';
import type { Repositories } from '../../store/store.js';
import { notifyActionDone, notifyAssigned } from '../action-item-notices.js';
import type { AppDeps } from '../context.js';
import { followAsAssignee } from '../follows.js';
import { seriesLeads } from '../group-access.js';
import { liveChannel } from '../live-channels.js';
import { emit } from '../webhook-emit.js';
import { checkVersion, writer } from '../write.js';
import { findIdea, meetingMinutes, meetingPage, mustHaveBegun, ofMeeting, readable } from './meeting.js';

/** A change to an action item: its text, assignee and due date (`null` clears it), or whether it is done. */
export interface ActionItemChange {
  text?: unknown;
  assignee?: unknown;
  dueDate?: unknown;
  done?: boolean | undefined;
}

/** Tells webhooks that an action item was assigned to someone (and the inbox of the assignee), or ticked off. */
async function emitActionItem(
  repos: Repositories,
  type: 'action_item.assigned' | 'action_item.done',
  row: ActionItemRow,
  at: string,
  actor: Actor,
): Promise<void> {
  if (type === 'action_item.assigned') await notifyAssigned(repos, at, actor, row);
  else await notifyActionDone(repos, at, actor, row);
  const series = await repos.series.findById(row.series_id);
  const data = {
    id: row.id,
    text: row.text,
    assignee: row.assignee,
    dueDate: row.due_date,
    date: row.occurrence,
  };
  await emit(repos, at, { type, path: `meetings/${series?.slug ?? ''}/${row.occurrence}`, data });
}

/**
 * Changes an action item as read at `version`. Its text, assignee and due date are the
 * writers' (the note-taker too); ticking it off stays with the maintainers.
 */
async function changeActionItem(
  write: ReturnType<typeof writer>,
  actor: Actor,
  id: string,
  version: number,
  change: ActionItemChange,
): Promise<ActionItem> {
  const edits = change.text !== undefined || change.assignee !== undefined || change.dueDate !== undefined;
  if (edits) authorizeAttempt(actor, 'action.write');
  if (change.done !== undefined) authorizeAttempt(actor, 'action.setDone');
  return write(actor, async ({ repos, at, audit, announce }) => {
    const row = await repos.minutes.findActionItem(id);
    if (!row) throw new NotFoundError('action item', id);
    const groupLeads = await seriesLeads(repos, row.series_id);
    if (change.done !== undefined) authorize(actor, 'action.setDone', { groupLeads });
    const values = edits ? validateActionItem(merged(row, change)) : null;
    if (values)
      authorize(
        actor,
        'action.write',
        ofMeeting(await repos.minutes.find(row.series_id, row.occurrence), groupLeads),
      );
    const done = change.done === undefined ? row.done : change.done ? 1 : 0;
    await checkVersion(toActionItem(row), version, () =>
      repos.minutes.updateActionItem(id, version, {
        ...(values ? { text: values.text, assignee: values.assignee, due_date: values.dueDate } : {}),
        done,
        updated_at: at,
      }),
    );
    if (values && values.assignee !== row.assignee)
      await followAsAssignee(repos, values.assignee, row.idea_id, at);
    if (values) await audit('action.edit', { type: 'action_item', id }, values.text);
    else await audit('action.done', { type: 'action_item', id }, done ? 'done' : 'open');
    await announce(liveChannel.agenda(row.series_id, row.occurrence));
    const stored = (await repos.minutes.findActionItem(id)) as ActionItemRow;
    if (values?.assignee && values.assignee !== row.assignee)
      await emitActionItem(repos, 'action_item.assigned', stored, at, actor);
    if (done && !row.done) await emitActionItem(repos, 'action_item.done', stored, at, actor);
    return toActionItem(stored);
  });
}

/** One action item or a meeting's, for whoever may read its meeting's action items. */
function actionItemReads(deps: AppDeps) {
  const { store } = deps;
  return {
    /** One action item, for whoever may read its meeting's action items. */
    async actionItem(actor: Actor, id: string): Promise<ActionItem> {
      const row = await store.read.minutes.findActionItem(id);
      if (!row) throw new NotFoundError('action item', id);
      const minutes = await store.read.minutes.find(row.series_id, row.occurrence);
      const leads = await seriesLeads(store.read, row.series_id);
      if (!readable(actor, minutes, leads).actionItems)
        authorize(actor, 'minutes.readDraft', ofMeeting(minutes, leads));
      return toActionItem(row);
    },

    /** A meeting's action items a page at a time; none before publication for readers of drafts only. */
    actionItemPage: meetingPage(store.read, 'actionItems', store.read.minutes.actionItemPage, (rows) =>
      rows.map(toActionItem),
    ),
  };
}

/** Action items: written by maintainers and the meeting's note-taker, ticked off by maintainers. */
export function actionItemUseCases(deps: AppDeps) {
  const write = writer(deps);

  return {
    async addActionItem(
      actor: Actor,
      slug: string,
      key: string,
      input: Record<string, unknown>,
    ): Promise<ActionItem> {
      authorizeAttempt(actor, 'action.write');
      return write(actor, async ({ repos, at, audit, announce }) => {
        const { found, row: minutes, leads } = await meetingMinutes(repos, slug, key);
        authorize(actor, 'action.write', ofMeeting(minutes, leads));
        const values = validateActionItem(input);
        mustHaveBegun(found, minutes, at);
        const idea = await findIdea(repos, input.idea);
        const row: ActionItemRow = {
          id: newId(),
          series_id: found.series.id,
          occurrence: found.occurrence.key,
          text: values.text,
          assignee: values.assignee,
          due_date: values.dueDate,
          idea_id: idea?.id ?? null,
          done: 0,
          created_at: at,
          updated_at: at,
          version: 1,
        };
        await repos.minutes.insertActionItem(row);
        await followAsAssignee(repos, row.assignee, row.idea_id, at);
        await audit('action.create', { type: 'series', id: found.series.id }, values.text);
        await announce(liveChannel.agenda(found.series.id, found.occurrence.key));
        if (row.assignee) await emitActionItem(repos, 'action_item.assigned', row, at, actor);
        return toActionItem(row);
      });
    },

    editActionItem: (actor: Actor, id: string, version: number, change: ActionItemChange) =>
      changeActionItem(write, actor, id, version, change),

    async setActionDone(actor: Actor, id: string, version: number, done: boolean): Promise<ActionItem> {
      return changeActionItem(write, actor, id, version, { done });
    },

    ...actionItemReads(deps),
  };
}

/** The action item as it would be with `change`, for the domain's checks. */
function merged(row: ActionItemRow, change: ActionItemChange) {
  return {
    text: change.text ?? row.text,
    assignee: change.assignee ?? row.assignee,
    dueDate: change.dueDate === undefined ? row.due_date : change.dueDate,
  };
}

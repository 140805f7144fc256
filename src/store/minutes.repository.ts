import type { Kysely, Selectable } from 'kysely';
import { isIdeaStatus } from '../domain/idea-status.js';
import { type ActionItem, type Decision, type Minutes, objectionsOpen } from '../domain/minutes.js';
import { isProposalState } from '../domain/proposal.js';
import { newId } from './ids.js';
import {
  insertRow,
  insertUnlessExists,
  pageAfter,
  selectWithIdea,
  selectWithUserName,
  versionedTable,
  wroteOne,
} from './queries.js';
import type { ActionItemsTable, DB, DecisionsTable, MinutesTable, ObjectionsTable } from './schema.js';

export type MinutesRow = Selectable<MinutesTable> & { note_taker_name?: string | null };
export type DecisionRow = Selectable<DecisionsTable> & {
  idea_slug: string | null;
  idea_title: string | null;
  proposal_number: number | null;
  proposal_title: string | null;
};
export type ActionItemRow = Selectable<ActionItemsTable>;
export type ObjectionRow = Selectable<ObjectionsTable> & { user_name: string | null };

export function toMinutes(row: MinutesRow): Minutes {
  return {
    id: row.id,
    seriesId: row.series_id,
    occurrence: row.occurrence,
    body: row.body,
    attendeeCount: row.attendee_count,
    attendeeNames: row.attendee_names,
    noteTakerId: row.note_taker_id,
    noteTakerName: row.note_taker_name ?? null,
    status: row.status === 'published' ? 'published' : 'draft',
    publishedAt: row.published_at,
    overview: row.overview ? (JSON.parse(row.overview) as Minutes['overview']) : null,
    overviewWork: row.overview_work ? (JSON.parse(row.overview_work) as Minutes['overviewWork']) : null,
    startedAt: row.started_at,
    updatedAt: row.updated_at,
    version: row.version,
  };
}

/** A decision with those of `objections` that are its own, and whether it takes more as of `at`. */
export function toDecision(row: DecisionRow, objections: readonly ObjectionRow[], at: string): Decision {
  return {
    id: row.id,
    occurrence: row.occurrence,
    text: row.text,
    ideaId: row.idea_id,
    ideaSlug: row.idea_slug,
    ideaTitle: row.idea_title,
    toStatus: isIdeaStatus(row.to_status) ? row.to_status : null,
    proposalId: row.proposal_id,
    proposalNumber: row.proposal_number,
    proposalTitle: row.proposal_title,
    toState: isProposalState(row.proposal_state) ? row.proposal_state : null,
    reason: row.reason,
    createdAt: row.created_at,
    state: row.state === 'proposed' || row.state === 'objected' ? row.state : 'final',
    objectionHours: row.objection_hours,
    objectionDeadline: row.objection_deadline,
    finalAt: row.final_at,
    objections: objections.filter((o) => o.decision_id === row.id).map(toObjection),
    open: objectionsOpen({ state: row.state, objectionDeadline: row.objection_deadline }, at),
    version: row.version,
  };
}

export function toObjection(row: ObjectionRow): Decision['objections'][number] {
  return { id: row.id, userName: row.user_name, reason: row.reason, createdAt: row.created_at };
}

export function toActionItem(row: ActionItemRow): ActionItem {
  return {
    id: row.id,
    occurrence: row.occurrence,
    text: row.text,
    assignee: row.assignee,
    dueDate: row.due_date,
    ideaId: row.idea_id,
    done: row.done === 1,
    version: row.version,
  };
}

/** Empty draft minutes of one meeting, as first stored. */
export function draftRow(seriesId: string, occurrence: string, at: string): Selectable<MinutesTable> {
  return {
    id: newId(),
    series_id: seriesId,
    occurrence,
    body: '',
    attendee_count: null,
    attendee_names: '',
    status: 'draft',
    published_at: null,
    overview: null,
    overview_work: null,
    note_taker_id: null,
    started_at: null,
    created_at: at,
    updated_at: at,
    version: 1,
  };
}

/** The minutes of a meeting themselves: found, listed when published, written. */
function minutesRows(db: Kysely<DB>) {
  const minutes = versionedTable(db, 'minutes');

  return {
    async find(seriesId: string, occurrence: string): Promise<MinutesRow | undefined> {
      return selectWithUserName(db, 'minutes', 'note_taker_id', 'note_taker_name')
        .where('minutes.series_id', '=', seriesId)
        .where('minutes.occurrence', '=', occurrence)
        .executeTakeFirst();
    },

    async published(seriesId: string, limit: number): Promise<MinutesRow[]> {
      return db
        .selectFrom('minutes')
        .selectAll()
        .where('series_id', '=', seriesId)
        .where('status', '=', 'published')
        .orderBy('occurrence', 'desc')
        .limit(limit)
        .execute();
    },

    insert: minutes.insert,

    /** Names the note-taker; not a change of the text, so the version stays. */
    async setNoteTaker(id: string, userId: string | null): Promise<void> {
      await db.updateTable('minutes').set({ note_taker_id: userId }).where('id', '=', id).execute();
    },

    /** Marks the meeting started early; not a change of the text, so the version stays. */
    async setStarted(id: string, at: string): Promise<void> {
      await db.updateTable('minutes').set({ started_at: at }).where('id', '=', id).execute();
    },

    update: minutes.update,
  };
}

/** A meeting's decisions, with the idea and the proposal each one concerns. */
function decisionRows(db: Kysely<DB>) {
  const selectDecision = () =>
    selectWithIdea(db, 'decisions')
      .leftJoin('proposals', 'proposals.id', 'decisions.proposal_id')
      .select(['proposals.number as proposal_number', 'proposals.title as proposal_title']);
  /** Decisions about one idea or proposal in published minutes, with their series. */
  const publishedAbout = (
    column: 'idea_id' | 'proposal_id',
    id: string,
  ): Promise<(DecisionRow & { series_slug: string; series_title: string })[]> =>
    selectDecision()
      .innerJoin('meeting_series', 'meeting_series.id', 'decisions.series_id')
      .select(['meeting_series.slug as series_slug', 'meeting_series.title as series_title'])
      .innerJoin('minutes', (join) =>
        join
          .onRef('minutes.series_id', '=', 'decisions.series_id')
          .onRef('minutes.occurrence', '=', 'decisions.occurrence'),
      )
      .where(`decisions.${column}`, '=', id)
      // Drafts are not public yet; the history already shows a change they made.
      .where('minutes.status', '=', 'published')
      .orderBy('decisions.id')
      .execute();

  return {
    async decisions(seriesId: string, occurrence: string): Promise<DecisionRow[]> {
      return selectDecision()
        .where('decisions.series_id', '=', seriesId)
        .where('decisions.occurrence', '=', occurrence)
        .orderBy('decisions.id')
        .execute();
    },

    /** A page of a meeting's decisions in id order, after the id `after`. */
    async decisionPage(
      seriesId: string,
      occurrence: string,
      after: string | null,
      limit: number,
    ): Promise<DecisionRow[]> {
      const query = selectDecision()
        .where('decisions.series_id', '=', seriesId)
        .where('decisions.occurrence', '=', occurrence);
      return pageAfter(query, 'decisions.id', after, limit);
    },

    decisionsForIdea: (ideaId: string) => publishedAbout('idea_id', ideaId),
    decisionsForProposal: (proposalId: string) => publishedAbout('proposal_id', proposalId),

    async findDecision(id: string): Promise<DecisionRow | undefined> {
      return selectDecision().where('decisions.id', '=', id).executeTakeFirst();
    },

    async insertDecision(row: Selectable<DecisionsTable>): Promise<void> {
      await insertRow(db, 'decisions', row);
    },

    /**
     * Changes a decision only if it is still in `fromState` (and at `version`, when given), so two
     * deciders cannot both apply it; every change counts its version up.
     */
    async updateDecision(
      id: string,
      fromState: string,
      changes: Partial<Pick<DecisionRow, 'state' | 'objection_deadline' | 'final_at'>>,
      version?: number,
    ): Promise<boolean> {
      let query = db
        .updateTable('decisions')
        .set((eb) => ({ ...changes, version: eb('version', '+', 1) }))
        .where('id', '=', id)
        .where('state', '=', fromState);
      if (version !== undefined) query = query.where('version', '=', version);
      return wroteOne(await query.executeTakeFirst());
    },
  };
}

/** Objections to decisions, with who raised them. */
function objectionRows(db: Kysely<DB>) {
  const selectObjection = () => selectWithUserName(db, 'objections', 'user_id', 'user_name');

  return {
    async objections(decisionIds: readonly string[]): Promise<ObjectionRow[]> {
      if (decisionIds.length === 0) return [];
      return selectObjection()
        .where('objections.decision_id', 'in', decisionIds)
        .orderBy('objections.id')
        .execute();
    },

    /** A page of a decision's objections in id order, after the id `after`. */
    async objectionPage(decisionId: string, after: string | null, limit: number): Promise<ObjectionRow[]> {
      return pageAfter(
        selectObjection().where('objections.decision_id', '=', decisionId),
        'objections.id',
        after,
        limit,
      );
    },

    async insertObjection(row: Selectable<ObjectionsTable>): Promise<boolean> {
      return insertUnlessExists(db, 'objections', row, ['decision_id', 'user_id']);
    },
  };
}

/** A meeting's action items. */
function actionItemRows(db: Kysely<DB>) {
  const actionItems = versionedTable(db, 'action_items');
  const selectActionItems = (seriesId: string, occurrence: string) =>
    db
      .selectFrom('action_items')
      .selectAll()
      .where('series_id', '=', seriesId)
      .where('occurrence', '=', occurrence);

  return {
    async actionItems(seriesId: string, occurrence: string): Promise<ActionItemRow[]> {
      return selectActionItems(seriesId, occurrence).orderBy('id').execute();
    },

    /** A page of a meeting's action items in id order, after the id `after`. */
    async actionItemPage(
      seriesId: string,
      occurrence: string,
      after: string | null,
      limit: number,
    ): Promise<ActionItemRow[]> {
      return pageAfter(selectActionItems(seriesId, occurrence), 'id', after, limit);
    },

    findActionItem: actionItems.find,

    insertActionItem: actionItems.insert,

    updateActionItem: actionItems.update,
  };
}

export function minutesRepository(db: Kysely<DB>) {
  return { ...minutesRows(db), ...decisionRows(db), ...objectionRows(db), ...actionItemRows(db) };
}

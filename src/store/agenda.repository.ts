import type { Kysely, Selectable } from 'kysely';
import { isTopicStatus, type Topic } from '../domain/agenda.js';
import type { IdeaLink } from '../domain/idea.js';
import { insertRow, selectWithUserName, updateVersioned } from './queries.js';
import { type AgendaTopicsTable, type DB, type NewAuthoredRow, proposerFields } from './schema.js';

export type TopicRow = Selectable<AgendaTopicsTable> & { proposer_name: string | null };

export function toTopic(row: TopicRow): Topic {
  return {
    id: row.id,
    seriesId: row.series_id,
    occurrence: row.occurrence,
    title: row.title,
    description: row.description,
    links: JSON.parse(row.links) as IdeaLink[],
    minutes: row.minutes,
    status: isTopicStatus(row.status) ? row.status : 'proposed',
    position: row.position,
    ...proposerFields(row),
    carriedFrom: row.carried_from,
    carriedThrough: JSON.parse(row.carried_through) as string[],
    ideaId: row.idea_id,
    proposalId: row.proposal_id,
    notes: row.notes,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    version: row.version,
  };
}

type SeriesNamed = TopicRow & { series_slug: string; series_title: string };

export function agendaRepository(db: Kysely<DB>) {
  const selectTopic = () => selectWithUserName(db, 'agenda_topics', 'proposer_id', 'proposer_name');
  /** Topics about one idea or proposal, with the slug and title of their series, oldest meeting first. */
  const about = (column: 'idea_id' | 'proposal_id', id: string): Promise<SeriesNamed[]> =>
    selectTopic()
      .innerJoin('meeting_series', 'meeting_series.id', 'agenda_topics.series_id')
      .select(['meeting_series.slug as series_slug', 'meeting_series.title as series_title'])
      .where(`agenda_topics.${column}`, '=', id)
      .orderBy('agenda_topics.occurrence')
      .orderBy('agenda_topics.id')
      .execute();

  return {
    async forOccurrence(seriesId: string, occurrence: string): Promise<TopicRow[]> {
      return selectTopic()
        .where('agenda_topics.series_id', '=', seriesId)
        .where('agenda_topics.occurrence', '=', occurrence)
        .orderBy('agenda_topics.position')
        .orderBy('agenda_topics.id')
        .execute();
    },

    async findById(id: string): Promise<TopicRow | undefined> {
      return selectTopic().where('agenda_topics.id', '=', id).executeTakeFirst();
    },

    forIdea: (ideaId: string) => about('idea_id', ideaId),
    forProposal: (proposalId: string) => about('proposal_id', proposalId),

    async maxPosition(seriesId: string, occurrence: string): Promise<number> {
      const row = await db
        .selectFrom('agenda_topics')
        .select((eb) => eb.fn.max('position').as('p'))
        .where('series_id', '=', seriesId)
        .where('occurrence', '=', occurrence)
        .executeTakeFirst();
      return Number(row?.p ?? 0);
    },

    async insert(row: NewAuthoredRow<Selectable<AgendaTopicsTable>>): Promise<void> {
      await insertRow(db, 'agenda_topics', row);
    },

    /** Writes when the version still matches; false means someone else changed it first. */
    async update(
      id: string,
      version: number,
      changes: Partial<Omit<Selectable<AgendaTopicsTable>, 'id' | 'version' | 'series_id'>>,
    ): Promise<boolean> {
      return updateVersioned(db, 'agenda_topics', id, version, changes);
    },
  };
}

import type { Kysely } from 'kysely';
import { newestFirst } from './queries.js';
import type { DB } from './schema.js';

/** An idea or topic as a person's page lists it. */
export interface ProposedIdeaRow {
  id: string;
  slug: string;
  title: string;
  status: string;
  created_at: string;
}

export interface ProposedTopicRow {
  id: string;
  title: string;
  status: string;
  occurrence: string;
  series_slug: string;
  series_title: string;
}

/** What a person did in public, for their page: never their address or anything private. */
export function peopleRepository(db: Kysely<DB>) {
  return {
    /** The person's public face: name, handle and since when. */
    async find(
      id: string,
    ): Promise<{ id: string; name: string; handle: string | null; created_at: string } | undefined> {
      return db
        .selectFrom('users')
        .select(['id', 'name', 'handle', 'created_at'])
        .where('id', '=', id)
        .executeTakeFirst();
    },

    /**
     * The ids of accounts in use whose name or address is `text` (ignoring case), at most two:
     * a caller that wants one person can tell a match from an ambiguous one.
     */
    async idsNamed(text: string): Promise<string[]> {
      const wanted = text.trim().toLowerCase();
      if (wanted === '') return [];
      const rows = await db
        .selectFrom('users')
        .select('id')
        .where('disabled_at', 'is', null)
        .where((eb) =>
          eb.or([eb(eb.fn('lower', ['name']), '=', wanted), eb(eb.fn('lower', ['email']), '=', wanted)]),
        )
        .orderBy('id')
        .limit(2)
        .execute();
      return rows.map((r) => r.id);
    },

    /** Ideas the person proposed in these statuses, newest first. */
    async ideasProposed(
      userId: string,
      statuses: readonly string[],
      limit: number,
    ): Promise<ProposedIdeaRow[]> {
      if (statuses.length === 0) return [];
      const query = db
        .selectFrom('ideas')
        .select(['id', 'slug', 'title', 'status', 'created_at'])
        .where('proposer_id', '=', userId)
        .where('status', 'in', statuses)
        .where('held_at', 'is', null);
      return newestFirst(query, 'created_at', 'id', limit);
    },

    /** Agenda topics the person proposed in these statuses, latest meeting first. */
    async topicsProposed(
      userId: string,
      statuses: readonly string[],
      limit: number,
    ): Promise<ProposedTopicRow[]> {
      const query = db
        .selectFrom('agenda_topics')
        .innerJoin('meeting_series', 'meeting_series.id', 'agenda_topics.series_id')
        .select([
          'agenda_topics.id',
          'agenda_topics.title',
          'agenda_topics.status',
          'agenda_topics.occurrence',
          'meeting_series.slug as series_slug',
          'meeting_series.title as series_title',
        ])
        .where('agenda_topics.proposer_id', '=', userId)
        .where('agenda_topics.status', 'in', statuses);
      return newestFirst(query, 'agenda_topics.occurrence', 'agenda_topics.id', limit);
    },
  };
}

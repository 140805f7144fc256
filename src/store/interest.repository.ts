import type { Kysely } from 'kysely';
import { changesRepository } from './changes.repository.js';
import { deleteBy, exists, insertUnlessExists, pageAfter } from './queries.js';
import type { DB } from './schema.js';

/** Someone interested in an idea, as the list of names shows them. */
export interface InterestedRow {
  /** The member's id: the key the list is paged by. */
  id: string;
  name: string;
  created_at: string;
}

/** Interest in ideas: who said "I want this too", and how many did per idea. */
export function interestRepository(db: Kysely<DB>) {
  // The backlog's rows show the counts, so its cached pages must renew with them.
  const markers = changesRepository(db);
  return {
    /** True when the member was not interested yet (a second time adds nothing). */
    async add(ideaId: string, userId: string, at: string): Promise<boolean> {
      const added = await insertUnlessExists(
        db,
        'idea_interest',
        { idea_id: ideaId, user_id: userId, created_at: at },
        ['idea_id', 'user_id'],
      );
      if (added) await markers.bump('ideas');
      return added;
    },

    /** True when the member was interested until now. */
    async remove(ideaId: string, userId: string): Promise<boolean> {
      const removed = await deleteBy(db, 'idea_interest', { idea_id: ideaId, user_id: userId });
      if (removed) await markers.bump('ideas');
      return removed;
    },

    /** True when the idea reaches `milestone` for the first time (it is told of only then). */
    async reachMilestone(ideaId: string, milestone: number, at: string): Promise<boolean> {
      return insertUnlessExists(
        db,
        'idea_interest_milestones',
        { idea_id: ideaId, milestone, reached_at: at },
        ['idea_id', 'milestone'],
      );
    },

    async has(ideaId: string, userId: string): Promise<boolean> {
      return exists(db, 'idea_interest', { idea_id: ideaId, user_id: userId });
    },

    /** How many members are interested in each of these ideas; an idea nobody wants is left out. */
    async counts(ideaIds: readonly string[]): Promise<Map<string, number>> {
      if (ideaIds.length === 0) return new Map();
      const rows = await db
        .selectFrom('idea_interest')
        .select((eb) => ['idea_id', eb.fn.countAll().as('n')])
        .where('idea_id', 'in', ideaIds)
        .groupBy('idea_id')
        .execute();
      return new Map(rows.map((r) => [r.idea_id, Number(r.n)]));
    },

    /** The count of every idea anyone is interested in, for ordering a list by interest. */
    async allCounts(): Promise<Map<string, number>> {
      const rows = await db
        .selectFrom('idea_interest')
        .select((eb) => ['idea_id', eb.fn.countAll().as('n')])
        .groupBy('idea_id')
        .execute();
      return new Map(rows.map((r) => [r.idea_id, Number(r.n)]));
    },

    /** Up to `limit` members interested in the idea, in the order of their ids, after `after`. */
    async interested(ideaId: string, after: string | null, limit: number): Promise<InterestedRow[]> {
      const query = db
        .selectFrom('idea_interest')
        .innerJoin('users', 'users.id', 'idea_interest.user_id')
        .select(['users.id as id', 'users.name as name', 'idea_interest.created_at as created_at'])
        .where('idea_interest.idea_id', '=', ideaId);
      return pageAfter(query, 'idea_interest.user_id', after, limit);
    },
  };
}

import type { Kysely, Selectable } from 'kysely';
import { insertRow, selectWithUserName, updateVersioned } from './queries.js';
import type { DB, ProposalHistoryTable, ProposalsTable } from './schema.js';

export type ProposalRow = Selectable<ProposalsTable>;
export type ProposalHistoryRow = Selectable<ProposalHistoryTable> & { actor_name: string | null };

/** Enhancement proposals, their state history and the ideas they link. */
export function proposalsRepository(db: Kysely<DB>) {
  return {
    /** Every proposal by number, or those in one of `states`. */
    async list(states: readonly string[] = []): Promise<ProposalRow[]> {
      let query = db.selectFrom('proposals').selectAll().orderBy('number');
      if (states.length > 0) query = query.where('state', 'in', states);
      return query.execute();
    },

    async findByNumber(number: number): Promise<ProposalRow | undefined> {
      return db.selectFrom('proposals').selectAll().where('number', '=', number).executeTakeFirst();
    },

    async findById(id: string): Promise<ProposalRow | undefined> {
      return db.selectFrom('proposals').selectAll().where('id', '=', id).executeTakeFirst();
    },

    async findByIds(ids: readonly string[]): Promise<ProposalRow[]> {
      if (ids.length === 0) return [];
      return db.selectFrom('proposals').selectAll().where('id', 'in', ids).execute();
    },

    /** The highest number given so far, 0 when there is none. */
    async highestNumber(): Promise<number> {
      const row = await db
        .selectFrom('proposals')
        .select((eb) => eb.fn.max('number').as('n'))
        .executeTakeFirst();
      return Number(row?.n ?? 0);
    },

    async insert(row: ProposalRow): Promise<void> {
      await insertRow(db, 'proposals', row);
    },

    /** Writes `changes` if the row is still at `version`; false when someone else changed it first. */
    async update(id: string, version: number, changes: Partial<Omit<ProposalRow, 'id' | 'version'>>) {
      return updateVersioned(db, 'proposals', id, version, changes);
    },

    async history(proposalId: string): Promise<ProposalHistoryRow[]> {
      return selectWithUserName(db, 'proposal_history', 'actor_id', 'actor_name')
        .where('proposal_history.proposal_id', '=', proposalId)
        .orderBy('proposal_history.at')
        .orderBy('proposal_history.id')
        .execute();
    },

    async addHistory(row: Selectable<ProposalHistoryTable>): Promise<void> {
      await insertRow(db, 'proposal_history', row);
    },
    ...ideaLinks(db),
  };
}

/** The ideas proposals link, read both ways. */
function ideaLinks(db: Kysely<DB>) {
  return {
    /** Slugs of the linked ideas of each proposal asked for, in title order. */
    async ideaSlugs(proposalIds: readonly string[]): Promise<Map<string, string[]>> {
      const out = new Map<string, string[]>();
      if (proposalIds.length === 0) return out;
      const rows = await db
        .selectFrom('proposal_ideas')
        .innerJoin('ideas', 'ideas.id', 'proposal_ideas.idea_id')
        .select(['proposal_ideas.proposal_id', 'ideas.slug'])
        .where('proposal_ideas.proposal_id', 'in', proposalIds)
        .orderBy('ideas.slug')
        .execute();
      for (const r of rows) out.set(r.proposal_id, [...(out.get(r.proposal_id) ?? []), r.slug]);
      return out;
    },

    /** The linked ideas of one proposal with their titles and statuses, by title. */
    async ideaSummaries(proposalId: string): Promise<{ slug: string; title: string; status: string }[]> {
      return db
        .selectFrom('proposal_ideas')
        .innerJoin('ideas', 'ideas.id', 'proposal_ideas.idea_id')
        .select(['ideas.slug', 'ideas.title', 'ideas.status'])
        .where('proposal_ideas.proposal_id', '=', proposalId)
        .orderBy('ideas.title')
        .execute();
    },

    /** Links exactly these ideas to the proposal. */
    async setIdeas(proposalId: string, ideaIds: readonly string[]): Promise<void> {
      await db.deleteFrom('proposal_ideas').where('proposal_id', '=', proposalId).execute();
      if (ideaIds.length === 0) return;
      await db
        .insertInto('proposal_ideas')
        .values(ideaIds.map((idea_id) => ({ proposal_id: proposalId, idea_id })))
        .execute();
    },

    /** Proposals linking the idea, by number. */
    async forIdea(ideaId: string): Promise<ProposalRow[]> {
      return db
        .selectFrom('proposals')
        .innerJoin('proposal_ideas', 'proposal_ideas.proposal_id', 'proposals.id')
        .selectAll('proposals')
        .where('proposal_ideas.idea_id', '=', ideaId)
        .orderBy('proposals.number')
        .execute();
    },
  };
}

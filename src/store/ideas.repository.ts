import {
  type Expression,
  type ExpressionBuilder,
  type Kysely,
  type Selectable,
  type SqlBool,
  sql,
} from 'kysely';
import type { Idea, IdeaLink } from '../domain/idea.js';
import type { IdeaStatus } from '../domain/idea-status.js';
import { changesRepository } from './changes.repository.js';
import {
  insertRow,
  insertRows,
  newestFirst,
  selectWithUserName,
  slugsStartingWith,
  updateVersioned,
} from './queries.js';
import {
  type DB,
  type IdeaHistoryTable,
  type IdeasTable,
  type NewAuthoredRow,
  proposerFields,
} from './schema.js';

export type IdeaRow = Selectable<IdeasTable> & { proposer_name: string | null };
export type IdeaHistoryRow = Selectable<IdeaHistoryTable> & { actor_name: string | null };

export interface IdeaFilter {
  statuses?: readonly string[];
  tag?: string;
  /** Folded words; every word must occur in the folded title or description. */
  words?: readonly string[];
  /**
   * Proposals of new members waiting for review instead of published ideas. Held ideas are in
   * no other list: only their proposer and maintainers open them, one at a time.
   */
  held?: boolean;
  /** Only the ideas of this group. */
  groupId?: string;
}

/** Published ideas only: a held proposal is no part of any list, search or feed. */
function published(eb: ExpressionBuilder<DB, 'ideas'>) {
  return eb('ideas.held_at', 'is', null);
}

/** `%` and `_` in a user's word are literal characters, not wildcards. */
function likePattern(word: string): string {
  return `%${word.replace(/[\\%_]/gu, (c) => `\\${c}`)}%`;
}

function holdsWord(eb: ExpressionBuilder<DB, 'ideas'>, word: string) {
  // ESCAPE is spelled out because SQLite has no default escape character.
  return sql<boolean>`${eb.ref('ideas.search_text')} like ${likePattern(word)} escape '\\'`;
}

function applyFilter(eb: ExpressionBuilder<DB, 'ideas'>, filter: IdeaFilter) {
  const conditions: Expression<SqlBool>[] = [
    filter.held
      ? eb.and([eb('ideas.held_at', 'is not', null), eb('ideas.rejected_reason', 'is', null)])
      : published(eb),
  ];
  if (filter.statuses && filter.statuses.length > 0)
    conditions.push(eb('ideas.status', 'in', filter.statuses));
  if (filter.tag) {
    conditions.push(
      eb.exists(
        eb
          .selectFrom('idea_tags')
          .select('idea_tags.idea_id')
          .whereRef('idea_tags.idea_id', '=', 'ideas.id')
          .where('idea_tags.tag', '=', filter.tag),
      ),
    );
  }
  if (filter.groupId !== undefined) conditions.push(eb('ideas.group_id', '=', filter.groupId));
  for (const word of filter.words ?? []) conditions.push(holdsWord(eb, word));
  return eb.and(conditions);
}

/** Only what ordering and cursors need: a cached order of 100 000 ideas stays small. */
export interface IdeaOrderKey {
  id: string;
  title: string;
}

/** An idea without its tags, for lists that show titles and status only. */
export function toIdeaSummary(row: IdeaRow): Idea {
  return toIdea(row, []);
}

export function toIdea(row: IdeaRow, tags: string[]): Idea {
  return {
    id: row.id,
    slug: row.slug,
    title: row.title,
    description: row.description,
    status: row.status as IdeaStatus,
    statusReason: row.status_reason,
    tags,
    links: JSON.parse(row.links) as IdeaLink[],
    ...proposerFields(row),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    version: row.version,
    groupId: row.group_id,
    ...(row.held_at === null ? {} : { held: { since: row.held_at, rejectedReason: row.rejected_reason } }),
  };
}

/** Groups `(idea_id, tag)` rows, already in tag order, by idea. */
function tagsByIdea(rows: readonly { idea_id: string; tag: string }[]): Map<string, string[]> {
  const byIdea = new Map<string, string[]>();
  for (const r of rows) {
    const list = byIdea.get(r.idea_id);
    if (list) list.push(r.tag);
    else byIdea.set(r.idea_id, [r.tag]);
  }
  return byIdea;
}

/** Finding ideas and reading their history. */
function ideaReads(db: Kysely<DB>) {
  const selectIdea = () => selectWithUserName(db, 'ideas', 'proposer_id', 'proposer_name');

  return {
    async findById(id: string): Promise<IdeaRow | undefined> {
      return selectIdea().where('ideas.id', '=', id).executeTakeFirst();
    },

    async findBySlug(slug: string): Promise<IdeaRow | undefined> {
      return selectIdea().where('ideas.slug', '=', slug).executeTakeFirst();
    },

    /**
     * Ideas whose folded title or description holds every word in one of its spellings, at
     * most `limit`: the candidates for an idea named by words of its title.
     */
    async withWords(words: readonly (readonly string[])[], limit: number): Promise<IdeaRow[]> {
      if (words.length === 0) return [];
      return selectIdea()
        .where(published)
        .where((eb) => eb.and(words.map((spellings) => eb.or(spellings.map((w) => holdsWord(eb, w))))))
        .limit(limit)
        .execute();
    },

    /** Every slug in use, for choosing many new ones at once (an import). */
    async allSlugs(): Promise<string[]> {
      const rows = await db.selectFrom('ideas').select('slug').execute();
      return rows.map((r) => r.slug);
    },

    async slugsStartingWith(base: string): Promise<string[]> {
      return slugsStartingWith(db, 'ideas', base);
    },

    /** Every idea matching the filter, unordered: the caller orders them by locale-aware collation. */
    async list(filter: IdeaFilter): Promise<IdeaRow[]> {
      return selectIdea()
        .where((eb) => applyFilter(eb, filter))
        .execute();
    },

    /** Id and title of every idea matching the filter, unordered. */
    async orderKeys(filter: IdeaFilter): Promise<IdeaOrderKey[]> {
      return db
        .selectFrom('ideas')
        .select(['ideas.id', 'ideas.title'])
        .where((eb) => applyFilter(eb, filter))
        .execute();
    },

    /** The ideas with these ids, in no particular order; missing ids are left out. */
    async findByIds(ids: readonly string[]): Promise<IdeaRow[]> {
      if (ids.length === 0) return [];
      return selectIdea().where('ideas.id', 'in', ids).where(published).execute();
    },

    async recentlyChanged(limit: number, statuses: readonly string[]): Promise<IdeaRow[]> {
      return newestFirst(
        selectIdea().where('ideas.status', 'in', statuses).where(published),
        'ideas.updated_at',
        'ideas.id',
        limit,
      );
    },

    async history(ideaId: string): Promise<IdeaHistoryRow[]> {
      return selectWithUserName(db, 'idea_history', 'actor_id', 'actor_name')
        .where('idea_history.idea_id', '=', ideaId)
        .orderBy('idea_history.id')
        .execute();
    },
  };
}

/** Reading the tags ideas carry. */
function ideaTagReads(db: Kysely<DB>) {
  return {
    /** Tags of each of these ideas, sorted. */
    async tagsOfIdeas(ids: readonly string[]): Promise<Map<string, string[]>> {
      if (ids.length === 0) return new Map();
      const rows = await db
        .selectFrom('idea_tags')
        .select(['idea_id', 'tag'])
        .where('idea_id', 'in', ids)
        .orderBy('tag')
        .execute();
      return tagsByIdea(rows);
    },

    /** Tags of every idea matching the filter, in one query. */
    async tagsFor(filter: IdeaFilter): Promise<Map<string, string[]>> {
      const rows = await db
        .selectFrom('idea_tags')
        .innerJoin('ideas', 'ideas.id', 'idea_tags.idea_id')
        .select(['idea_tags.idea_id', 'idea_tags.tag'])
        .where((eb) => applyFilter(eb, filter))
        .orderBy('idea_tags.tag')
        .execute();
      return tagsByIdea(rows);
    },

    async tagsOf(ideaId: string): Promise<string[]> {
      const rows = await db
        .selectFrom('idea_tags')
        .select('tag')
        .where('idea_id', '=', ideaId)
        .orderBy('tag')
        .execute();
      return rows.map((r) => r.tag);
    },

    /** Every tag in use with how many ideas carry it, for the filter menu. */
    async tagCounts(statuses: readonly string[]): Promise<{ tag: string; count: number }[]> {
      let q = db
        .selectFrom('idea_tags')
        .innerJoin('ideas', 'ideas.id', 'idea_tags.idea_id')
        .select((eb) => ['idea_tags.tag', eb.fn.countAll().as('n')])
        .where(published)
        .groupBy('idea_tags.tag')
        .orderBy('idea_tags.tag');
      if (statuses.length > 0) q = q.where('ideas.status', 'in', statuses);
      const rows = await q.execute();
      return rows.map((r) => ({ tag: r.tag, count: Number(r.n) }));
    },
  };
}

/** Writing ideas, their tags and their history. */
function ideaWrites(db: Kysely<DB>) {
  // Every write below renews the ideas marker after the write itself, on the same connection
  // or transaction, so no caller can change ideas without invalidating the instances' caches.
  const markers = changesRepository(db);

  const replaceTags = async (ideaId: string, tags: readonly string[]): Promise<void> => {
    await db.deleteFrom('idea_tags').where('idea_id', '=', ideaId).execute();
    if (tags.length > 0) {
      await db
        .insertInto('idea_tags')
        .values(tags.map((tag) => ({ idea_id: ideaId, tag })))
        .execute();
    }
    await markers.bump('ideas');
  };

  return {
    replaceTags,

    async insert(row: NewAuthoredRow<Selectable<IdeasTable>>, tags: string[]): Promise<void> {
      await insertRow(db, 'ideas', row);
      await replaceTags(row.id, tags);
      await markers.bump('ideas');
    },

    /** Many new ideas with their tags, in statements of a bounded number of parameters. */
    async insertMany(
      ideas: readonly { row: NewAuthoredRow<Selectable<IdeasTable>>; tags: readonly string[] }[],
    ): Promise<void> {
      await insertRows(
        db,
        'ideas',
        ideas.map((i) => i.row),
      );
      await insertRows(
        db,
        'idea_tags',
        ideas.flatMap((i) => i.tags.map((tag) => ({ idea_id: i.row.id, tag }))),
      );
      await markers.bump('ideas');
    },

    /** Writes when the version still matches; false means someone else changed it first. */
    async update(
      id: string,
      version: number,
      changes: Partial<
        Pick<
          IdeasTable,
          | 'title'
          | 'description'
          | 'search_text'
          | 'links'
          | 'status'
          | 'status_reason'
          | 'held_at'
          | 'rejected_reason'
        >
      >,
      now: string,
    ): Promise<boolean> {
      const updated = await updateVersioned(db, 'ideas', id, version, { ...changes, updated_at: now });
      if (updated) await markers.bump('ideas');
      return updated;
    },

    async addHistory(row: Selectable<IdeaHistoryTable>): Promise<void> {
      await insertRow(db, 'idea_history', row);
    },

    async addHistoryMany(rows: readonly Selectable<IdeaHistoryTable>[]): Promise<void> {
      await insertRows(db, 'idea_history', rows);
    },
  };
}

export function ideasRepository(db: Kysely<DB>) {
  return { ...ideaReads(db), ...ideaTagReads(db), ...ideaWrites(db) };
}

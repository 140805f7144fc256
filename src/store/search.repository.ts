import { type Kysely, type RawBuilder, sql } from 'kysely';
import type { SearchKind } from '../domain/search.js';
import type { Engine } from './db.js';
import type { DB } from './schema.js';
import { rebuildSearchIndex } from './search-documents.js';

/**
 * Searching the documents of search-documents.ts with each engine's full-text index, and
 * keeping to what the reader may open: the rules come from the policy as flags (the use-case
 * asks it), and are applied here to the items themselves, so a hit is judged by the item as
 * it is now, not as it was indexed.
 */

/** What the reader may see beyond what is public, as the policy decided it. */
export interface SearchScope {
  /** Removed ideas (those who triage). */
  removedIdeas: boolean;
  /** Every hidden comment (those who moderate); others see only their own. */
  hiddenComments: boolean;
  /** Every draft of minutes; others see a draft only as its note-taker. */
  draftMinutes: boolean;
  /** Decisions in minutes not yet published, and the comments on them. */
  draftDecisions: boolean;
  /** The reader, for their own hidden comments and the minutes they take. */
  userId: string | null;
}

export interface SearchQuery {
  /** Folded words of letters and digits only (see queryWords): each must occur, as a word's start. */
  words: readonly string[];
  kinds: readonly SearchKind[];
  offset: number;
  limit: number;
}

/** A hit with what its link and title are made of. */
export interface SearchRow {
  id: string;
  kind: SearchKind;
  title: string;
  body: string;
  /** The idea's slug (an idea, or a comment on one) or the board's slug (a card). */
  slug: string | null;
  series_slug: string | null;
  series_title: string | null;
  occurrence: string | null;
  /** What a comment is on, and that thing's title (a decision's text). */
  target_type: string | null;
  target_id: string | null;
  target_title: string | null;
  /** For the policy's own look at the item: a comment's author, hidden or not; minutes' note-taker. */
  author_id: string | null;
  hidden_at: string | null;
  note_taker_id: string | null;
  status: string | null;
}

/** The tsvector the GIN index of migration 2026-12-02-94-search is built over, spelled alike. */
const POSTGRES_VECTOR = sql`(setweight(to_tsvector('plenum_search'::regconfig, d.title), 'A') ||
  to_tsvector('plenum_search'::regconfig, d.body || ' ' || d.alt))`;

function matches(
  engine: Engine,
  words: readonly string[],
  kinds: readonly SearchKind[],
): RawBuilder<unknown> {
  const ofKind = kinds.length > 0 ? sql`and d.kind in (${sql.join(kinds)})` : sql``;
  if (engine === 'sqlite') {
    // Words hold letters and digits only, so quoting makes each a plain prefix term.
    const match = words.map((w) => `"${w}"*`).join(' AND ');
    return sql`select d.id, d.kind, d.title, d.body, bm25(search_fts, 5.0, 1.0, 1.0) as rank
      from search_fts join search_documents d on d.rowid = search_fts.rowid
      where search_fts match ${match} ${ofKind}`;
  }
  const query = words.map((w) => `${w}:*`).join(' & ');
  return sql`select d.id, d.kind, d.title, d.body, -ts_rank(${POSTGRES_VECTOR}, q) as rank
    from search_documents d, to_tsquery('plenum_search'::regconfig, ${query}) q
    where ${POSTGRES_VECTOR} @@ q ${ofKind}`;
}

const flag = (value: boolean) => (value ? 1 : 0);

export function searchRepository(db: Kysely<DB>, engine: Engine) {
  return {
    /** One page of hits the scope may read, best first; `limit + 1` rows tell whether more follow. */
    async search(query: SearchQuery, scope: SearchScope): Promise<SearchRow[]> {
      if (query.words.length === 0) return [];
      const user = scope.userId;
      const { rows } = await sql<SearchRow>`
        with hits as (${matches(engine, query.words, query.kinds)})
        select h.id, h.kind, h.title, h.body,
          coalesce(i.slug, ci.slug, bd.slug) as slug,
          s.slug as series_slug, s.title as series_title,
          coalesce(t.occurrence, m.occurrence, dc.occurrence, ct.occurrence, cd.occurrence) as occurrence,
          c.target_type, c.target_id, coalesce(ci.title, ct.title, cd.text) as target_title,
          c.author_id, c.hidden_at, m.note_taker_id,
          coalesce(i.status, t.status, m.status, dm.status) as status
        from hits h
        left join ideas i on h.kind = 'idea' and i.id = h.id
        left join agenda_topics t on h.kind = 'topic' and t.id = h.id
        left join minutes m on h.kind = 'minutes' and m.id = h.id
        left join decisions dc on h.kind = 'decision' and dc.id = h.id
        left join board_items b on h.kind = 'card' and b.id = h.id
        left join boards bd on bd.id = b.board_id
        left join comments c on h.kind = 'comment' and c.id = h.id
        left join ideas ci on c.target_type = 'idea' and ci.id = c.target_id
        left join agenda_topics ct on c.target_type = 'topic' and ct.id = c.target_id
        left join decisions cd on c.target_type = 'decision' and cd.id = c.target_id
        left join minutes dm on dm.series_id = coalesce(dc.series_id, cd.series_id)
          and dm.occurrence = coalesce(dc.occurrence, cd.occurrence)
        left join meeting_series s
          on s.id = coalesce(t.series_id, m.series_id, dc.series_id, ct.series_id, cd.series_id)
        where (h.kind = 'idea' and (i.status <> 'removed' or ${flag(scope.removedIdeas)} = 1))
          or (h.kind = 'topic' and t.status <> 'withdrawn')
          or (h.kind = 'minutes' and (m.status = 'published' or ${flag(scope.draftMinutes)} = 1
            or m.note_taker_id = ${user}))
          or (h.kind = 'decision' and dc.id is not null
            and (dm.status = 'published' or ${flag(scope.draftDecisions)} = 1))
          or (h.kind = 'card' and b.id is not null)
          or (h.kind = 'comment' and c.deleted_at is null
            and (c.hidden_at is null or ${flag(scope.hiddenComments)} = 1 or c.author_id = ${user})
            and ((c.target_type = 'idea' and ci.status <> 'removed')
              or (c.target_type = 'topic' and ct.id is not null)
              or (c.target_type = 'decision' and cd.id is not null
                and (dm.status = 'published' or ${flag(scope.draftDecisions)} = 1))))
        order by h.rank, h.id
        limit ${query.limit + 1} offset ${query.offset}`.execute(db);
      return rows;
    },

    /** Writes every document again from the items (after a restore); answers how many. */
    rebuild: () => rebuildSearchIndex(db),
  };
}

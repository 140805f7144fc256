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
  /** New members' proposals held for review, and comments on them (those who review posts); others see only their own. */
  heldIdeas: boolean;
  /** Every hidden comment (those who moderate); others see only their own. */
  hiddenComments: boolean;
  /** Every draft of minutes; others see a draft only as its note-taker. */
  draftMinutes: boolean;
  /** Decisions in minutes not yet published, and the comments on them. */
  draftDecisions: boolean;
  /** The groups the reader leads: the drafts of their series' meetings, as a maintainer reads them. */
  ledGroups: readonly string[];
  /** The reader, for their own hidden comments and the minutes they take. */
  userId: string | null;
}

export interface SearchQuery {
  /** Folded words of letters and digits only (see queryWords): each must occur, the last as a word's start. */
  words: readonly string[];
  kinds: readonly SearchKind[];
  /**
   * Only what belongs to this group: an idea, series or board of it, and what belongs to one of
   * those (a topic, minutes or decision by its series, a card by its board, a comment by its thread).
   */
  groupId?: string | undefined;
  offset: number;
  limit: number;
}

/** A hit with what its link and title are made of. */
export interface SearchRow {
  id: string;
  kind: SearchKind;
  title: string;
  body: string;
  /** The idea's slug (an idea, or a comment on one), a proposal's number (it, or a comment on it) or the board's slug (a card). */
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
  /** When the comment was hidden or held for review: only its author and maintainers may open it. */
  hidden_at: string | null;
  note_taker_id: string | null;
  status: string | null;
  /** The group the hit belongs to, through its idea, series or board. */
  group_id: string | null;
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
  // The last word may be still being typed: it finds every word it starts. The others are whole
  // words, which the index looks up at once (a prefix of a common word reads many lists).
  const last = words.length - 1;
  if (engine === 'sqlite') {
    // Words hold letters and digits only, so quoting makes each a plain term.
    const match = words.map((w, i) => `"${w}"${i === last ? '*' : ''}`).join(' AND ');
    return sql`select d.id, d.kind, d.title, d.body, bm25(search_fts, 5.0, 1.0, 1.0) as rank
      from search_fts join search_documents d on d.rowid = search_fts.rowid
      where search_fts match ${match} ${ofKind}`;
  }
  const query = words.map((w, i) => `${w}${i === last ? ':*' : ''}`).join(' & ');
  return sql`select d.id, d.kind, d.title, d.body, -ts_rank(${POSTGRES_VECTOR}, q) as rank
    from search_documents d, to_tsquery('plenum_search'::regconfig, ${query}) q
    where ${POSTGRES_VECTOR} @@ q ${ofKind}`;
}

const flag = (value: boolean) => (value ? 1 : 0);
const none = sql`cast(null as text)`;
/** Whether a series' group (the column given) is one the reader leads. */
const ledBy = (scope: SearchScope, column: RawBuilder<unknown>) =>
  scope.ledGroups.length > 0 ? sql`${column} in (${sql.join(scope.ledGroups)})` : sql`1 = 0`;

/**
 * The hits of each kind that the scope may read, with what their links are made of: one branch
 * per kind, each joining only its own tables (one join of them all took PostgreSQL longer to
 * plan than to run). CROSS JOIN makes SQLite read the few hits first and look their items up by
 * key, rather than scan the items for hits; PostgreSQL reads it as the inner join it is.
 */
function visible(scope: SearchScope): RawBuilder<unknown>[] {
  const user = scope.userId;
  const drafts = flag(scope.draftDecisions);
  const led = ledBy(scope, sql.ref('s.group_id'));
  const columns = (rest: RawBuilder<unknown>) => sql`h.id, h.kind, h.title, h.body, h.rank, ${rest}`;
  return [
    sql`select ${columns(sql`i.slug, ${none}, ${none}, ${none}, ${none}, ${none}, ${none}, ${none},
        ${none}, ${none}, i.status, i.group_id`)}
      from hits h cross join ideas i
      where i.id = h.id and h.kind = 'idea' and (i.status <> 'removed' or ${flag(scope.removedIdeas)} = 1)
        and (i.held_at is null or ${flag(scope.heldIdeas)} = 1 or i.proposer_id = ${user})`,
    sql`select ${columns(sql`${none}, s.slug, s.title, t.occurrence, ${none}, ${none}, ${none}, ${none},
        ${none}, ${none}, t.status, s.group_id`)}
      from hits h cross join agenda_topics t join meeting_series s on s.id = t.series_id
      where t.id = h.id and h.kind = 'topic' and t.status <> 'withdrawn'`,
    sql`select ${columns(sql`${none}, s.slug, s.title, m.occurrence, ${none}, ${none}, ${none}, ${none},
        ${none}, m.note_taker_id, m.status, s.group_id`)}
      from hits h cross join minutes m join meeting_series s on s.id = m.series_id
      where m.id = h.id and h.kind = 'minutes'
        and (m.status = 'published' or ${flag(scope.draftMinutes)} = 1 or m.note_taker_id = ${user} or ${led})`,
    sql`select ${columns(sql`${none}, s.slug, s.title, dc.occurrence, ${none}, ${none}, ${none}, ${none},
        ${none}, ${none}, dm.status, s.group_id`)}
      from hits h cross join decisions dc join meeting_series s on s.id = dc.series_id
      left join minutes dm on dm.series_id = dc.series_id and dm.occurrence = dc.occurrence
      where dc.id = h.id and h.kind = 'decision' and (dm.status = 'published' or ${drafts} = 1 or ${led})`,
    sql`select ${columns(sql`cast(p.number as text), ${none}, ${none}, ${none}, ${none}, ${none}, ${none},
        ${none}, ${none}, ${none}, p.state, ${none}`)}
      from hits h cross join proposals p
      where p.id = h.id and h.kind = 'proposal'`,
    sql`select ${columns(sql`bd.slug, ${none}, ${none}, ${none}, ${none}, ${none}, ${none}, ${none},
        ${none}, ${none}, ${none}, bd.group_id`)}
      from hits h cross join board_items b join boards bd on bd.id = b.board_id
      where b.id = h.id and h.kind = 'card'`,
    sql`select ${columns(sql`coalesce(ci.slug, cast(cp.number as text)), s.slug, s.title,
        coalesce(ct.occurrence, cd.occurrence), c.target_type, c.target_id,
        coalesce(ci.title, cp.title, ct.title, cd.text), c.author_id,
        coalesce(c.hidden_at, c.held_at),
        ${none}, dm.status, coalesce(ci.group_id, s.group_id)`)}
      from hits h cross join comments c
      left join ideas ci on c.target_type = 'idea' and ci.id = c.target_id
      left join proposals cp on c.target_type = 'proposal' and cp.id = c.target_id
      left join agenda_topics ct on c.target_type = 'topic' and ct.id = c.target_id
      left join decisions cd on c.target_type = 'decision' and cd.id = c.target_id
      left join minutes dm on dm.series_id = cd.series_id and dm.occurrence = cd.occurrence
      left join meeting_series s on s.id = coalesce(ct.series_id, cd.series_id)
      where c.id = h.id and h.kind = 'comment' and c.deleted_at is null
        and ((c.hidden_at is null and c.held_at is null) or ${flag(scope.hiddenComments)} = 1
          or c.author_id = ${user})
        and ((c.target_type = 'idea' and ci.status <> 'removed' and (ci.held_at is null or ${flag(scope.heldIdeas)} = 1))
          or (c.target_type = 'proposal' and cp.id is not null)
          or (c.target_type = 'topic' and ct.id is not null)
          or (c.target_type = 'decision' and cd.id is not null
            and (dm.status = 'published' or ${drafts} = 1 or ${led})))`,
  ];
}

/** The names of the columns of a SearchRow after the hit's own, in the order `visible` gives them. */
const NAMES = sql.raw(`id, kind, title, body, rank, slug, series_slug, series_title, occurrence,
  target_type, target_id, target_title, author_id, hidden_at, note_taker_id, status, group_id`);

export function searchRepository(db: Kysely<DB>, engine: Engine) {
  return {
    /** One page of hits the scope may read, best first; `limit + 1` rows tell whether more follow. */
    async search(query: SearchQuery, scope: SearchScope): Promise<SearchRow[]> {
      if (query.words.length === 0) return [];
      // The matches are looked up once, whichever kinds' branches read them.
      const { rows } = await sql<SearchRow>`
        with hits as materialized (${matches(engine, query.words, query.kinds)}),
        shown (${NAMES}) as (${sql.join(visible(scope), sql` union all `)})
        select * from shown
        ${query.groupId === undefined ? sql`` : sql`where group_id = ${query.groupId}`}
        order by rank, id
        limit ${query.limit + 1} offset ${query.offset}`.execute(db);
      return rows;
    },

    /** Writes every document again from the items (after a restore); answers how many. */
    rebuild: () => rebuildSearchIndex(db),
  };
}

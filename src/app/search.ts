import { ValidationError } from '../domain/errors.js';
import { type Acting, can, commentSubject } from '../domain/policy.js';
import { type ExcerptPart, excerpt, queryWords, type SearchKind } from '../domain/search.js';
import type { SearchRow, SearchScope } from '../store/search.repository.js';
import type { Repositories } from '../store/store.js';
import type { AppDeps } from './context.js';
import { groupIdOf } from './group-access.js';
import type { Page } from './paging.js';

/**
 * Hub-wide search over ideas, comments, agenda topics, minutes, decisions and board cards.
 * What the reader may open is the policy's to say: it gives the scope the store searches in,
 * and every hit is asked again with its own subject before it is shown.
 */

export interface SearchRequest {
  q: string;
  kinds?: readonly SearchKind[] | undefined;
  /** Only what belongs to this group (its slug); an unknown one is refused. */
  group?: string | undefined;
  cursor?: string | undefined;
  limit: number;
}

export interface SearchHit {
  id: string;
  kind: SearchKind;
  title: string;
  /** A passage of the text with the matched words marked; plain text, to be escaped by whoever shows it. */
  excerpt: ExcerptPart[];
  /** Where the item is shown (without the base path); a comment's permalink in its thread. */
  path: string;
  /** The meeting a topic, minutes, decision or comment on one belongs to. */
  meeting: { seriesSlug: string; seriesTitle: string; occurrence: string } | null;
}

/** Pages a search may go through: deeper than this, a narrower query serves better. */
const MAX_OFFSET = 1000;

function offsetOf(cursor: string | undefined): number {
  if (cursor === undefined || cursor === '') return 0;
  const offset = /^\d{1,4}$/u.test(cursor) ? Number(cursor) : Number.NaN;
  if (!(offset >= 0 && offset <= MAX_OFFSET))
    throw new ValidationError([{ field: 'cursor', key: 'error.badCursor' }]);
  return offset;
}

/** The reader of a search, as far as its scope looks at them: who they are and the groups they lead. */
interface Reader {
  userId: string | null;
  ledGroups: readonly string[];
}

async function readerOf(repos: Repositories, actor: Acting): Promise<Reader> {
  const userId = actor !== 'system' && actor.kind === 'user' ? actor.userId : null;
  return { userId, ledGroups: userId === null ? [] : await repos.groups.idsLedBy(userId) };
}

function scopeOf(actor: Acting, { userId, ledGroups }: Reader): SearchScope {
  return {
    removedIdeas: can(actor, 'idea.triage'),
    heldIdeas: can(actor, 'post.review'),
    hiddenComments: can(actor, 'comment.readHidden', { authorId: null }),
    draftMinutes: can(actor, 'minutes.readDraft', { noteTakerId: null }),
    draftDecisions: can(actor, 'decision.readDraft'),
    ledGroups,
    userId,
  };
}

/** The policy's own answer for one hit, with the item as its subject. */
function mayOpen(actor: Acting, reader: Reader, row: SearchRow): boolean {
  // The reader is among the leads of the hit's group when they lead it; the others do not matter here.
  const groupLeads =
    reader.userId !== null && row.group_id !== null && reader.ledGroups.includes(row.group_id)
      ? [reader.userId]
      : [];
  if (row.kind === 'idea' && row.status === 'removed') return can(actor, 'idea.triage');
  if (row.kind === 'minutes' && row.status !== 'published')
    return can(actor, 'minutes.readDraft', { noteTakerId: row.note_taker_id, groupLeads });
  const decisionDraft =
    (row.kind === 'decision' || row.target_type === 'decision') && row.status !== 'published';
  if (decisionDraft && !can(actor, 'decision.readDraft', { groupLeads })) return false;
  if (row.kind === 'comment' && row.hidden_at !== null)
    return can(actor, 'comment.readHidden', commentSubject({ authorId: row.author_id }, actor));
  return true;
}

/** A title of at most a line: a decision is named by its text. */
function line(text: string): string {
  const first = text.split('\n')[0]?.trim() ?? '';
  return first.length > 120 ? `${first.slice(0, 119)}…` : first;
}

function pathOf(row: SearchRow): string {
  const slug = encodeURIComponent(row.slug ?? '');
  const meeting = `/meetings/${encodeURIComponent(row.series_slug ?? '')}/${row.occurrence ?? ''}`;
  switch (row.kind) {
    case 'idea':
      return `/ideas/${slug}`;
    case 'proposal':
      return `/proposals/${slug}`;
    case 'topic':
      return `${meeting}#topic-${row.id}`;
    case 'minutes':
      return `${meeting}#minutes`;
    case 'decision':
      return `${meeting}#decision-${row.id}`;
    case 'card':
      return row.slug === 'default' ? `/board#item-${row.id}` : `/boards/${slug}#item-${row.id}`;
    case 'comment': {
      const thread =
        row.target_type === 'idea' || row.target_type === 'proposal'
          ? `/${row.target_type}s/${slug}`
          : `/${row.target_type}s/${row.target_id}/comments`;
      return `${thread}#comment-${row.id}`;
    }
  }
}

function titleOf(row: SearchRow): string {
  if (row.kind === 'decision') return line(row.body);
  if (row.kind === 'comment') return line(row.target_title ?? '');
  if (row.kind === 'minutes') return row.series_title ?? '';
  return row.title;
}

function toHit(row: SearchRow, words: readonly string[]): SearchHit {
  return {
    id: row.id,
    kind: row.kind,
    title: titleOf(row),
    excerpt: excerpt(row.body, words),
    path: pathOf(row),
    meeting:
      row.series_slug !== null && row.occurrence !== null
        ? { seriesSlug: row.series_slug, seriesTitle: row.series_title ?? '', occurrence: row.occurrence }
        : null,
  };
}

export function searchUseCases({ store }: AppDeps) {
  return {
    /**
     * One page of what `actor` may open that holds every word of `q` (the last one also as the
     * start of a word; accents and German spellings alike); a query without words finds nothing.
     */
    async search(actor: Acting, request: SearchRequest): Promise<Page<SearchHit>> {
      const offset = offsetOf(request.cursor);
      const groupId = request.group ? await groupIdOf(store.read, request.group) : undefined;
      const words = queryWords(request.q);
      if (words.length === 0) return { items: [], nextCursor: null };
      const reader = await readerOf(store.read, actor);
      const rows = await store.read.search.search(
        { words, kinds: request.kinds ?? [], groupId, offset, limit: request.limit },
        scopeOf(actor, reader),
      );
      const shown = rows.slice(0, request.limit);
      const more = rows.length > request.limit && offset + request.limit <= MAX_OFFSET;
      return {
        items: shown.filter((row) => mayOpen(actor, reader, row)).map((row) => toHit(row, words)),
        nextCursor: more ? String(offset + request.limit) : null,
      };
    },
  };
}

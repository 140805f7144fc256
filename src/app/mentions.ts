import type { Comment, Mention } from '../domain/comment.js';
import { RateLimitError } from '../domain/errors.js';
import { mentionedHandles } from '../domain/mentions.js';
import { authorizeUser } from '../domain/policy.js';
import type { Actor } from '../domain/roles.js';
import type { MentionablePerson } from '../store/mentions.repository.js';
import type { Repositories } from '../store/store.js';
import { type AppDeps, audit } from './context.js';
import { followCommented } from './follows.js';
import type { LimitsUseCases, WindowLimit } from './limits.js';

/** A member as the suggestions of `@…` show them. */
export interface PersonSuggestion {
  id: string;
  handle: string;
  name: string;
}

/** At most this many suggestions in one answer. */
export const SUGGESTIONS_MAX = 20;

/**
 * Records whom a comment's text mentions, inside the transaction that writes it: a member named
 * by a handle in use (not the writer) gets one mention row per comment, however often the comment
 * names them or is edited; the row is what their inbox reads. A member newly mentioned follows
 * what the thread is about, and the audit log says so ("comment.mention", naming the member).
 * Run as a comment hook on a new comment, and by an edit with the new text.
 */
export async function recordMentions(made: {
  repos: Repositories;
  at: string;
  actor: Actor & { userId: string };
  comment: { id: string; body: string };
  target: { type: string; id: string; meeting: { seriesSlug: string } | null };
}): Promise<void> {
  const { repos, at, actor, comment } = made;
  const handles = mentionedHandles(comment.body);
  if (handles.length === 0) return;
  for (const person of await repos.mentions.byHandles(handles)) {
    if (person.id === actor.userId) continue;
    const added = await repos.mentions.add({
      comment_id: comment.id,
      user_id: person.id,
      handle: person.handle,
      created_at: at,
    });
    if (!added) continue;
    await followCommented({ ...made, actor: { userId: person.id } });
    await audit(repos, at, actor, 'comment.mention', { type: 'user', id: person.id }, comment.id);
  }
}

/**
 * The comments with whom their texts mention: by the handle written, and by the one the person
 * holds now (a renamed handle keeps old texts linked). A comment whose text the reader may not
 * read names nobody to them.
 */
export async function withMentions(repos: Repositories, comments: Comment[]): Promise<Comment[]> {
  const readable = comments.filter((c) => c.body !== null).map((c) => c.id);
  const rows = await repos.mentions.ofComments(readable);
  if (rows.length === 0) return comments;
  const byComment = new Map<string, Mention[]>();
  for (const row of rows) {
    const list = byComment.get(row.comment_id) ?? [];
    list.push({ handle: row.written, id: row.id, name: row.name });
    if (row.handle !== '' && row.handle !== row.written)
      list.push({ handle: row.handle, id: row.id, name: row.name });
    byComment.set(row.comment_id, list);
  }
  return comments.map((c) => (byComment.has(c.id) ? { ...c, mentions: byComment.get(c.id) ?? [] } : c));
}

/**
 * A fixed-window counter in this process's memory: a read writes nothing to the database (HEAD
 * answers like GET), so the suggestions are counted here; instances sharing a database each count.
 */
function windowInProcess(limit: WindowLimit, now: () => Date) {
  const windows = new Map<string, { until: number; hits: number }>();
  return (key: string): void => {
    const at = now().getTime();
    if (windows.size > 10_000) for (const [k, w] of windows) if (w.until <= at) windows.delete(k);
    const open = windows.get(key);
    const window = open && open.until > at ? open : { until: at + limit.windowSeconds * 1000, hits: 0 };
    window.hits += 1;
    windows.set(key, window);
    if (window.hits > limit.max)
      throw new RateLimitError(Math.max(1, Math.ceil((window.until - at) / 1000)), 'error.tooManyRequests');
  };
}

/** Finding members to mention, and one's own mentions (for the inbox to come). */
export function mentionUseCases({ store, now }: AppDeps, limits: LimitsUseCases) {
  const take = windowInProcess(limits.settings.peopleSearchesPerAccount, now);
  return {
    /**
     * Members whose handle or a word of whose name begins with `text`, for a member writing a
     * comment; counted per account, as each keystroke may ask.
     */
    async suggest(actor: Actor, text: string, limit: number): Promise<PersonSuggestion[]> {
      authorizeUser(actor, 'people.search');
      take(actor.userId);
      const words = text.trim();
      if (words === '') return [];
      const rows = await store.read.mentions.search(words, Math.min(limit, SUGGESTIONS_MAX));
      return rows.map((p: MentionablePerson) => ({ id: p.id, handle: p.handle, name: p.name }));
    },

    /** The comments still shown that mention the member, newest first. */
    async mine(actor: Actor, limit = 50) {
      authorizeUser(actor, 'people.search');
      return store.read.mentions.forUser(actor.userId, limit);
    },
  };
}

export type MentionUseCases = ReturnType<typeof mentionUseCases>;

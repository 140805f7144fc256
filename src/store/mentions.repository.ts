import { type Kysely, sql } from 'kysely';
import { readableByAll } from './comments.repository.js';
import { insertUnlessExists, newestFirst } from './queries.js';
import type { DB } from './schema.js';

/** A member as a mention or a suggestion shows them: never their address. */
export interface MentionablePerson {
  id: string;
  handle: string;
  name: string;
}

/** A mention as a thread renders it: the handle written, and whom it names now. */
export interface CommentMentionRow extends MentionablePerson {
  comment_id: string;
  /** The handle as the comment wrote it (the person may have changed theirs since). */
  written: string;
}

/** A mention of one member in a comment still shown to everyone: what their inbox reads. */
export interface InboxMentionRow {
  comment_id: string;
  target_type: string;
  target_id: string;
  author_id: string | null;
  created_at: string;
}

/** `%` and `_` of a typed word taken literally in LIKE. */
const literal = (text: string) => text.replace(/[\\%_]/gu, (c) => `\\${c}`);

/** Mentions of members in comments, and finding the members one may mention. */
export function mentionsRepository(db: Kysely<DB>) {
  return { ...mentionRows(db), ...mentionable(db) };
}

/** The mention rows: written with a comment, read by threads and the inbox. */
function mentionRows(db: Kysely<DB>) {
  return {
    /** True when the comment did not name the member yet (a second time adds nothing). */
    async add(row: {
      comment_id: string;
      user_id: string;
      handle: string;
      created_at: string;
    }): Promise<boolean> {
      return insertUnlessExists(db, 'mentions', row, ['comment_id', 'user_id']);
    },

    /** The mentions of these comments, with the member each names. */
    async ofComments(commentIds: readonly string[]): Promise<CommentMentionRow[]> {
      if (commentIds.length === 0) return [];
      const rows = await db
        .selectFrom('mentions')
        .innerJoin('users', 'users.id', 'mentions.user_id')
        .select([
          'mentions.comment_id',
          'mentions.handle as written',
          'users.id',
          'users.handle',
          'users.name',
        ])
        .where('mentions.comment_id', 'in', commentIds)
        .execute();
      return rows.map((r) => ({ ...r, handle: r.handle ?? '' }));
    },

    /**
     * The member's mentions in comments everyone may read, newest first.
     */
    async forUser(userId: string, limit: number): Promise<InboxMentionRow[]> {
      const query = db
        .selectFrom('mentions')
        .innerJoin('comments', 'comments.id', 'mentions.comment_id')
        .select([
          'mentions.comment_id',
          'comments.target_type',
          'comments.target_id',
          'comments.author_id',
          'mentions.created_at',
        ])
        .where('mentions.user_id', '=', userId)
        .where(readableByAll);
      return newestFirst(query, 'mentions.created_at', 'mentions.comment_id', limit);
    },
  };
}

/** The members one may mention: by handle, or by the start of a handle or a word of a name. */
function mentionable(db: Kysely<DB>) {
  return {
    /** The members in use with these (lower-case) handles. */
    async byHandles(handles: readonly string[]): Promise<MentionablePerson[]> {
      if (handles.length === 0) return [];
      const rows = await db
        .selectFrom('users')
        .select(['id', 'handle', 'name'])
        .where('handle', 'in', handles)
        .where('disabled_at', 'is', null)
        .execute();
      return rows.map((r) => ({ id: r.id, handle: r.handle ?? '', name: r.name }));
    },

    /**
     * Members in use whose handle, or a word of whose name, begins with `text` (case ignored):
     * by name, at most `limit`.
     */
    async search(text: string, limit: number): Promise<MentionablePerson[]> {
      const word = literal(text.trim().toLowerCase());
      const rows = await db
        .selectFrom('users')
        .select(['id', 'handle', 'name'])
        .where('disabled_at', 'is', null)
        .where((eb) =>
          eb.or([
            sql<boolean>`handle like ${`${word}%`} escape '\\'`,
            sql<boolean>`lower(name) like ${`${word}%`} escape '\\'`,
            sql<boolean>`lower(name) like ${`% ${word}%`} escape '\\'`,
          ]),
        )
        .orderBy('name')
        .orderBy('id')
        .limit(limit)
        .execute();
      return rows.map((r) => ({ id: r.id, handle: r.handle ?? '', name: r.name }));
    },
  };
}

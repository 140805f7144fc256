/** Row types of the comment tables (conventions: see ./schema.ts). */

export interface CommentsTable {
  id: string;
  /** idea, topic or decision. */
  target_type: string;
  target_id: string;
  /** The first comment of the thread this one replies to. */
  parent_id: string | null;
  author_id: string | null;
  /** Empty once its author deleted it. */
  body: string;
  edited_at: string | null;
  deleted_at: string | null;
  hidden_at: string | null;
  hidden_reason: string | null;
  hidden_by: string | null;
  /** When the author deleted their account (author_id is then null). */
  author_left_at: string | null;
  /** Since when it waits for a maintainer's review; null once approved, or never held. */
  held_at: string | null;
  /** Why a maintainer rejected it while held; its author reads it. */
  rejected_reason: string | null;
  created_at: string;
  updated_at: string;
  version: number;
}

export interface CommentHistoryTable {
  id: string;
  comment_id: string;
  /** The text before an edit replaced it at `replaced_at`. */
  body: string;
  replaced_at: string;
}

export interface CommentReportsTable {
  id: string;
  comment_id: string;
  reporter_id: string | null;
  reason: string;
  created_at: string;
  /** A maintainer dismissed it: it leaves the triage queue, kept on record with their note. */
  dismissed_at: string | null;
  dismissed_by: string | null;
  dismissed_note: string | null;
}

/** A comment naming a member by `@handle` (as written), once per comment and member. */
export interface MentionsTable {
  comment_id: string;
  user_id: string;
  handle: string;
  created_at: string;
}

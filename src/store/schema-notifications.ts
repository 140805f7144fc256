/** Row types of the inbox (conventions: see ./schema.ts; the why: migration 2026-12-03-2-notifications). */

/** One event told to one member. */
export interface NotificationsTable {
  id: string;
  user_id: string;
  /** Names the event; a member holds one notification per event. */
  event_key: string;
  /** The event's name, one of the webhook events (src/domain/webhook-events.ts). */
  kind: string;
  /** What the thread is about: idea, topic, decision or meeting. */
  thread_type: string;
  thread_id: string;
  thread_title: string;
  /** The page it concerns, below the hub's base path (with a #fragment for a comment). */
  path: string;
  /** JSON: what the text needs besides the thread (an excerpt, the statuses). */
  data: string;
  created_at: string;
  actor_id: string | null;
  actor_name: string | null;
  /** The follow it came through, or null (a mention, an assignment). */
  follow_type: string | null;
  follow_id: string | null;
  read_at: string | null;
}

/** A member's choices of what reaches them by mail; no row is the defaults. */
export interface NotificationSettingsTable {
  user_id: string;
  /** each or never. */
  mail: string;
  /** JSON array of kinds whose mail the member turned off. */
  muted: string;
  updated_at: string;
}

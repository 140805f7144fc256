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
  /** When mail settled it: its own queued, a digest took it or passed it over (muted); null: not yet. */
  mailed_at: string | null;
  /** The digest that bundled it, or null. */
  digest_id: string | null;
}

/** A member's choices of what reaches them by mail; no row is the defaults. */
export interface NotificationSettingsTable {
  user_id: string;
  /** each, digest or never. */
  mail: string;
  /** JSON array of kinds whose mail the member turned off. */
  muted: string;
  updated_at: string;
  /** The hour (0-23, the member's own clock) their daily digest goes out. */
  digest_hour: number;
  /** The instant of the next digest, the one its queued job is for; null while not on the digest. */
  digest_due: string | null;
  /** When they chose the digest: nothing older goes into one. */
  digest_since: string | null;
}

/** One daily digest: what it bundled is the notifications naming it. */
export interface NotificationDigestsTable {
  id: string;
  user_id: string;
  /** The instant it was due; one digest per member and instant. */
  due: string;
  created_at: string;
  /** How many notifications it bundled. */
  count: number;
}

/** One reminder sent of one occurrence (named by its original date). */
export interface MeetingRemindersTable {
  series_id: string;
  occurrence: string;
  /** meeting.agenda_ready or meeting.starting. */
  kind: string;
  sent_at: string;
}

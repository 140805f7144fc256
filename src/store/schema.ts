import type {
  AccountTokensTable,
  ApiTokensTable,
  FormTokensTable,
  IdentitiesTable,
  InvitationsTable,
  RateLimitsTable,
  SessionsTable,
  SignInAttemptsTable,
  UsersTable,
} from './schema-accounts.js';
import type {
  BoardColumnsTable,
  BoardItemsTable,
  BoardsTable,
  RoadmapHorizonsTable,
} from './schema-board.js';
import type {
  CommentHistoryTable,
  CommentReportsTable,
  CommentsTable,
  MentionsTable,
} from './schema-comments.js';
import type { GroupMembersTable, GroupsTable } from './schema-groups.js';
import type {
  MeetingRemindersTable,
  NotificationDigestsTable,
  NotificationSettingsTable,
  NotificationsTable,
} from './schema-notifications.js';
import type {
  FollowsTable,
  IdeaInterestMilestonesTable,
  IdeaInterestTable,
  SearchDocumentsTable,
} from './schema-participation.js';
import type { ProposalHistoryTable, ProposalIdeasTable, ProposalsTable } from './schema-proposals.js';
import type {
  WebhookDeliveriesTable,
  WebhookEndpointsTable,
  WebhookMessagesTable,
} from './schema-webhooks.js';

// The account tables' row types are part of this module's surface too.
export type * from './schema-accounts.js';
export type * from './schema-board.js';
export type * from './schema-comments.js';
export type * from './schema-groups.js';
export type * from './schema-notifications.js';
export type * from './schema-proposals.js';
export type * from './schema-webhooks.js';

/**
 * Row types of every table, as both engines store them: text ids, ISO-8601 UTC timestamps as
 * text (they sort correctly as text), integers for counters and versions, JSON as text.
 * The migrations in ./migrations create exactly these columns; test/schema.test.ts checks it.
 */

/** Columns of what people author that a new row may leave out: they start empty (null). */
export type AuthorMarks = 'proposer_left_at' | 'text_removed_at';

/** A row as written when it is made, before anyone left or removed a text. */
export type NewAuthoredRow<T extends Record<AuthorMarks, string | null>> = Omit<T, AuthorMarks> &
  Partial<Pick<T, AuthorMarks>>;

/** What an idea and a topic say alike of who proposed them, as the domain reads it from their row. */
export function proposerFields(
  row: Record<AuthorMarks, string | null> & { proposer_id: string | null; proposer_name: string | null },
) {
  return {
    proposerId: row.proposer_id,
    proposerName: row.proposer_name,
    proposerLeft: row.proposer_left_at !== null,
    textRemoved: row.text_removed_at !== null,
  };
}

export interface SettingsTable {
  key: string;
  value: string;
  version: number;
  updated_at: string;
}

export interface IdeasTable {
  id: string;
  slug: string;
  title: string;
  description: string;
  search_text: string;
  status: string;
  status_reason: string | null;
  links: string;
  proposer_id: string | null;
  created_at: string;
  updated_at: string;
  version: number;
  /** When the proposer deleted their account (see migration 2026-12-02-93-own-data). */
  proposer_left_at: string | null;
  /** When the description was removed at its author's request. */
  text_removed_at: string | null;
  /** Since when the proposal waits for a maintainer's review; null once approved, or never held. */
  held_at: string | null;
  /** Why a maintainer rejected it while held; its proposer reads it. */
  rejected_reason: string | null;
  /** The group it belongs to, if any (migration 2026-12-05-2-groups). */
  group_id: string | null;
}

export interface IdeaTagsTable {
  idea_id: string;
  tag: string;
}

export interface IdeaHistoryTable {
  id: string;
  idea_id: string;
  at: string;
  actor_id: string | null;
  action: string;
  from_status: string | null;
  to_status: string | null;
  reason: string | null;
  fields: string | null;
  /** `series-slug/YYYY-MM-DD` of the meeting that decided this change, if any. */
  meeting: string | null;
}

export interface AuditLogTable {
  id: string;
  at: string;
  actor_id: string | null;
  action: string;
  entity_type: string;
  entity_id: string;
  summary: string;
}

export interface MeetingSeriesTable {
  id: string;
  slug: string;
  title: string;
  purpose: string;
  weekday: number;
  start_time: string;
  duration_minutes: number;
  time_zone: string;
  week_rule: string;
  interval_weeks: number | null;
  /** With week_rule 'monthly': 1 to 5, or -1 for the last weekday of the month. */
  month_ordinal: number | null;
  /** With week_rule 'monthlyAfter': the ISO weekday counted from (month_ordinal says which one). */
  after_weekday: number | null;
  /** 1: followers and subscribers are reminded 24 h before each meeting, with the agenda. */
  remind_24h: number;
  /** 1: … and 15 minutes before it starts. */
  remind_15m: number;
  start_date: string;
  end_date: string | null;
  platform: string;
  join_url: string | null;
  /** Where the notes and agendas are kept (http or https). */
  notes_url: string | null;
  recordings_url: string | null;
  languages: string;
  recorded: number;
  invitation_info: string;
  contribute_note: string;
  sequence: number;
  version: number;
  created_at: string;
  updated_at: string;
  /** The group whose meetings these are, if any. */
  group_id: string | null;
}

export interface OccurrenceChangesTable {
  id: string;
  series_id: string;
  /** The occurrence's original local date (for an extra meeting: its date). */
  date: string;
  kind: string;
  reason: string | null;
  moved_to_date: string | null;
  start_time: string | null;
  duration_minutes: number | null;
  sequence: number;
  version: number;
  created_at: string;
  updated_at: string;
}

export interface CalendarSubscribersTable {
  id: string;
  series_id: string;
  email: string;
  locale: string;
  /** pending (waiting for the confirmation click), confirmed, unsubscribed. */
  status: string;
  created_at: string;
  confirmation_sent_at: string | null;
  confirmed_at: string | null;
  unsubscribed_at: string | null;
  version: number;
}

export interface OutboxTable {
  id: string;
  kind: string;
  payload: string;
  /** pending, done, failed. */
  status: string;
  attempts: number;
  run_after: string;
  claimed_by: string | null;
  claimed_until: string | null;
  last_error: string | null;
  created_at: string;
  done_at: string | null;
  /** A job queued twice under one key is one row (see the outbox repository's enqueue); NULL for most. */
  unique_key: string | null;
}

/** A stamp per topic, renewed by every write to that data (see changes.repository.ts). */
export interface ChangeMarkersTable {
  topic: string;
  stamp: string;
}

export interface AgendaTopicsTable {
  id: string;
  series_id: string;
  /** Key (original local date) of the occurrence the topic is on. */
  occurrence: string;
  title: string;
  description: string;
  links: string;
  minutes: number;
  /** proposed, accepted, deferred, withdrawn, discussed. */
  status: string;
  position: number;
  proposer_id: string | null;
  carried_from: string | null;
  /** The occurrences it was carried over from, oldest first: a JSON list of keys. */
  carried_through: string;
  idea_id: string | null;
  notes: string;
  created_at: string;
  updated_at: string;
  version: number;
  /** When the proposer deleted their account (see migration 2026-12-02-93-own-data). */
  proposer_left_at: string | null;
  /** When the description was removed at its author's request. */
  text_removed_at: string | null;
  /** The enhancement proposal the topic brings to the meeting, if any. */
  proposal_id: string | null;
}

export interface MinutesTable {
  id: string;
  series_id: string;
  occurrence: string;
  body: string;
  attendee_count: number | null;
  attendee_names: string;
  /** draft or published. */
  status: string;
  published_at: string | null;
  /** JSON: the roadmap and in-progress ideas as they were when the minutes were published. */
  overview: string | null;
  /** JSON: the board cards in progress when the minutes were published. */
  overview_work: string | null;
  note_taker_id: string | null;
  /** When a maintainer started the meeting ahead of its time. */
  started_at: string | null;
  created_at: string;
  updated_at: string;
  version: number;
}

export interface DecisionsTable {
  id: string;
  series_id: string;
  occurrence: string;
  text: string;
  idea_id: string | null;
  to_status: string | null;
  reason: string | null;
  created_by: string | null;
  created_at: string;
  /** final, proposed (lazy consensus: waiting for its objection window) or objected. */
  state: string;
  objection_hours: number | null;
  /** Set when the window opens, i.e. when the minutes holding the decision are published. */
  objection_deadline: string | null;
  final_at: string | null;
  /** Counts every change (window opened, objected, final); the ETag of the API. */
  version: number;
  /** The enhancement proposal the decision moves, and the state it moves it to when it takes effect. */
  proposal_id: string | null;
  proposal_state: string | null;
}

export interface ObjectionsTable {
  id: string;
  decision_id: string;
  user_id: string | null;
  reason: string;
  created_at: string;
}

export interface ActionItemsTable {
  id: string;
  series_id: string;
  occurrence: string;
  text: string;
  assignee: string;
  due_date: string | null;
  idea_id: string | null;
  done: number;
  created_at: string;
  updated_at: string;
  version: number;
}

export interface DB {
  users: UsersTable;
  sessions: SessionsTable;
  account_tokens: AccountTokensTable;
  api_tokens: ApiTokensTable;
  invitations: InvitationsTable;
  rate_limits: RateLimitsTable;
  settings: SettingsTable;
  ideas: IdeasTable;
  idea_tags: IdeaTagsTable;
  idea_history: IdeaHistoryTable;
  audit_log: AuditLogTable;
  meeting_series: MeetingSeriesTable;
  occurrence_changes: OccurrenceChangesTable;
  calendar_subscribers: CalendarSubscribersTable;
  outbox: OutboxTable;
  meeting_reminders: MeetingRemindersTable;
  change_markers: ChangeMarkersTable;
  agenda_topics: AgendaTopicsTable;
  minutes: MinutesTable;
  decisions: DecisionsTable;
  objections: ObjectionsTable;
  action_items: ActionItemsTable;
  boards: BoardsTable;
  board_columns: BoardColumnsTable;
  board_items: BoardItemsTable;
  roadmap_horizons: RoadmapHorizonsTable;
  form_tokens: FormTokensTable;
  identities: IdentitiesTable;
  sign_in_attempts: SignInAttemptsTable;
  idea_interest: IdeaInterestTable;
  idea_interest_milestones: IdeaInterestMilestonesTable;
  follows: FollowsTable;
  comments: CommentsTable;
  comment_history: CommentHistoryTable;
  comment_reports: CommentReportsTable;
  mentions: MentionsTable;
  search_documents: SearchDocumentsTable;
  webhook_endpoints: WebhookEndpointsTable;
  webhook_messages: WebhookMessagesTable;
  webhook_deliveries: WebhookDeliveriesTable;
  notifications: NotificationsTable;
  notification_settings: NotificationSettingsTable;
  notification_digests: NotificationDigestsTable;
  proposals: ProposalsTable;
  proposal_history: ProposalHistoryTable;
  proposal_ideas: ProposalIdeasTable;
  groups: GroupsTable;
  group_members: GroupMembersTable;
}

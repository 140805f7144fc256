import * as col from './columns.js';

/**
 * The inbox. A notification is one event told to one member: it is written in the transaction
 * of the event, and `event_key` names the event so that a member hears of it once however many
 * ways it concerns them (following the idea and being mentioned in the comment). What it says
 * is rendered when read, in the reader's language, from `kind` and `data` (JSON); the thread's
 * title is kept as it was, so a list stays readable when its subject goes. `follow_type` and
 * `follow_id` name the follow it came through (null for a mention or an assignment), which the
 * mail's unsubscribe link ends.
 *
 * Notification settings are one row per member who changed them: whether to mail each event
 * (`mail`: each or never) and the kinds whose mail they turned off (`muted`, a JSON array).
 */
export async function up(db: col.AnyDB): Promise<void> {
  await col.createTable(db, 'notifications', [
    col.id,
    col.belongsTo('user_id', 'users'),
    col.texts('event_key', 'kind', 'thread_type', 'thread_id', 'thread_title', 'path', 'data', 'created_at'),
    col.refersTo('actor_id', 'users'),
    col.optionalTexts('actor_name', 'follow_type', 'follow_id', 'read_at'),
    col.unique('notifications_user_event_key', ['user_id', 'event_key']),
  ]);
  await col.createIndex(db, 'notifications_user_idx', 'notifications', ['user_id', 'id']);
  await col.createIndex(db, 'notifications_unread_idx', 'notifications', ['user_id', 'read_at']);

  await col.createTable(db, 'notification_settings', [
    col.belongsTo('user_id', 'users'),
    col.texts('mail', 'muted', 'updated_at'),
    col.primaryKey('notification_settings_pkey', ['user_id']),
  ]);
}

export async function down(db: col.AnyDB): Promise<void> {
  await col.dropTables(db, 'notification_settings', 'notifications');
}

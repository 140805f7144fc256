import * as col from './columns.js';

export async function up(db: col.AnyDB): Promise<void> {
  await col.createTable(db, 'users', [
    col.id,
    col.uniqueText('email'),
    col.texts('name', 'role'),
    col.optionalTexts('password_hash', 'locale', 'time_zone'),
    col.timestamps,
    col.versionFromOne,
  ]);
  await col.createIndex(db, 'users_role_idx', 'users', ['role']);

  await col.createTable(db, 'sessions', [
    col.id,
    col.belongsTo('user_id', 'users'),
    col.texts('created_at', 'expires_at'),
  ]);
  await col.createIndex(db, 'sessions_user_idx', 'sessions', ['user_id']);

  await col.createTable(db, 'api_tokens', [
    col.id,
    col.belongsTo('user_id', 'users'),
    col.texts('name'),
    col.uniqueText('token_hash'),
    col.texts('created_at'),
    col.optionalTexts('last_used_at', 'revoked_at'),
  ]);
  await col.createIndex(db, 'api_tokens_user_idx', 'api_tokens', ['user_id']);

  await col.createTable(db, 'invitations', [
    col.id,
    col.uniqueText('token_hash'),
    col.texts('role'),
    col.belongsTo('created_by', 'users'),
    col.texts('created_at', 'expires_at'),
    col.optionalTexts('used_at'),
    col.refersTo('used_by', 'users'),
  ]);

  await createLoginAttempts(db);

  await col.createTable(db, 'settings', [
    col.key('key'),
    col.texts('value'),
    col.versionFromOne,
    col.texts('updated_at'),
  ]);

  await col.createTable(db, 'ideas', [
    col.id,
    col.uniqueText('slug'),
    col.texts('title', 'description', 'search_text', 'status'),
    col.optionalTexts('status_reason'),
    col.texts('links'),
    col.refersTo('proposer_id', 'users'),
    col.timestamps,
    col.versionFromOne,
  ]);
  await col.createIndex(db, 'ideas_status_idx', 'ideas', ['status']);
  await col.createIndex(db, 'ideas_updated_at_idx', 'ideas', ['updated_at']);

  await col.createTable(db, 'idea_tags', [
    col.belongsTo('idea_id', 'ideas'),
    col.texts('tag'),
    col.primaryKey('idea_tags_pk', ['idea_id', 'tag']),
  ]);
  await col.createIndex(db, 'idea_tags_tag_idx', 'idea_tags', ['tag']);

  await col.createTable(db, 'idea_history', [
    col.id,
    col.belongsTo('idea_id', 'ideas'),
    col.texts('at'),
    col.refersTo('actor_id', 'users'),
    col.texts('action'),
    col.optionalTexts('from_status', 'to_status', 'reason', 'fields'),
  ]);
  await col.createIndex(db, 'idea_history_idea_idx', 'idea_history', ['idea_id', 'id']);

  await col.createTable(db, 'audit_log', [
    col.id,
    col.texts('at'),
    col.refersTo('actor_id', 'users'),
    col.texts('action', 'entity_type', 'entity_id', 'summary'),
  ]);
  await col.createIndex(db, 'audit_log_entity_idx', 'audit_log', ['entity_type', 'entity_id']);
}

/** The sign-in attempt log; 2026-12-02-1-rate-limits replaces it, and makes it again when undone. */
export async function createLoginAttempts(db: col.AnyDB): Promise<void> {
  await col.createTable(db, 'login_attempts', [col.id, col.texts('key', 'at')]);
  await col.createIndex(db, 'login_attempts_key_at_idx', 'login_attempts', ['key', 'at']);
}

export async function down(db: col.AnyDB): Promise<void> {
  await col.dropTables(
    db,
    'audit_log',
    'idea_history',
    'idea_tags',
    'ideas',
    'settings',
    'login_attempts',
    'invitations',
    'api_tokens',
    'sessions',
    'users',
  );
}

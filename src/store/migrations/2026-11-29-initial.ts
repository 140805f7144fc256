import * as col from './columns.js';

export async function up(db: col.AnyDB): Promise<void> {
  await db.schema
    .createTable('users')
    .$call(col.id)
    .$call(col.uniqueText('email'))
    .$call(col.texts('name', 'role'))
    .$call(col.optionalTexts('password_hash', 'locale', 'time_zone'))
    .$call(col.timestamps)
    .$call(col.versionFromOne)
    .execute();
  await col.createIndex(db, 'users_role_idx', 'users', ['role']);

  await db.schema
    .createTable('sessions')
    .$call(col.id)
    .$call(col.belongsTo('user_id', 'users'))
    .$call(col.texts('created_at', 'expires_at'))
    .execute();
  await col.createIndex(db, 'sessions_user_idx', 'sessions', ['user_id']);

  await db.schema
    .createTable('api_tokens')
    .$call(col.id)
    .$call(col.belongsTo('user_id', 'users'))
    .$call(col.texts('name'))
    .$call(col.uniqueText('token_hash'))
    .$call(col.texts('created_at'))
    .$call(col.optionalTexts('last_used_at', 'revoked_at'))
    .execute();
  await col.createIndex(db, 'api_tokens_user_idx', 'api_tokens', ['user_id']);

  await db.schema
    .createTable('invitations')
    .$call(col.id)
    .$call(col.uniqueText('token_hash'))
    .$call(col.texts('role'))
    .$call(col.belongsTo('created_by', 'users'))
    .$call(col.texts('created_at', 'expires_at'))
    .$call(col.optionalTexts('used_at'))
    .$call(col.refersTo('used_by', 'users'))
    .execute();

  await createLoginAttempts(db);

  await db.schema
    .createTable('settings')
    .$call(col.key('key'))
    .$call(col.texts('value'))
    .$call(col.versionFromOne)
    .$call(col.texts('updated_at'))
    .execute();

  await db.schema
    .createTable('ideas')
    .$call(col.id)
    .$call(col.uniqueText('slug'))
    .$call(col.texts('title', 'description', 'search_text', 'status'))
    .$call(col.optionalTexts('status_reason'))
    .$call(col.texts('links'))
    .$call(col.refersTo('proposer_id', 'users'))
    .$call(col.timestamps)
    .$call(col.versionFromOne)
    .execute();
  await col.createIndex(db, 'ideas_status_idx', 'ideas', ['status']);
  await col.createIndex(db, 'ideas_updated_at_idx', 'ideas', ['updated_at']);

  await db.schema
    .createTable('idea_tags')
    .$call(col.belongsTo('idea_id', 'ideas'))
    .$call(col.texts('tag'))
    .addPrimaryKeyConstraint('idea_tags_pk', ['idea_id', 'tag'])
    .execute();
  await col.createIndex(db, 'idea_tags_tag_idx', 'idea_tags', ['tag']);

  await db.schema
    .createTable('idea_history')
    .$call(col.id)
    .$call(col.belongsTo('idea_id', 'ideas'))
    .$call(col.texts('at'))
    .$call(col.refersTo('actor_id', 'users'))
    .$call(col.texts('action'))
    .$call(col.optionalTexts('from_status', 'to_status', 'reason', 'fields'))
    .execute();
  await col.createIndex(db, 'idea_history_idea_idx', 'idea_history', ['idea_id', 'id']);

  await db.schema
    .createTable('audit_log')
    .$call(col.id)
    .$call(col.texts('at'))
    .$call(col.refersTo('actor_id', 'users'))
    .$call(col.texts('action', 'entity_type', 'entity_id', 'summary'))
    .execute();
  await col.createIndex(db, 'audit_log_entity_idx', 'audit_log', ['entity_type', 'entity_id']);
}

/** The sign-in attempt log; 2026-12-02-1-rate-limits replaces it, and makes it again when undone. */
export async function createLoginAttempts(db: col.AnyDB): Promise<void> {
  await db.schema.createTable('login_attempts').$call(col.id).$call(col.texts('key', 'at')).execute();
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

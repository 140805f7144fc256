import {
  type AnyDB,
  belongsTo,
  createIndex,
  dropTables,
  id,
  key,
  optionalTexts,
  refersTo,
  texts,
  timestamps,
  versionFromOne,
} from './columns.js';

export async function up(db: AnyDB): Promise<void> {
  await db.schema
    .createTable('users')
    .$call(id)
    .addColumn('email', 'text', (c) => c.notNull().unique())
    .$call(texts('name', 'role'))
    .$call(optionalTexts('password_hash', 'locale', 'time_zone'))
    .$call(timestamps)
    .$call(versionFromOne)
    .execute();
  await createIndex(db, 'users_role_idx', 'users', ['role']);

  await db.schema
    .createTable('sessions')
    .$call(id)
    .$call(belongsTo('user_id', 'users'))
    .$call(texts('created_at', 'expires_at'))
    .execute();
  await createIndex(db, 'sessions_user_idx', 'sessions', ['user_id']);

  await db.schema
    .createTable('api_tokens')
    .$call(id)
    .$call(belongsTo('user_id', 'users'))
    .$call(texts('name'))
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .$call(texts('created_at'))
    .$call(optionalTexts('last_used_at', 'revoked_at'))
    .execute();
  await createIndex(db, 'api_tokens_user_idx', 'api_tokens', ['user_id']);

  await db.schema
    .createTable('invitations')
    .$call(id)
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .$call(texts('role'))
    .$call(belongsTo('created_by', 'users'))
    .$call(texts('created_at', 'expires_at'))
    .$call(optionalTexts('used_at'))
    .$call(refersTo('used_by', 'users'))
    .execute();

  await createLoginAttempts(db);

  await db.schema
    .createTable('settings')
    .$call(key('key'))
    .$call(texts('value'))
    .$call(versionFromOne)
    .$call(texts('updated_at'))
    .execute();

  await db.schema
    .createTable('ideas')
    .$call(id)
    .addColumn('slug', 'text', (c) => c.notNull().unique())
    .$call(texts('title', 'description', 'search_text', 'status'))
    .$call(optionalTexts('status_reason'))
    .$call(texts('links'))
    .$call(refersTo('proposer_id', 'users'))
    .$call(timestamps)
    .$call(versionFromOne)
    .execute();
  await createIndex(db, 'ideas_status_idx', 'ideas', ['status']);
  await createIndex(db, 'ideas_updated_at_idx', 'ideas', ['updated_at']);

  await db.schema
    .createTable('idea_tags')
    .$call(belongsTo('idea_id', 'ideas'))
    .$call(texts('tag'))
    .addPrimaryKeyConstraint('idea_tags_pk', ['idea_id', 'tag'])
    .execute();
  await createIndex(db, 'idea_tags_tag_idx', 'idea_tags', ['tag']);

  await db.schema
    .createTable('idea_history')
    .$call(id)
    .$call(belongsTo('idea_id', 'ideas'))
    .$call(texts('at'))
    .$call(refersTo('actor_id', 'users'))
    .$call(texts('action'))
    .$call(optionalTexts('from_status', 'to_status', 'reason', 'fields'))
    .execute();
  await createIndex(db, 'idea_history_idea_idx', 'idea_history', ['idea_id', 'id']);

  await db.schema
    .createTable('audit_log')
    .$call(id)
    .$call(texts('at'))
    .$call(refersTo('actor_id', 'users'))
    .$call(texts('action', 'entity_type', 'entity_id', 'summary'))
    .execute();
  await createIndex(db, 'audit_log_entity_idx', 'audit_log', ['entity_type', 'entity_id']);
}

/** The sign-in attempt log; 2026-12-02-1-rate-limits replaces it, and makes it again when undone. */
export async function createLoginAttempts(db: AnyDB): Promise<void> {
  await db.schema.createTable('login_attempts').$call(id).$call(texts('key', 'at')).execute();
  await createIndex(db, 'login_attempts_key_at_idx', 'login_attempts', ['key', 'at']);
}

export async function down(db: AnyDB): Promise<void> {
  await dropTables(
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

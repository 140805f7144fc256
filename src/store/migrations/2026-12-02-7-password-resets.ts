import * as col from './columns.js';

/**
 * Links sent by mail that prove who holds an address: a password reset, and the check of an
 * account's e-mail address. Only their SHA-256 is kept; each works once and until it expires.
 * Sessions remember the browser they began in and when they were last used, so their owner can
 * see them and end one.
 */
export async function up(db: col.AnyDB): Promise<void> {
  await col.createTable(db, 'account_tokens', [
    // SHA-256 of the secret in the link (hex).
    col.key('token_hash'),
    // 'password-reset' or 'email-verification'.
    col.texts('purpose'),
    col.belongsTo('user_id', 'users'),
    // The address the link was sent to: a link for an address the account no longer has proves nothing.
    col.texts('email', 'created_at', 'expires_at'),
    col.optionalTexts('used_at'),
  ]);
  await col.createIndex(db, 'account_tokens_user_id_idx', 'account_tokens', ['user_id']);
  // When the account's address was last shown to be its owner's; null until then.
  await db.schema.alterTable('users').addColumn('email_verified_at', 'text').execute();
  // The browser's User-Agent as sent when the session was last seen, and when that was.
  await db.schema.alterTable('sessions').addColumn('user_agent', 'text').execute();
  await db.schema.alterTable('sessions').addColumn('last_seen_at', 'text').execute();
}

export async function down(db: col.AnyDB): Promise<void> {
  await db.schema.alterTable('sessions').dropColumn('last_seen_at').execute();
  await db.schema.alterTable('sessions').dropColumn('user_agent').execute();
  await db.schema.alterTable('users').dropColumn('email_verified_at').execute();
  await db.schema.dropTable('account_tokens').execute();
}

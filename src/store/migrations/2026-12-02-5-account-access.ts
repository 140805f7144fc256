import type { Kysely } from 'kysely';

// biome-ignore lint/suspicious/noExplicitAny: a migration must not depend on the current row types
type AnyDB = Kysely<any>;

/**
 * Accounts an admin disabled, and API tokens that end by themselves. A disabled account keeps
 * its content but cannot sign in, and its sessions and tokens stop working; a token with an
 * expiry works until then.
 */
export async function up(db: AnyDB): Promise<void> {
  // When an admin disabled the account; null while it is in use.
  await db.schema.alterTable('users').addColumn('disabled_at', 'text').execute();
  // When the token stops working; null for a token that works until revoked.
  await db.schema.alterTable('api_tokens').addColumn('expires_at', 'text').execute();
}

export async function down(db: AnyDB): Promise<void> {
  await db.schema.alterTable('api_tokens').dropColumn('expires_at').execute();
  await db.schema.alterTable('users').dropColumn('disabled_at').execute();
}

import * as col from './columns.js';

/**
 * Sign-in through other sites: an identity is an account at an OpenID Connect provider or at
 * GitHub, linked to one account here; a sign-in attempt is the state of one round trip to such
 * a site, used once and only within minutes.
 */
export async function up(db: col.AnyDB): Promise<void> {
  await col.createTable(db, 'identities', [
    col.id,
    col.belongsTo('user_id', 'users'),
    // `oidc` or `github`, and the provider's stable id of the person there.
    col.texts('provider', 'subject'),
    // What the provider last said: the address, whether it checked it, the login and picture.
    col.optionalTexts('email'),
    col.integers('email_verified'),
    col.optionalTexts('login', 'avatar_url'),
    col.texts('created_at'),
    col.optionalTexts('last_used_at'),
    col.unique('identities_provider_subject_key', ['provider', 'subject']),
  ]);
  await col.createIndex(db, 'identities_user_idx', 'identities', ['user_id']);
  await col.createTable(db, 'sign_in_attempts', [
    // The hash of the `state` sent along; the state itself lives only in the browser.
    col.key('state_hash'),
    col.texts('provider', 'code_verifier', 'nonce', 'next', 'created_at', 'expires_at'),
    // Set when a signed-in person links another sign-in to their account.
    col.refersTo('link_user_id', 'users'),
  ]);
}

export async function down(db: col.AnyDB): Promise<void> {
  await col.dropTables(db, 'sign_in_attempts', 'identities');
}

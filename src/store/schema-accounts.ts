/** Row types of the tables about accounts and signing in (conventions: see ./schema.ts). */

export interface UsersTable {
  id: string;
  email: string;
  name: string;
  role: string;
  password_hash: string | null;
  locale: string | null;
  time_zone: string | null;
  created_at: string;
  updated_at: string;
  version: number;
  /** When an admin disabled the account; null while it is in use. */
  disabled_at: string | null;
  /** When the address was last shown to be the owner's (a link from a mail); null until then. */
  email_verified_at: string | null;
  /** What `@handle` in a comment names: lower-case, unique (null only to the database). */
  handle: string | null;
}

export interface SessionsTable {
  id: string;
  user_id: string;
  created_at: string;
  expires_at: string;
  /** The browser's User-Agent when the session was last seen. */
  user_agent: string | null;
  last_seen_at: string | null;
}

/** A link sent by mail (password reset, address check): its secret's SHA-256, used once. */
export interface AccountTokensTable {
  token_hash: string;
  purpose: string;
  user_id: string;
  email: string;
  created_at: string;
  expires_at: string;
  used_at: string | null;
}

export interface ApiTokensTable {
  id: string;
  user_id: string;
  name: string;
  token_hash: string;
  created_at: string;
  last_used_at: string | null;
  revoked_at: string | null;
  expires_at: string | null;
}

export interface InvitationsTable {
  id: string;
  token_hash: string;
  role: string;
  created_by: string;
  created_at: string;
  expires_at: string;
  used_at: string | null;
  used_by: string | null;
}

/** A counter of a rate limit (src/app/limits.ts): hits of one key in the window that ends at resets_at. */
export interface RateLimitsTable {
  key: string;
  hits: number;
  resets_at: string;
}

/** One-time tokens of creating forms (see migration 2026-12-02-2-form-tokens). */
export interface FormTokensTable {
  token_hash: string;
  state: string;
  location: string | null;
  created_at: string;
}

/** Accounts elsewhere linked to one here (see migration 2026-12-02-8-identities). */
export interface IdentitiesTable {
  id: string;
  user_id: string;
  provider: string;
  subject: string;
  email: string | null;
  /** 1 when the provider said it checked the address. */
  email_verified: number;
  login: string | null;
  avatar_url: string | null;
  created_at: string;
  last_used_at: string | null;
}

/** One round trip to a sign-in provider, taken once on return. */
export interface SignInAttemptsTable {
  state_hash: string;
  provider: string;
  code_verifier: string;
  nonce: string;
  next: string;
  created_at: string;
  expires_at: string;
  link_user_id: string | null;
}

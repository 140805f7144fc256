/** Who may do what. Pure functions of a role (and ownership), used by the app layer only. */

export const ROLES = ['admin', 'maintainer', 'member'] as const;
export type Role = (typeof ROLES)[number];

/** The acting party of a request. Anonymous visitors have no user id. */
export type Actor = { kind: 'anonymous' } | { kind: 'user'; userId: string; role: Role; name: string };

export const anonymous: Actor = { kind: 'anonymous' };

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}

export function isSignedIn(actor: Actor): actor is Extract<Actor, { kind: 'user' }> {
  return actor.kind === 'user';
}

export function isMaintainer(actor: Actor): boolean {
  return actor.kind === 'user' && (actor.role === 'maintainer' || actor.role === 'admin');
}

export function isAdmin(actor: Actor): boolean {
  return actor.kind === 'user' && actor.role === 'admin';
}

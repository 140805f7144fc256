import { createHash } from 'node:crypto';
import { NotFoundError } from '../domain/errors.js';
import { authorizeUser } from '../domain/policy.js';
import type { Actor } from '../domain/roles.js';
import { deviceOf } from '../domain/user-agent.js';
import type { SessionRow } from '../store/session-list.repository.js';
import type { AppDeps } from './context.js';
import { hashSecret } from './tokens.js';
import { writer } from './write.js';

/** "Last seen" is written at most this often per session, not on every request. */
const SEEN_EVERY_MS = 5 * 60_000;
/** What of a User-Agent is kept: enough to name the device, not a fingerprint's worth. */
const USER_AGENT_MAX = 300;

/** A session as its owner sees it: never its secret or the hash the cookie is looked up by. */
export interface SessionView {
  id: string;
  device: { browser: string | null; system: string | null } | null;
  createdAt: string;
  lastSeenAt: string | null;
  /** The session this request came with. */
  current: boolean;
}

/**
 * A session's name in lists and paths: derived from the stored hash, so it names the session
 * without being what the database looks the cookie up by.
 */
function refOf(row: Pick<SessionRow, 'id'>): string {
  return createHash('sha256').update(`session-ref:${row.id}`).digest('base64url').slice(0, 22);
}

/** One's own sessions: which browsers are signed in, and ending one or all others. */
export function sessionListUseCases(deps: AppDeps) {
  const { store, now } = deps;
  const write = writer(deps);

  async function find(userId: string, id: string): Promise<SessionRow> {
    const row = (await store.read.sessionList.live(userId, now().toISOString())).find((r) => refOf(r) === id);
    if (!row) throw new NotFoundError('session', id);
    return row;
  }

  return {
    /** Live sessions of the account, newest first; `sessionToken` marks the one asking. */
    async list(actor: Actor, sessionToken: string | null): Promise<SessionView[]> {
      authorizeUser(actor, 'sessions.manage');
      const current = sessionToken ? hashSecret(sessionToken) : null;
      const rows = await store.read.sessionList.live(actor.userId, now().toISOString());
      return rows.map((row) => ({
        id: refOf(row),
        device: deviceOf(row.user_agent),
        createdAt: row.created_at,
        lastSeenAt: row.last_seen_at,
        current: row.id === current,
      }));
    },

    /** Ends one session: its browser is signed out at its next request. */
    async revoke(actor: Actor, id: string): Promise<void> {
      authorizeUser(actor, 'sessions.manage');
      const row = await find(actor.userId, id);
      await write(actor, async ({ repos, audit }) => {
        if (!(await repos.sessionList.deleteOne(actor.userId, row.id)))
          throw new NotFoundError('session', id);
        await audit('session.revoke', { type: 'user', id: actor.userId }, 'one session signed out');
      });
    },

    /** Ends every session of the account but the one asking (all of them for a script). */
    async revokeOthers(actor: Actor, sessionToken: string | null): Promise<void> {
      authorizeUser(actor, 'sessions.manage');
      await write(actor, async ({ repos, audit }) => {
        await repos.sessions.deleteForUser(actor.userId, sessionToken ? hashSecret(sessionToken) : undefined);
        await audit('session.revokeOthers', { type: 'user', id: actor.userId }, 'other sessions signed out');
      });
    },

    /** Notes that a session was used now, from this browser; cheap when it was noted lately. */
    async seen(sessionToken: string, userAgent: string | undefined): Promise<void> {
      const id = hashSecret(sessionToken);
      const at = now();
      const row = await store.read.sessionList.seen(id);
      if (!row) return;
      // The browser is the one that signed in: a later request with another User-Agent does not
      // rename the session, and a request is written down only now and then.
      const agent = row.user_agent ?? (userAgent ? userAgent.slice(0, USER_AGENT_MAX) : null);
      const last = row.last_seen_at ? Date.parse(row.last_seen_at) : 0;
      if (at.getTime() - last < SEEN_EVERY_MS) return;
      await store.read.sessionList.markSeen(id, at.toISOString(), agent);
    },
  };
}

export type SessionListUseCases = ReturnType<typeof sessionListUseCases>;

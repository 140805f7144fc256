/**
 * Telling "the database is away for now" from every other database error. A restart, a
 * failover, a pooler dropping connections or a locked SQLite file are no bug of ours and no
 * fault of the request: the reader should hear "try again shortly" (503), not "internal error".
 */

/**
 * PostgreSQL SQLSTATEs of a database that is (re)starting, shutting down or out of connection
 * slots: class 08 (connection exception), 57P01 admin_shutdown, 57P02 crash_shutdown,
 * 57P03 cannot_connect_now, 53300 too_many_connections.
 */
const PG_UNAVAILABLE = /^(?:08...|57P0[123]|53300)$/u;

/** Socket errors of a connection that could not be made or was cut. */
const SOCKET_UNAVAILABLE = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EAI_AGAIN',
  'ENOTFOUND',
]);

/**
 * What `pg` says, in plain Error messages, of a connection that ended, never opened in time,
 * or broke earlier (a client that saw an error refuses further queries).
 */
const PG_CLIENT_MESSAGES =
  /^(?:Connection terminated(?: unexpectedly| due to connection timeout)?|timeout exceeded when trying to connect|Client has encountered a connection error and is not queryable|Client was closed and is not queryable|Cannot use a pool after calling end on the pool)$/u;

/** SQLite: the file stayed locked past busy_timeout (another process holds a long write). */
const SQLITE_UNAVAILABLE = new Set(['SQLITE_BUSY', 'SQLITE_LOCKED']);

/** True when `err` (or what caused it) says the database cannot be reached right now. */
export function isDatabaseUnavailable(err: unknown): boolean {
  for (let e = err, depth = 0; e && typeof e === 'object' && depth < 5; depth++) {
    const { code, message, cause, errors } = e as {
      code?: unknown;
      message?: unknown;
      cause?: unknown;
      errors?: unknown;
    };
    if (typeof code === 'string') {
      if (PG_UNAVAILABLE.test(code) || SOCKET_UNAVAILABLE.has(code) || SQLITE_UNAVAILABLE.has(code))
        return true;
      if (code.startsWith('SQLITE_BUSY')) return true;
    }
    if (typeof message === 'string' && PG_CLIENT_MESSAGES.test(message)) return true;
    // A host name with several addresses fails as an AggregateError of one error per address.
    e = cause ?? (Array.isArray(errors) ? errors[0] : undefined);
  }
  return false;
}

/** Seconds a client is asked to wait before trying again while the database is away. */
export const UNAVAILABLE_RETRY_AFTER_SECONDS = 5;

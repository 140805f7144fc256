/**
 * Whether an error from either engine means the database has no room to write: SQLite's
 * SQLITE_FULL (a full disk, or the file at its max_page_count) or PostgreSQL's disk_full
 * (SQLSTATE 53100). Follows `cause`, where a wrapper keeps the driver's error.
 */
export function isDiskFull(err: unknown): boolean {
  for (let e = err, depth = 0; e && typeof e === 'object' && depth < 5; depth++) {
    const code = (e as { code?: unknown }).code;
    if (code === 'SQLITE_FULL' || code === '53100') return true;
    e = (e as { cause?: unknown }).cause;
  }
  return false;
}

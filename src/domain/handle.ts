import type { FieldProblem } from './errors.js';

/**
 * A member's handle: what `@handle` in a comment names. Lower-case letters and digits, with `-`
 * and `_` inside (never at an end, so `@anna-` in "@anna- well" still names anna), at most 39
 * characters. Stored lower-case, so two handles differing only in case cannot both exist.
 */
export const HANDLE_MAX = 39;

const HANDLE = /^[a-z0-9](?:[a-z0-9_-]{0,37}[a-z0-9])?$/u;

/** The handle typed (trimmed, a leading `@` and case ignored), or null with the field's problem added. */
export function checkHandle(value: unknown, problems: FieldProblem[]): string | null {
  const text = typeof value === 'string' ? value.trim().replace(/^@/u, '').toLowerCase() : '';
  if (text === '') {
    problems.push({ field: 'handle', key: 'error.required' });
    return null;
  }
  if (!HANDLE.test(text)) {
    problems.push({ field: 'handle', key: 'error.badHandle', params: { max: HANDLE_MAX } });
    return null;
  }
  return text;
}

/**
 * A handle made from a display name: accents dropped, anything else than letters and digits
 * becoming one `-`. A name with none of those (written in another script) gives `member`.
 */
export function handleFromName(name: string): string {
  const base = name
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .replace(/ß/gu, 'ss')
    .toLowerCase()
    .replace(/[^a-z0-9]+/gu, '-')
    .slice(0, HANDLE_MAX)
    .replace(/^-+|-+$/gu, '');
  return base === '' ? 'member' : base;
}

/** The first of `base`, `base-2`, `base-3` … that `taken` says is free (kept within the length). */
export async function freeHandle(base: string, taken: (handle: string) => Promise<boolean>): Promise<string> {
  for (let n = 1; ; n++) {
    const suffix = n === 1 ? '' : `-${n}`;
    const handle = `${base.slice(0, HANDLE_MAX - suffix.length).replace(/[-_]+$/u, '')}${suffix}`;
    if (!(await taken(handle))) return handle;
  }
}

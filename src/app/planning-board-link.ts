import type { PageLink } from '../domain/planning-page.js';

/** The stored board link, or null when none is stored or it is not a label and an address. */
export function boardLinkOf(value: string | undefined): PageLink | null {
  if (value === undefined) return null;
  try {
    const link: unknown = JSON.parse(value);
    if (typeof link !== 'object' || link === null) return null;
    const { label, url } = link as Record<string, unknown>;
    return typeof label === 'string' && typeof url === 'string' ? { label, url } : null;
  } catch {
    return null;
  }
}

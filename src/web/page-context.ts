import type { Locale, User } from '../app/accounts.js';
import type { PageLink } from '../domain/planning-page.js';
import type { Actor } from '../domain/roles.js';
import type { Translate } from './i18n/index.js';
import type { ImagePolicy } from './markdown.js';

/** What every server-rendered page needs to know about the request it answers. */
export interface PageContext {
  locale: Locale;
  t: Translate;
  actor: Actor;
  user: User | null;
  csrfToken: string;
  /** A new one-time token for a form that creates something (a new one on every read). */
  formToken: string;
  /** Path of the current page under the base path, with query, for language links and redirects. */
  currentPath: string;
  /** A link to a path of the hub, e.g. `url('/backlog')` → `/planning/backlog`. */
  url: (path: string, query?: Record<string, string | readonly string[] | undefined>) => string;
  /** The same link with the hub's public origin, for what leaves the page (calendar apps, READMEs). */
  absoluteUrl: (path: string, query?: Record<string, string | readonly string[] | undefined>) => string;
  /** A one-line confirmation of what just happened (after a redirect). */
  notice: string | null;
  /** Which images Markdown shows: those of other sites only when an admin allows it. */
  images: ImagePolicy;
  /** The hub's name in its header and page titles: an admin's choice, else "Plenum". */
  hubName: string;
  /** The planning board the imported planning page links to (null: none), shown in the header when it is elsewhere. */
  planningBoard: PageLink | null;
  /** How many of the signed-in reader's notifications are unread; null for a visitor. */
  unread: number | null;
  /**
   * The cursor of the reader's inbox channel when `unread` was counted (null for a visitor): the
   * header's count follows the inbox live from there, on every page.
   */
  inboxCursor: string | null;
  /** The hub's clock when the page is drawn: relative hints ("in 3 days") count from it. */
  now: Date;
}

export function buildUrl(
  basePath: string,
  path: string,
  query?: Record<string, string | readonly string[] | undefined>,
): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query ?? {})) {
    if (value === undefined || value === '') continue;
    for (const v of typeof value === 'string' ? [value] : value) params.append(key, v);
  }
  const qs = params.toString();
  return `${basePath}${path}${qs ? `?${qs}` : ''}`;
}

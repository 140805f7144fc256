import type { PageLink } from '../domain/planning-page.js';
import type { Schedule } from '../domain/schedule.js';
import type { Locale } from './accounts.js';

/** What an import of a planning page is asked, and what it would do: the preview both doors show. */

export interface ImportOptions {
  /** ISO weekday 1–7, when the page does not say it. */
  weekday?: number | undefined;
  /** IANA zone, when the page does not say it (else Europe/Berlin, reported as assumed). */
  timeZone?: string | undefined;
  /** Language the page is written in; its texts are stored as that language's. */
  lang?: Locale | undefined;
}

/** A fact the page did not state and the import filled in; always reported. */
export interface Assumption {
  key:
    | 'docs.assumedTimeZone'
    | 'docs.assumedStartDate'
    | 'docs.weekdayFromOption'
    | 'docs.timeZoneFromOption';
  params: Record<string, string | number>;
}

export interface ImportPlan {
  series: {
    action: 'create' | 'update' | 'unchanged';
    title: string;
    fields: string[];
    /** The schedule as read from the page (and the choices given for what it does not say). */
    schedule: Schedule;
  };
  board: 'set' | 'unchanged' | 'none';
  /** The planning board the page links to, if it does. */
  boardLink: PageLink | null;
  texts: string[];
  layout: 'set' | 'unchanged';
  ideas: {
    create: string[];
    update: { title: string; fields: string[] }[];
    unchanged: number;
    /** In the backlog but not on the page: left as they are. */
    notOnPage: string[];
  };
  assumptions: Assumption[];
  /** True when applying would change nothing. */
  unchanged: boolean;
}

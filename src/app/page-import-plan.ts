import type { PageLink } from '../domain/planning-page.js';
import type { ScheduleNote } from '../domain/planning-page-schedule.js';
import type { Schedule } from '../domain/schedule.js';
import type { FactPart, ScheduleAnswers } from '../domain/schedule-reading.js';
import type { Locale } from './accounts.js';

/** What an import of a planning page is asked, and what it would do: the preview both doors show. */

/**
 * The answers to what the page does not say (weekday, weeks, start, end, zone), and the
 * language it is written in. An answer to what the page does say overrides it, reported.
 */
export interface ImportOptions extends ScheduleAnswers {
  /** Language the page is written in; its texts are stored as that language's. */
  lang?: Locale | undefined;
}

/** A fact the page did not state and the import filled in; always reported. */
export interface Assumption {
  key:
    | 'docs.assumedStartDate'
    | 'docs.weekdayFromOption'
    | 'docs.timeZoneFromOption'
    | 'docs.weekRuleFromOption'
    | 'docs.timeFromOption';
  params: Record<string, string | number>;
}

export interface ImportPlan {
  series: {
    action: 'create' | 'update' | 'unchanged';
    title: string;
    fields: string[];
    /** The schedule as read from the page (and the choices given for what it does not say). */
    schedule: Schedule;
    /** Where the meetings are held and whether they are recorded, as the page says. */
    platform: string;
    recorded: boolean;
    /** Where each part of the schedule was read: the sentence or the table of dated meetings. */
    sources: Partial<Record<FactPart, 'sentence' | 'table'>>;
    /** What the reader noticed on the way (rows that disagree), though the schedule is complete. */
    notes: ScheduleNote[];
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

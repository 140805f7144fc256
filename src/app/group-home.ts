import { Temporal } from 'temporal-polyfill';
import type { Topic } from '../domain/agenda.js';
import type { Board } from '../domain/board.js';
import type { Group, GroupPerson } from '../domain/group.js';
import type { Idea } from '../domain/idea.js';
import { OPEN_STATUSES } from '../domain/idea-status.js';
import type { Occurrence } from '../domain/recurrence.js';
import type { Series } from '../domain/series.js';
import { toTopic } from '../store/agenda.repository.js';
import { toBoard } from '../store/board.repository.js';
import { toChange, toSeries } from '../store/series.repository.js';
import type { Repositories } from '../store/store.js';
import { groupPeople, loadGroup } from './group-steps.js';
import { nextMeeting } from './next-meeting.js';

/** A series of a group with the meeting that comes next, if any. */
export interface GroupSeries {
  series: Series;
  next: Occurrence | null;
}

/** Published minutes of one of a group's meetings, as a link to them. */
export interface GroupMinutes {
  series: Pick<Series, 'id' | 'slug' | 'title'>;
  /** The meeting's original local date, its name in URLs. */
  occurrence: string;
  publishedAt: string | null;
}

/** A group's home: who is in it, its meetings, boards and ideas. */
export interface GroupHome {
  group: Group;
  people: GroupPerson[];
  series: GroupSeries[];
  /** The meeting of the group's series that comes soonest, with its agenda (accepted topics). */
  next: (GroupSeries & { next: Occurrence; agenda: Topic[] }) | null;
  /** The latest published minutes of the group's meetings, newest first. */
  minutes: GroupMinutes[];
  boards: Board[];
  /** Open ideas, alphabetically. */
  ideas: Idea[];
}

/** How many published minutes a group's home lists. */
const RECENT_MINUTES = 3;

const startOf = (s: GroupSeries) => (s.next as Occurrence).start.toInstant();

/** The series given in order of their next meeting; those without one left out. */
export function bySoonest(series: readonly GroupSeries[]): (GroupSeries & { next: Occurrence })[] {
  return series
    .filter((s): s is GroupSeries & { next: Occurrence } => s.next !== null)
    .sort((a, b) => Temporal.Instant.compare(startOf(a), startOf(b)));
}

/** The series of a group, each with its next meeting at `now`. */
export async function seriesWithNext(
  repos: Repositories,
  groupId: string,
  now: Temporal.Instant,
): Promise<GroupSeries[]> {
  const rows = await repos.groups.seriesOf(groupId);
  return Promise.all(
    rows.map(async (row) => {
      const found = { series: toSeries(row), changes: (await repos.series.changes(row.id)).map(toChange) };
      return { series: found.series, next: await nextMeeting(repos, found, now) };
    }),
  );
}

/** The newest published minutes across the group's series. */
async function recentMinutes(repos: Repositories, series: readonly GroupSeries[]): Promise<GroupMinutes[]> {
  const lists = await Promise.all(
    series.map(async ({ series: s }) =>
      (await repos.minutes.published(s.id, RECENT_MINUTES)).map((m) => ({
        series: { id: s.id, slug: s.slug, title: s.title },
        occurrence: m.occurrence,
        publishedAt: m.published_at,
      })),
    ),
  );
  return lists
    .flat()
    .sort((a, b) => (a.occurrence === b.occurrence ? 0 : a.occurrence < b.occurrence ? 1 : -1))
    .slice(0, RECENT_MINUTES);
}

function toIdeaLite(row: Awaited<ReturnType<Repositories['ideas']['list']>>[number]): Idea {
  return {
    id: row.id,
    slug: row.slug,
    title: row.title,
    description: '',
    status: row.status as Idea['status'],
    statusReason: row.status_reason,
    tags: [],
    links: [],
    proposerId: row.proposer_id,
    proposerName: null,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    version: row.version,
    groupId: row.group_id,
  };
}

/**
 * The group's home page: its people, series with their next meeting, the soonest meeting's
 * agenda, recent minutes, boards and open ideas.
 */
export async function groupHome(
  repos: Repositories,
  slug: string,
  locale: string,
  now: Temporal.Instant,
): Promise<GroupHome> {
  const group = await loadGroup(repos, slug);
  const [people, series, boards, ideaRows] = await Promise.all([
    groupPeople(repos, group.id),
    seriesWithNext(repos, group.id, now),
    repos.groups.boardsOf(group.id),
    repos.ideas.list({ statuses: OPEN_STATUSES, groupId: group.id }),
  ]);
  const soonest = bySoonest(series)[0];
  const agenda = soonest
    ? (await repos.agenda.forOccurrence(soonest.series.id, soonest.next.key))
        .map(toTopic)
        .filter((topic) => topic.status === 'accepted')
    : [];
  const collator = new Intl.Collator(locale, { sensitivity: 'base' });
  const ideas = ideaRows
    .map(toIdeaLite)
    .sort((a, b) => collator.compare(a.title, b.title) || (a.id < b.id ? -1 : 1));
  return {
    group,
    people,
    series,
    next: soonest ? { ...soonest, agenda } : null,
    minutes: await recentMinutes(repos, series),
    boards: boards.map(toBoard),
    ideas,
  };
}

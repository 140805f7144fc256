import { type FieldProblem, RuleError, ValidationError } from './errors.js';
import { type IdeaLink, validateIdeaDraft } from './idea.js';
import { hasControlCharacters, hasLoneSurrogate, wholeNumberField } from './text.js';

/**
 * The agenda of one meeting: topics anyone signed in may bring, which maintainers accept,
 * order, shorten or defer, against the meeting's length.
 */

export const TOPIC_STATUSES = ['proposed', 'accepted', 'deferred', 'withdrawn', 'discussed'] as const;
export type TopicStatus = (typeof TOPIC_STATUSES)[number];

export interface Topic {
  id: string;
  seriesId: string;
  /** Key of the occurrence (its original local date). */
  occurrence: string;
  title: string;
  description: string;
  links: IdeaLink[];
  minutes: number;
  status: TopicStatus;
  position: number;
  proposerId: string | null;
  proposerName: string | null;
  /** The proposer deleted their account: shown as by a former member. */
  proposerLeft?: boolean;
  /** The description was removed at its author's request. */
  textRemoved?: boolean;
  /** The occurrence it was carried over from, when it was not discussed there. */
  carriedFrom: string | null;
  /** Every occurrence it was carried over from, oldest first (the last is `carriedFrom`). */
  carriedThrough: string[];
  ideaId: string | null;
  /** The enhancement proposal the topic brings, if any. */
  proposalId: string | null;
  notes: string;
  createdAt: string;
  updatedAt: string;
  version: number;
}

export interface TopicDraft {
  title: string;
  description: string;
  links: IdeaLink[];
  minutes: number;
}

export const DEFAULT_TOPIC_MINUTES = 5;
export const MAX_TOPIC_MINUTES = 240;

/** Checks a topic as typed; links follow the same rules as an idea's (http and https only). */
export function validateTopicDraft(input: {
  title?: unknown;
  description?: unknown;
  links?: unknown;
  minutes?: unknown;
}): TopicDraft {
  const problems: FieldProblem[] = [];
  let title = '';
  let description = '';
  let links: IdeaLink[] = [];
  try {
    ({ title, description, links } = validateIdeaDraft({
      title: input.title,
      description: input.description,
      links: input.links,
    }));
  } catch (err) {
    if (!(err instanceof ValidationError)) throw err;
    problems.push(...err.problems);
  }
  const minutes =
    wholeNumberField(
      input.minutes,
      'minutes',
      { min: 1, max: MAX_TOPIC_MINUTES, key: 'error.badTopicMinutes' },
      problems,
    ) ?? DEFAULT_TOPIC_MINUTES;
  if (problems.length > 0) throw new ValidationError(problems);
  return { title, description, links, minutes };
}

export function cleanNotes(value: unknown, field = 'notes', max = 20_000): string {
  if (value === undefined || value === null) return '';
  if (typeof value !== 'string') throw new ValidationError([{ field, key: 'error.notText' }]);
  const text = value.replace(/\r\n?/gu, '\n').trim();
  if ([...text].length > max) throw new ValidationError([{ field, key: 'error.tooLong', params: { max } }]);
  if (hasControlCharacters(text) || hasLoneSurrogate(text))
    throw new ValidationError([{ field, key: 'error.badCharacters' }]);
  return text;
}

const TOPIC_TRANSITIONS: Record<TopicStatus, readonly TopicStatus[]> = {
  proposed: ['accepted', 'deferred', 'withdrawn'],
  accepted: ['deferred', 'withdrawn', 'discussed', 'proposed'],
  deferred: ['accepted', 'withdrawn', 'proposed'],
  withdrawn: ['proposed'],
  discussed: ['accepted'],
};

export function checkTopicTransition(from: TopicStatus, to: TopicStatus): void {
  if (from === to) return;
  if (!TOPIC_TRANSITIONS[from].includes(to)) {
    throw new RuleError('error.topicTransition', { from, to, allowed: TOPIC_TRANSITIONS[from].join(', ') });
  }
}

/** Minutes the accepted topics ask for, against the meeting's length. */
export function timebox(topics: readonly Pick<Topic, 'status' | 'minutes'>[], meetingMinutes: number) {
  const used = topics
    .filter((t) => t.status === 'accepted' || t.status === 'discussed')
    .reduce((n, t) => n + t.minutes, 0);
  return {
    used,
    available: meetingMinutes,
    overflow: used > meetingMinutes,
    share: meetingMinutes > 0 ? used / meetingMinutes : 0,
  };
}

/** Agenda order: accepted topics by position, then proposals, then deferred ones; withdrawn last. */
export function agendaOrder<T extends Pick<Topic, 'status' | 'position' | 'createdAt' | 'id'>>(
  topics: readonly T[],
): T[] {
  const rank: Record<TopicStatus, number> = {
    accepted: 0,
    discussed: 0,
    proposed: 1,
    deferred: 2,
    withdrawn: 3,
  };
  return [...topics].sort(
    (a, b) =>
      rank[a.status] - rank[b.status] ||
      a.position - b.position ||
      (a.createdAt < b.createdAt ? -1 : a.createdAt > b.createdAt ? 1 : 0) ||
      (a.id < b.id ? -1 : 1),
  );
}

/** Topics that go on to the next meeting: accepted but not discussed, and those deferred. */
export function toCarryOver<T extends Pick<Topic, 'status'>>(topics: readonly T[]): T[] {
  return topics.filter((t) => t.status === 'accepted' || t.status === 'deferred');
}

/** A meeting a topic was on, and the one it was carried over to from there (null: it is there now). */
export interface TopicStop {
  occurrence: string;
  carriedTo: string | null;
}

/** Every meeting a topic was on, oldest first: each it was carried over from, then its own. */
export function topicStops(topic: Pick<Topic, 'occurrence' | 'carriedThrough'>): TopicStop[] {
  const keys = [...topic.carriedThrough.filter((key) => key !== topic.occurrence), topic.occurrence];
  return keys.map((occurrence, i) => ({ occurrence, carriedTo: keys[i + 1] ?? null }));
}

export function isTopicStatus(value: unknown): value is TopicStatus {
  return typeof value === 'string' && (TOPIC_STATUSES as readonly string[]).includes(value);
}

import type { TopicStatus } from '../domain/agenda.js';
import type { CommentState, CommentTargetType } from '../domain/comment.js';
import { ForbiddenError, NotFoundError } from '../domain/errors.js';
import { IDEA_STATUSES, type IdeaStatus } from '../domain/idea-status.js';
import { can } from '../domain/policy.js';
import type { Actor } from '../domain/roles.js';
import { toStoredComment } from '../store/comments.repository.js';
import type { Repositories } from '../store/store.js';
import { show } from './comment-steps.js';
import { type CommentTarget, loadTarget } from './comment-targets.js';
import type { AppDeps } from './context.js';

/** How many ideas and topics a person's page lists at most, newest first. */
export const PROFILE_LIST = 100;

/** How many of a person's latest comments their page lists; more are read, as some are not shown. */
export const PROFILE_COMMENTS = 20;

/** A comment as a person's page lists it, with where it stands in its thread. */
export interface ProfileComment {
  id: string;
  targetType: CommentTargetType;
  targetTitle: string;
  /** The comment in its thread (without the base path). */
  path: string;
  /** Hidden ones only to maintainers (and to the author). */
  state: Exclude<CommentState, 'deleted'>;
  body: string;
  createdAt: string;
  editedAt: string | null;
}

/** A person as anyone may see them: never their address, role or anything of their account. */
export interface PublicProfile {
  id: string;
  name: string;
  /** What `@handle` in a comment names. */
  handle: string;
  /** When they joined (ISO instant). */
  since: string;
  ideas: { id: string; slug: string; title: string; status: IdeaStatus; createdAt: string }[];
  topics: {
    id: string;
    title: string;
    status: TopicStatus;
    occurrence: string;
    seriesSlug: string;
    seriesTitle: string;
  }[];
  comments: ProfileComment[];
}

/** Topics the agenda shows anyone: a withdrawn one is gone from it, so from here too. */
const SHOWN_TOPICS: readonly TopicStatus[] = ['proposed', 'accepted', 'deferred', 'discussed'];

/**
 * A removed idea stays readable where it is linked, but a person's page does not carry it
 * (it was taken off the backlog) except to those who triage.
 */
function shownIdeaStatuses(actor: Actor): IdeaStatus[] {
  return IDEA_STATUSES.filter((s) => s !== 'removed' || can(actor, 'idea.triage'));
}

/**
 * The person's latest comments the actor may read, by the rules of the threads: none deleted,
 * hidden ones only to those who may read them, none on what the actor may not read.
 */
async function recentComments(read: Repositories, actor: Actor, userId: string): Promise<ProfileComment[]> {
  const rows = await read.comments.byAuthor(userId, PROFILE_COMMENTS * 3);
  const targets = new Map<string, Promise<CommentTarget | null>>();
  const targetOf = (type: CommentTargetType, id: string) => {
    const key = `${type}:${id}`;
    if (!targets.has(key)) {
      targets.set(
        key,
        loadTarget(read, actor, type, id).catch((e: unknown) => {
          // Not there, or not for this reader (a decision of draft minutes): not listed either way.
          if (e instanceof NotFoundError || e instanceof ForbiddenError) return null;
          throw e;
        }),
      );
    }
    return targets.get(key) ?? Promise.resolve(null);
  };
  const listed: ProfileComment[] = [];
  for (const row of rows) {
    if (listed.length === PROFILE_COMMENTS) break;
    const c = show(actor, toStoredComment(row));
    if (c.state === 'deleted' || c.body === null) continue;
    const target = await targetOf(c.targetType, c.targetId);
    if (!target) continue;
    listed.push({
      id: c.id,
      targetType: c.targetType,
      targetTitle: target.title,
      path: `${target.path}#comment-${c.id}`,
      state: c.state,
      body: c.body,
      createdAt: c.createdAt,
      editedAt: c.editedAt,
    });
  }
  return listed;
}

/** Public profiles: a person's name and what they brought in. */
export function peopleUseCases({ store }: AppDeps) {
  return {
    async profile(actor: Actor, id: string): Promise<PublicProfile> {
      const person = await store.read.people.find(id);
      if (!person) throw new NotFoundError('person', id);
      const [ideas, topics, comments] = await Promise.all([
        store.read.people.ideasProposed(person.id, shownIdeaStatuses(actor), PROFILE_LIST),
        store.read.people.topicsProposed(person.id, SHOWN_TOPICS, PROFILE_LIST),
        recentComments(store.read, actor, person.id),
      ]);
      return {
        id: person.id,
        name: person.name,
        handle: person.handle ?? '',
        since: person.created_at,
        ideas: ideas.map((r) => ({
          id: r.id,
          slug: r.slug,
          title: r.title,
          status: r.status as IdeaStatus,
          createdAt: r.created_at,
        })),
        topics: topics.map((r) => ({
          id: r.id,
          title: r.title,
          status: r.status as TopicStatus,
          occurrence: r.occurrence,
          seriesSlug: r.series_slug,
          seriesTitle: r.series_title,
        })),
        comments,
      };
    },
  };
}

export type PeopleUseCases = ReturnType<typeof peopleUseCases>;

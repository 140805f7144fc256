import type { TopicStatus } from '../domain/agenda.js';
import { NotFoundError } from '../domain/errors.js';
import { IDEA_STATUSES, type IdeaStatus } from '../domain/idea-status.js';
import { can } from '../domain/policy.js';
import type { Actor } from '../domain/roles.js';
import type { AppDeps } from './context.js';

/** How many ideas and topics a person's page lists at most, newest first. */
export const PROFILE_LIST = 100;

/** A person as anyone may see them: never their address, role or anything of their account. */
export interface PublicProfile {
  id: string;
  name: string;
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

/** Public profiles: a person's name and what they brought in. */
export function peopleUseCases({ store }: AppDeps) {
  return {
    async profile(actor: Actor, id: string): Promise<PublicProfile> {
      const person = await store.read.people.find(id);
      if (!person) throw new NotFoundError('person', id);
      const [ideas, topics] = await Promise.all([
        store.read.people.ideasProposed(person.id, shownIdeaStatuses(actor), PROFILE_LIST),
        store.read.people.topicsProposed(person.id, SHOWN_TOPICS, PROFILE_LIST),
      ]);
      return {
        id: person.id,
        name: person.name,
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
      };
    },
  };
}

export type PeopleUseCases = ReturnType<typeof peopleUseCases>;

import { Temporal } from 'temporal-polyfill';
import type { Topic } from '../domain/agenda.js';
import { NotFoundError, RuleError, ValidationError } from '../domain/errors.js';
import { IDEA_LIMITS, type IdeaLink } from '../domain/idea.js';
import { type Action, authorize, authorizeAttempt, authorizeUser, can } from '../domain/policy.js';
import type { Actor } from '../domain/roles.js';
import type { TopicRow } from '../store/agenda.repository.js';
import type { Repositories } from '../store/store.js';
import type { AppDeps } from './context.js';
import { findIdeaRow } from './idea-steps.js';
import { liveChannel } from './live-channels.js';
import { nextMeeting } from './next-meeting.js';
import { loadSeriesWithChanges } from './series-steps.js';
import { nominationMode } from './settings.js';
import { appendAcceptedTopic, loadTopic } from './topics.js';
import { writer } from './write.js';

/** Topics that still stand on an agenda; a nomination is not repeated beside one of them. */
const ACTIVE_TOPIC_STATUSES: readonly string[] = ['proposed', 'accepted', 'deferred'];

type Kind = 'idea' | 'item' | 'proposal';

/** Ideas, board cards and proposals are nominated under rules of their own. */
const nominationAction = (kind: Kind): Action =>
  kind === 'idea' ? 'idea.nominate' : kind === 'item' ? 'item.nominate' : 'proposal.nominate';

interface Nominee {
  title: string;
  links: IdeaLink[];
  ideaId: string | null;
  proposalId?: string;
  entity: { type: string; id: string };
  same: (topic: TopicRow) => boolean;
}

/**
 * Puts what `subject` names on the agenda of the series' next meeting by itself, accepted, the
 * way agendas are built from labelled issues. Maintainers nominate; members too when an admin
 * allows it. Something already standing on that agenda is not added twice.
 */
async function nominateWith(
  deps: AppDeps,
  actor: Actor,
  kind: Kind,
  seriesSlug: unknown,
  subject: (repos: Repositories) => Promise<Nominee>,
): Promise<Topic> {
  const instant = () => Temporal.Instant.fromEpochMilliseconds(deps.now().getTime());
  authorizeAttempt(actor, nominationAction(kind));
  return writer(deps)(actor, async ({ repos, at, audit, announce }) => {
    const membersNominate = (await nominationMode(repos)) === 'members';
    authorizeUser(actor, nominationAction(kind), { membersNominate });
    const accepted = kind !== 'proposal' || can(actor, 'proposal.nominateAccepted', { membersNominate });
    const what = await subject(repos);
    const series = await nominationSeries(repos, seriesSlug);
    const found = await loadSeriesWithChanges(repos, series);
    const next = await nextMeeting(repos, found, instant());
    if (!next) throw new RuleError('error.noNextMeeting');
    const onIt = (await repos.agenda.forOccurrence(found.series.id, next.key)).find(
      (t) => ACTIVE_TOPIC_STATUSES.includes(t.status) && what.same(t),
    );
    if (onIt) throw new RuleError('error.alreadyOnAgenda', { date: next.key });
    const id = await appendAcceptedTopic(repos, found.series.id, next.key, {
      title: what.title,
      description: '',
      links: what.links,
      proposerId: actor.userId,
      ideaId: what.ideaId,
      proposalId: what.proposalId ?? null,
      status: accepted ? 'accepted' : 'proposed',
      carriedFrom: null,
      at,
    });
    await audit('topic.nominate', what.entity, `${series}/${next.key}`);
    await announce(liveChannel.agenda(found.series.id, next.key));
    if (what.entity.type === 'proposal') await announce(liveChannel.proposal(what.entity.id));
    return loadTopic(repos, id);
  });
}

/** The series a nomination is for: the one named, or the only one there is. */
async function nominationSeries(repos: Repositories, slug: unknown): Promise<string> {
  if (typeof slug === 'string' && slug.trim() !== '') return slug.trim();
  const all = await repos.series.list();
  if (all.length === 1 && all[0]) return all[0].slug;
  throw new ValidationError([
    { field: 'series', key: all.length === 0 ? 'error.noSeries' : 'error.required' },
  ]);
}

/** Nominating ideas and board cards for the next meeting, and asking whether one may. */
export function nominationUseCases(deps: AppDeps) {
  const { store } = deps;
  return {
    /** Refuses `actor` unless they may nominate an idea or a card now (the form asks first). */
    async authorizeNomination(actor: Actor, kind: Kind): Promise<void> {
      authorizeAttempt(actor, nominationAction(kind));
      authorize(actor, nominationAction(kind), {
        membersNominate: (await nominationMode(store.read)) === 'members',
      });
    },

    /** Whether `actor` may nominate an idea or a card now, for pages deciding what to offer. */
    async mayNominate(actor: Actor, kind: Kind): Promise<boolean> {
      return can(actor, nominationAction(kind), {
        membersNominate: (await nominationMode(store.read)) === 'members',
      });
    },

    /**
     * Puts an idea on the agenda of the series' next meeting by itself, accepted, the way agendas
     * are built from labelled issues. Maintainers nominate; members too when an admin allows it.
     */
    async nominate(actor: Actor, ideaRef: string, seriesSlug: unknown): Promise<Topic> {
      return nominateWith(deps, actor, 'idea', seriesSlug, async (repos) => {
        const idea = await findIdeaRow(repos, ideaRef);
        if (!idea) throw new NotFoundError('idea', ideaRef);
        if (idea.status === 'removed') throw new RuleError('error.nominateRemoved');
        return {
          title: idea.title,
          links: [],
          ideaId: idea.id,
          entity: { type: 'idea', id: idea.id },
          same: (t) => t.idea_id === idea.id,
        };
      });
    },

    /**
     * The same for an enhancement proposal, by its number; a member who may not nominate ideas
     * proposes it as a topic, for a maintainer to accept.
     */
    async nominateProposal(actor: Actor, number: number, seriesSlug: unknown): Promise<Topic> {
      return nominateWith(deps, actor, 'proposal', seriesSlug, async (repos) => {
        const proposal = await repos.proposals.findByNumber(number);
        if (!proposal) throw new NotFoundError('proposal', String(number));
        return {
          title: Array.from(`${proposal.number}. ${proposal.title}`).slice(0, IDEA_LIMITS.title).join(''),
          links: [],
          ideaId: null,
          proposalId: proposal.id,
          entity: { type: 'proposal', id: proposal.id },
          same: (t) => t.proposal_id === proposal.id,
        };
      });
    },

    /** The same for a card of the board: it comes with its links and its idea, if it has one. */
    async nominateItem(actor: Actor, itemId: string, seriesSlug: unknown): Promise<Topic> {
      return nominateWith(deps, actor, 'item', seriesSlug, async (repos) => {
        const item = await repos.board.findItem(itemId);
        if (!item) throw new NotFoundError('item', itemId);
        return {
          title: Array.from(item.title).slice(0, IDEA_LIMITS.title).join(''),
          links: (JSON.parse(item.links) as IdeaLink[]).slice(0, IDEA_LIMITS.links),
          ideaId: item.idea_id,
          entity: { type: 'item', id: item.id },
          same: (t) => t.title === item.title,
        };
      });
    },
  };
}

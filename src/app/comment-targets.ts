import type { CommentTargetType } from '../domain/comment.js';
import { NotFoundError } from '../domain/errors.js';
import type { Acting } from '../domain/policy.js';
import type { Repositories } from '../store/store.js';
import { loadIdea } from './idea-steps.js';
import { readableDecision } from './minutes/meeting.js';
import { loadProposal, loadProposalById } from './proposal-steps.js';
import { proposalNumber } from './proposals.js';

/** What a thread of comments is about, with where a reader finds it. */
export interface CommentTarget {
  type: CommentTargetType;
  id: string;
  title: string;
  /** The page that shows the thread (without the base path). */
  path: string;
  /** The meeting a topic or decision belongs to, for a link back to it. */
  meeting: { seriesSlug: string; seriesTitle: string; occurrence: string } | null;
}

async function meetingOf(repos: Repositories, seriesId: string, occurrence: string) {
  const series = await repos.series.findById(seriesId);
  return series ? { seriesSlug: series.slug, seriesTitle: series.title, occurrence } : null;
}

/**
 * The idea (by id or slug), proposal (by number or id), topic or decision `ref` names, as far as `actor` may read it:
 * NotFoundError for one that does not exist, a removed idea and a decision in minutes the actor
 * may not read yet.
 */
export async function loadTarget(
  repos: Repositories,
  actor: Acting,
  type: CommentTargetType,
  ref: string,
): Promise<CommentTarget> {
  if (type === 'idea') {
    const idea = await loadIdea(repos, ref);
    if (idea.status === 'removed') throw new NotFoundError('idea', ref);
    return { type, id: idea.id, title: idea.title, path: `/ideas/${idea.slug}`, meeting: null };
  }
  if (type === 'proposal') {
    // An address names a proposal by its number; a stored comment by the proposal's id.
    const proposal = /^\d+$/u.test(ref)
      ? await loadProposal(repos, proposalNumber(ref))
      : await loadProposalById(repos, ref);
    if (!proposal) throw new NotFoundError('proposal', ref);
    const path = `/proposals/${proposal.number}`;
    return { type, id: proposal.id, title: `${proposal.number}. ${proposal.title}`, path, meeting: null };
  }
  if (type === 'topic') {
    const topic = await repos.agenda.findById(ref);
    if (!topic) throw new NotFoundError('topic', ref);
    const meeting = await meetingOf(repos, topic.series_id, topic.occurrence);
    return { type, id: topic.id, title: topic.title, path: `/topics/${topic.id}/comments`, meeting };
  }
  const decision = await readableDecision(repos, actor, ref);
  const meeting = await meetingOf(repos, decision.series_id, decision.occurrence);
  return { type, id: decision.id, title: decision.text, path: `/decisions/${decision.id}/comments`, meeting };
}

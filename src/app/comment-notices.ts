import { excerpt } from '../domain/notifications.js';
import type { Acting } from '../domain/policy.js';
import type { FollowTarget } from '../store/follows.repository.js';
import type { Repositories } from '../store/store.js';
import type { CommentTarget } from './comment-targets.js';
import { seriesLeads } from './group-access.js';
import { readable } from './minutes/meeting.js';
import { type Audience, followersOf, notifyStep } from './notify.js';
import { emit } from './webhook-emit.js';

/** The event of a comment becoming readable: its notifications are named by it. */
const eventKeyOf = (commentId: string) => `comment:${commentId}`;

/**
 * What the inbox says of a comment follows its text: an edit shows there too, and a hidden or
 * deleted comment leaves no words behind in anybody's inbox.
 */
export async function retellComment(
  repos: Repositories,
  comment: { id: string; parentId: string | null },
  body: string | null,
): Promise<void> {
  const data = body === null ? {} : { excerpt: excerpt(body), parentId: comment.parentId };
  await repos.notifications.rewrite(eventKeyOf(comment.id), JSON.stringify(data));
}

/** What the followers of a thread follow: the idea or proposal, or the meeting series of a topic or decision. */
async function followedOf(repos: Repositories, target: CommentTarget): Promise<FollowTarget | null> {
  if (target.type === 'idea' || target.type === 'proposal') return { kind: target.type, id: target.id };
  const series = target.meeting ? await repos.series.findBySlug(target.meeting.seriesSlug) : undefined;
  return series ? { kind: 'series', id: series.id } : null;
}

/** Who may read a decision's thread: everyone once its minutes are out, else those who read drafts. */
async function decisionReaders(repos: Repositories, target: CommentTarget) {
  if (target.type !== 'decision') return undefined;
  const decision = await repos.minutes.findDecision(target.id);
  const minutes = decision ? await repos.minutes.find(decision.series_id, decision.occurrence) : undefined;
  const leads = decision ? await seriesLeads(repos, decision.series_id) : [];
  return (reader: Acting) => readable(reader, minutes, leads).decisions;
}

/**
 * Tells the inbox of a comment everyone may read now (a new one, or a held one approved): the
 * members it mentions hear of it as a mention, the followers of its thread as a comment, each
 * once. After an edit (`followers` false) only members the new text names for the first time hear
 * of it. Webhooks hear whom it mentioned.
 */
export async function notifyComment(
  repos: Repositories,
  at: string,
  target: CommentTarget,
  commentId: string,
  { followers }: { followers: boolean },
): Promise<void> {
  const comment = await repos.comments.find(commentId);
  if (!comment) return;
  const mentioned = await repos.mentions.ofComments([commentId]);
  const follow = await followedOf(repos, target);
  const audiences: Audience[] = [
    { kind: 'comment.mentioned', userIds: mentioned.map((m) => m.id), follow: null },
  ];
  if (followers && follow) audiences.push(...(await followersOf(repos, 'comment.created', follow)));
  const path = `${target.path}#comment-${commentId}`;
  const mayRead = await decisionReaders(repos, target);
  const told = await notifyStep(repos, at, {
    eventKey: eventKeyOf(commentId),
    actor: comment.author_id ? { id: comment.author_id, name: comment.author_name ?? '' } : null,
    thread: { type: target.type, id: target.id, title: target.title },
    path,
    data: { excerpt: excerpt(comment.body), parentId: comment.parent_id },
    audiences,
    ...(mayRead ? { mayRead } : {}),
  });
  const named = mentioned.filter((m) =>
    told.some((t) => t.userId === m.id && t.kind === 'comment.mentioned'),
  );
  if (named.length === 0) return;
  await emit(repos, at, {
    type: 'comment.mentioned',
    path: path.replace(/^\//u, ''),
    data: {
      id: commentId,
      target: { type: target.type, id: target.id, title: target.title },
      mentioned: named.map((m) => ({ id: m.id, handle: m.handle })),
    },
  });
}

import { mailsKind, type NotificationKind } from '../domain/notifications.js';
import type { Acting } from '../domain/policy.js';
import { type Actor, isRole } from '../domain/roles.js';
import type { FollowTarget } from '../store/follows.repository.js';
import { newId } from '../store/ids.js';
import type { AudienceRow } from '../store/notifications.repository.js';
import type { Repositories } from '../store/store.js';
import { liveChannel } from './live-channels.js';
import { queueMail } from './mail-queue.js';

/** Who hears of an event as one kind: people named (mentioned, assigned) or the followers of a thing. */
export interface Audience {
  kind: NotificationKind;
  userIds: readonly string[];
  /** The follow they hear of it through (its mail's unsubscribe link ends it), or null. */
  follow: FollowTarget | null;
}

/** One event as the inbox tells it. */
export interface Notice {
  /** Names the event: a member hears of one event once, by the first audience that holds them. */
  eventKey: string;
  actor: { id: string; name: string } | null;
  thread: {
    type: 'idea' | 'topic' | 'decision' | 'proposal' | 'meeting' | 'board';
    id: string;
    title: string;
  };
  /** The page it concerns, below the base path. */
  path: string;
  data: Record<string, string | null>;
  audiences: readonly Audience[];
  /** Whether a reader may read what the notice tells of (a decision in draft minutes); all by default. */
  mayRead?: (reader: Acting) => boolean;
}

/** The actor of a notice: the member who did it, or nobody (the command line, the system). */
export function actorOf(actor: Actor): Notice['actor'] {
  return actor.kind === 'user' ? { id: actor.userId, name: actor.name } : null;
}

/**
 * Everyone following `target`, as an audience of `kind`; for a series or board of a group, then
 * the followers of the group (their mail's unsubscribe link ends the group's follow).
 */
export async function followersOf(
  repos: Repositories,
  kind: NotificationKind,
  target: FollowTarget,
): Promise<Audience[]> {
  const own: Audience = { kind, userIds: await repos.follows.followerIds(target), follow: target };
  if (target.kind !== 'series' && target.kind !== 'board') return [own];
  const owner =
    target.kind === 'series'
      ? (await repos.series.findById(target.id))?.group_id
      : (await repos.board.findBoard(target.id))?.group_id;
  if (!owner) return [own];
  const group: FollowTarget = { kind: 'group', id: owner };
  return [own, { kind, userIds: await repos.follows.followerIds(group), follow: group }];
}

/** The members an audience may reach: accounts in use, never the actor, only readers of the subject. */
function reachable(notice: Notice, people: Map<string, AudienceRow>, userId: string): AudienceRow | null {
  const person = people.get(userId);
  if (!person || person.disabled_at !== null || userId === notice.actor?.id) return null;
  if (notice.mayRead && isRole(person.role)) {
    const reader: Acting = { kind: 'user', userId, role: person.role, name: '' };
    if (!notice.mayRead(reader)) return null;
  }
  return person;
}

/**
 * Writes the notice to the inbox of each member it concerns, inside the transaction of the event:
 * one entry per member and event, a mail job for those who want each event mailed (those on the
 * daily digest get it there), and a word to their open inbox pages. Answers whom it told, and as
 * which kind.
 */
export async function notifyStep(
  repos: Repositories,
  at: string,
  notice: Notice,
): Promise<{ userId: string; kind: NotificationKind }[]> {
  const ids = [...new Set(notice.audiences.flatMap((a) => a.userIds))];
  const people = new Map((await repos.notifications.audience(ids)).map((p) => [p.id, p]));
  const told: { userId: string; kind: NotificationKind }[] = [];
  const seen = new Set<string>();
  for (const audience of notice.audiences) {
    for (const userId of audience.userIds) {
      const person = reachable(notice, people, userId);
      if (!person || seen.has(userId)) continue;
      seen.add(userId);
      const id = newId();
      const mails = repos.notifications.mailGoesOut && mailsKind(person.mail, person.muted, audience.kind);
      const added = await repos.notifications.add({
        id,
        user_id: userId,
        event_key: notice.eventKey,
        kind: audience.kind,
        thread_type: notice.thread.type,
        thread_id: notice.thread.id,
        thread_title: notice.thread.title,
        path: notice.path,
        data: JSON.stringify(notice.data),
        created_at: at,
        actor_id: notice.actor?.id ?? null,
        actor_name: notice.actor?.name ?? null,
        follow_type: audience.follow?.kind ?? null,
        follow_id: audience.follow?.id ?? null,
        read_at: null,
        // Queued as a mail of its own: no digest takes it.
        mailed_at: mails ? at : null,
        digest_id: null,
      });
      if (!added) continue;
      told.push({ userId, kind: audience.kind });
      if (mails) await queueMail(repos, { type: 'notification', notification: id }, at);
      await repos.live.announce(liveChannel.inbox(userId));
    }
  }
  return told;
}

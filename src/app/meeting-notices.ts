import type { NotificationKind } from '../domain/notifications.js';
import type { Actor } from '../domain/roles.js';
import type { Repositories } from '../store/store.js';
import { type Audience, actorOf, followersOf, notifyStep } from './notify.js';

/** A meeting series as its notices name it. */
interface SeriesRef {
  id: string;
  slug: string;
  title: string;
}

/**
 * Tells the followers of a meeting series of something that happened to one of its meetings
 * (a topic proposed, accepted or deferred, the minutes published, the meeting called off or
 * moved), and first the people it concerns most (`direct`: a topic's proposer). Everything these
 * notices tell is on the public meeting page.
 */
export async function notifyMeeting(
  repos: Repositories,
  at: string,
  actor: Actor,
  event: {
    kind: NotificationKind;
    /** What the event is about (a topic, the meeting itself): one notice per member and change of it. */
    subjectId: string;
    series: SeriesRef;
    date: string;
    data: Record<string, string | null>;
    direct?: readonly string[];
  },
): Promise<void> {
  const audiences: Audience[] = [];
  if (event.direct?.length) audiences.push({ kind: event.kind, userIds: event.direct, follow: null });
  audiences.push(...(await followersOf(repos, event.kind, { kind: 'series', id: event.series.id })));
  await notifyStep(repos, at, {
    eventKey: `${event.kind}:${event.subjectId}:${at}`,
    actor: actorOf(actor),
    thread: { type: 'meeting', id: `${event.series.id}:${event.date}`, title: event.series.title },
    path: `/meetings/${event.series.slug}/${event.date}`,
    data: { date: event.date, ...event.data },
    audiences,
  });
}

/** Tells the followers of a board that a card reached a done column. */
export async function notifyCardDone(
  repos: Repositories,
  at: string,
  actor: Actor,
  card: { id: string; title: string; boardId: string },
): Promise<void> {
  const board = await repos.board.findBoard(card.boardId);
  if (!board) return;
  await notifyStep(repos, at, {
    eventKey: `board.card_done:${card.id}:${at}`,
    actor: actorOf(actor),
    thread: { type: 'board', id: board.id, title: board.title },
    path: `/boards/${board.slug}`,
    data: { card: card.title },
    audiences: [...(await followersOf(repos, 'board.card_done', { kind: 'board', id: board.id }))],
  });
}

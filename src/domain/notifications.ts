import type { WebhookEventType } from './webhook-events.js';

/**
 * The events a member's inbox tells of: names from the one list of events
 * (src/domain/webhook-events.ts), so a webhook, an inbox entry and a mail call one event alike.
 */
export const NOTIFICATION_KINDS = [
  'comment.created',
  'comment.mentioned',
  'idea.status_changed',
  'action_item.assigned',
  'topic.proposed',
  'topic.accepted',
  'topic.deferred',
  'minutes.published',
  'meeting.cancelled',
  'meeting.moved',
  'board.card_done',
  'decision.proposed',
  'decision.final',
  'decision.objected',
  'idea.proposed',
  'idea.interest_milestone',
  'action_item.done',
  'meeting.agenda_ready',
  'meeting.starting',
  'action_item.due_tomorrow',
] as const satisfies readonly WebhookEventType[];

export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

export function isNotificationKind(name: unknown): name is NotificationKind {
  return typeof name === 'string' && (NOTIFICATION_KINDS as readonly string[]).includes(name);
}

/** What a member's inbox mails them: each event as it happens, a daily digest of them, or nothing. */
export const MAIL_CHOICES = ['each', 'digest', 'never'] as const;
export type MailChoice = (typeof MAIL_CHOICES)[number];

/** Without a choice of their own, a member is mailed each event. */
export const DEFAULT_MAIL: MailChoice = 'each';

/** The kinds whose mail a member turned off, read from their stored JSON (garbage counts as none). */
export function mutedKinds(stored: string | null): NotificationKind[] {
  if (stored === null) return [];
  try {
    const parsed: unknown = JSON.parse(stored);
    return Array.isArray(parsed) ? parsed.filter(isNotificationKind) : [];
  } catch {
    return [];
  }
}

/** Whether a member with these settings is mailed an event of `kind` as it happens. */
export function mailsKind(mail: string | null, muted: string | null, kind: string): boolean {
  return (mail ?? DEFAULT_MAIL) === 'each' && wantsKind(muted, kind);
}

/**
 * Whether a mail of `kind` already queued still goes out: unless the member turned mail off or
 * muted the kind since. One who moved to the digest gets it still: the digest leaves out what
 * was queued as a mail of its own, and would otherwise never tell of it.
 */
export function stillMailsKind(mail: string | null, muted: string | null, kind: string): boolean {
  return (mail ?? DEFAULT_MAIL) !== 'never' && wantsKind(muted, kind);
}

const wantsKind = (muted: string | null, kind: string) =>
  isNotificationKind(kind) && !mutedKinds(muted).includes(kind);

/** At most this much of a comment's text is kept in its notification. */
export const EXCERPT_LENGTH = 200;

/** The start of a text for an inbox entry or a mail: one line, cut at a word where it can be. */
export function excerpt(text: string, length = EXCERPT_LENGTH): string {
  const flat = text.replace(/\s+/gu, ' ').trim();
  if (flat.length <= length) return flat;
  const cut = flat.slice(0, length);
  const space = cut.lastIndexOf(' ');
  return `${(space > length / 2 ? cut.slice(0, space) : cut).trimEnd()}…`;
}

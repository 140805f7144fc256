/**
 * The events a webhook endpoint may subscribe to. This list is the one the API checks names
 * against and the one docs/webhooks.md describes; an event's payload is versioned, so a change
 * of its shape is a new version, never a silent change.
 */
export const WEBHOOK_EVENTS = [
  'idea.proposed',
  'idea.status_changed',
  'idea.interest',
  'idea.interest_milestone',
  'comment.created',
  'comment.mentioned',
  'topic.proposed',
  'topic.accepted',
  'topic.deferred',
  'meeting.cancelled',
  'meeting.moved',
  'meeting.agenda_ready',
  'meeting.starting',
  'minutes.published',
  'decision.proposed',
  'decision.final',
  'decision.objected',
  'action_item.assigned',
  'action_item.due_tomorrow',
  'action_item.done',
  'board.card_done',
] as const;

export type WebhookEventType = (typeof WEBHOOK_EVENTS)[number];

export const WEBHOOK_PAYLOAD_VERSION = 1;

export function isWebhookEventType(name: string): name is WebhookEventType {
  return (WEBHOOK_EVENTS as readonly string[]).includes(name);
}

/**
 * What a use-case tells of: its type, the facts a receiver needs, and the hub page it concerns
 * as a path below the hub's base URL (the use-cases do not know the public address; delivery does).
 */
export interface WebhookEvent {
  type: WebhookEventType;
  data: Record<string, unknown>;
  /** e.g. `ideas/dark-mode`, relative to the base URL. */
  path: string;
}

/** The body sent: `{ type, version, timestamp, data: { …, url } }`, built once when the event happens. */
export function webhookBody(event: WebhookEvent, timestamp: string, baseUrl: URL): string {
  const url = new URL(event.path.replace(/^\/+/u, ''), baseUrl).toString();
  return JSON.stringify({
    type: event.type,
    version: WEBHOOK_PAYLOAD_VERSION,
    timestamp,
    data: { ...event.data, url },
  });
}

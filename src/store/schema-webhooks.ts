/** Row types of the webhook tables (conventions: see ./schema.ts). */

export interface WebhookEndpointsTable {
  id: string;
  url: string;
  description: string;
  /** JSON array of event names. */
  events: string;
  /** `whsec_` and base64; it signs every message, so it is kept as it is. */
  secret: string;
  /** active or paused. */
  status: string;
  /** standard (signed JSON) or a chat platform: slack, mattermost, teams, discord, matrix. */
  format: string;
  /** en or de: the language of chat posts. */
  locale: string;
  /** A matrix endpoint posting through the client-server API: the room (`!id:server`); null otherwise. */
  matrix_room: string | null;
  /** The Matrix access token it posts with: a secret, kept as it is like `secret`; '' when none. */
  access_token: string;
  paused_at: string | null;
  paused_reason: string | null;
  failed_messages: number;
  created_at: string;
  updated_at: string;
  version: number;
}

export interface WebhookMessagesTable {
  id: string;
  endpoint_id: string;
  event_type: string;
  /** JSON of the event as told: type, data, path. */
  event: string;
  /** pending, delivered, failed, skipped. */
  status: string;
  created_at: string;
}

export interface WebhookDeliveriesTable {
  id: string;
  message_id: string;
  endpoint_id: string;
  at: string;
  duration_ms: number;
  response_status: number | null;
  response_body: string | null;
  error: string | null;
}

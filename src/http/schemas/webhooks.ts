import { type Static, Type } from 'typebox';
import { WEBHOOK_FORMATS } from '../../domain/chat-formats.js';
import { LOCALES } from '../../domain/locale.js';
import { WEBHOOK_EVENTS } from '../../domain/webhook-events.js';
import { pageQueryFields } from './paging.js';

/** Inputs of the webhook endpoints, read by the API and the admin page alike. */

const EventName = Type.String({
  maxLength: 60,
  description: `one of ${WEBHOOK_EVENTS.join(', ')}`,
  'x-message': 'error.webhookEvent',
});

const fields = {
  url: Type.String({
    minLength: 1,
    maxLength: 2000,
    description: 'https URL the events are POSTed to',
    'x-message': 'error.webhookUrl',
  }),
  description: Type.String({ maxLength: 200, description: 'What the endpoint is for' }),
  // Names are checked by the use-case, which says which one it does not know (422).
  events: Type.Array(EventName, { maxItems: WEBHOOK_EVENTS.length }),
  active: Type.Boolean({ description: 'false pauses the endpoint; true resumes it' }),
  format: Type.Enum([...WEBHOOK_FORMATS], {
    description:
      'What the endpoint is sent: `standard` (default), the signed Standard Webhooks JSON; or a chat post in the message format of `slack` (Block Kit), `mattermost` (Markdown text), `teams` (Workflows, an Adaptive Card), `discord` (an embed) or `matrix` (a hookshot generic webhook, m.notice with HTML). Chat posts are not signed, and the URL must have the shape of the platform’s incoming webhooks.',
    'x-message': 'error.webhookFormat',
  }),
  locale: Type.Enum([...LOCALES], {
    description: 'The language of chat posts (default en)',
    'x-message': 'error.unknownLocale',
  }),
  matrixRoom: Type.String({
    maxLength: 255,
    description:
      'format `matrix` only: a room id (`!abc:example.org`) to post to through the Matrix client-server API with `accessToken`; `url` is then the homeserver (`https://matrix.example.org`). Empty: a hookshot URL.',
    'x-message': 'error.matrixRoom',
  }),
  accessToken: Type.String({
    maxLength: 1000,
    description:
      'The Matrix access token the room is posted with (required with `matrixRoom`). Stored, never shown again: answers carry only its last four characters (`tokenEnd`).',
    'x-message': 'error.matrixToken',
  }),
};

export const WebhookCreate = Type.Object(
  {
    url: fields.url,
    description: Type.Optional(fields.description),
    events: fields.events,
    format: Type.Optional(fields.format),
    locale: Type.Optional(fields.locale),
    active: Type.Optional(fields.active),
    matrixRoom: Type.Optional(fields.matrixRoom),
    accessToken: Type.Optional(fields.accessToken),
  },
  {
    additionalProperties: false,
    examples: [
      { url: 'https://ci.example.org/plenum', events: ['idea.proposed', 'minutes.published'] },
      {
        url: 'https://hooks.slack.com/services/T0001/B0001/XXXXXXXX',
        events: ['idea.proposed', 'comment.created'],
        format: 'slack',
        locale: 'de',
      },
      {
        url: 'https://matrix.example.org',
        events: ['minutes.published'],
        format: 'matrix',
        matrixRoom: '!abcdefgh:example.org',
        accessToken: 'syt_cGxlbnVt_abcdefghijkl_0AbCdE',
      },
    ],
  },
);
export type WebhookCreate = Static<typeof WebhookCreate>;

/** Fields left out stay as they are. */
export const WebhookChange = Type.Partial(Type.Object(fields), {
  additionalProperties: false,
  examples: [{ active: true }],
});
export type WebhookChange = Static<typeof WebhookChange>;

export const WebhookParams = Type.Object({ id: Type.String({ maxLength: 100 }) });
export const DeliveryParams = Type.Object({
  id: Type.String({ maxLength: 100 }),
  deliveryId: Type.String({ maxLength: 100 }),
});
export const DeliveryQuery = Type.Object(pageQueryFields, { additionalProperties: false });

export const WebhookSchema = Type.Object({
  id: Type.String(),
  url: Type.String(),
  description: Type.String(),
  events: Type.Array(Type.String()),
  format: Type.Enum([...WEBHOOK_FORMATS]),
  locale: Type.Enum([...LOCALES]),
  status: Type.Union([Type.Literal('active'), Type.Literal('paused')]),
  matrixRoom: Type.Union([Type.String(), Type.Null()], {
    description: 'the Matrix room posted to through the client-server API; null otherwise',
  }),
  tokenEnd: Type.Union([Type.String(), Type.Null()], {
    description: 'the last four characters of the Matrix access token; the token is never shown again',
  }),
  pausedAt: Type.Union([Type.String(), Type.Null()]),
  pausedReason: Type.Union([Type.String(), Type.Null()]),
  failedMessages: Type.Integer({ description: 'messages in a row that failed on every attempt' }),
  createdAt: Type.String(),
  updatedAt: Type.String(),
  version: Type.Integer(),
});

export const WebhookCreated = Type.Object({
  ...WebhookSchema.properties,
  secret: Type.String({
    description: 'whsec_… — shown only in this answer; it signs every message of a standard endpoint',
  }),
});

export const DeliverySchema = Type.Object({
  id: Type.String(),
  messageId: Type.String({ description: 'the webhook-id header: the same on every attempt' }),
  event: Type.String(),
  messageStatus: Type.String({ description: 'pending, delivered, failed or skipped' }),
  at: Type.String(),
  durationMs: Type.Integer(),
  responseStatus: Type.Union([Type.Integer(), Type.Null()]),
  responseBody: Type.Union([Type.String(), Type.Null()], { description: 'at most the first 1 KB' }),
  error: Type.Union([Type.String(), Type.Null()]),
});

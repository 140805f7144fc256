import { auditedUrl, isChatFormat } from '../domain/chat-formats.js';
import type { ChatBodyFormat } from '../domain/chat-posts.js';
import { isLocale, type Locale } from '../domain/locale.js';
import { maskToken, matrixSendUrl } from '../domain/matrix-client.js';
import { anonymous } from '../domain/roles.js';
import { type WebhookEvent, webhookBody } from '../domain/webhook-events.js';
import { signWebhook, type WebhookHeaders } from '../domain/webhook-signing.js';
import { newId } from '../store/ids.js';
import type { OutboxRow } from '../store/outbox.repository.js';
import type { Repositories } from '../store/store.js';
import type { WebhookEndpointRow, WebhookMessageRow } from '../store/webhooks.repository.js';
import { type AppDeps, audit } from './context.js';

/**
 * Waits before the 2nd … 8th attempt (Standard Webhooks' schedule): 5 s, 5 min, 30 min, 2 h,
 * 5 h, 10 h, 10 h — about 27 hours from the first attempt to the last.
 */
export const RETRY_DELAYS_SECONDS = [5, 300, 1800, 7200, 18_000, 36_000, 36_000] as const;

/** Messages in a row whose every attempt failed before an endpoint is paused. */
export const PAUSE_AFTER_FAILED_MESSAGES = 3;

/** What one attempt to POST a message came to. */
export interface WebhookAttempt {
  /** The receiver's status code; null when no answer came (timeout, refused target, network). */
  status: number | null;
  durationMs: number;
  /** At most the first 1 KB of the answer. */
  body: string | null;
  error: string | null;
}

/**
 * Sends one POST, signed (standard) or not (chat posts); it never throws for what a receiver
 * does (src/mail/webhook-transport.ts).
 */
export interface WebhookPoster {
  post(
    url: string,
    headers: Partial<WebhookHeaders>,
    body: string,
    allowPrivate: boolean,
    how?: PostHow,
  ): Promise<WebhookAttempt>;
}

/** A Matrix client-server send is a PUT with the room's access token; every other post a plain POST. */
export interface PostHow {
  method: 'POST' | 'PUT';
  bearer?: string;
}

/** Writes an event as a chat post in a platform's message format and a language (src/mail/chat-post.ts). */
export type ChatRenderer = (
  format: ChatBodyFormat,
  locale: Locale,
  event: WebhookEvent,
  baseUrl: URL,
) => string;

export interface DeliveryContext {
  poster: WebhookPoster;
  baseUrl: URL;
  allowPrivate: boolean;
  chat: ChatRenderer;
}

interface Request {
  url: string;
  body: string;
  headers: Partial<WebhookHeaders>;
  how?: PostHow;
}

/**
 * The target, body and headers of one attempt: chat posts as the platform reads them (a Matrix
 * room through the client-server API with its token, the message's id as transaction id), the
 * rest signed.
 */
function request(
  endpoint: WebhookEndpointRow,
  message: WebhookMessageRow,
  at: Date,
  ctx: DeliveryContext,
): Request {
  const event = JSON.parse(message.event) as WebhookEvent;
  const locale = isLocale(endpoint.locale) ? endpoint.locale : 'en';
  if (endpoint.format === 'matrix' && endpoint.matrix_room !== null)
    return {
      url: matrixSendUrl(endpoint.url, endpoint.matrix_room, message.id),
      body: ctx.chat('matrix-client', locale, event, ctx.baseUrl),
      headers: {},
      how: { method: 'PUT', bearer: endpoint.access_token },
    };
  if (isChatFormat(endpoint.format))
    return { url: endpoint.url, body: ctx.chat(endpoint.format, locale, event, ctx.baseUrl), headers: {} };
  const body = webhookBody(event, message.created_at, ctx.baseUrl);
  return { url: endpoint.url, body, headers: signWebhook(endpoint.secret, message.id, at, body) };
}

type Outcome = 'delivered' | 'retry' | 'failed';

/** A message the endpoint should no longer get: skipped, and the job done. */
async function skip(repos: Repositories, job: OutboxRow, at: string, messageId: string | null) {
  if (messageId) await repos.webhooks.setMessageStatus(messageId, 'skipped');
  await repos.outbox.complete(job.id, at);
}

/** A failed message counts against its endpoint; enough of them in a row pause it, and admins are told. */
async function countFailure(repos: Repositories, endpoint: WebhookEndpointRow, at: string): Promise<void> {
  const failed = endpoint.failed_messages + 1;
  await repos.webhooks.setFailedMessages(endpoint.id, failed);
  if (failed < PAUSE_AFTER_FAILED_MESSAGES || endpoint.status !== 'active') return;
  const reason = `${failed} messages in a row failed on every attempt`;
  await repos.webhooks.pauseEndpoint(endpoint.id, at, reason);
  await audit(
    repos,
    at,
    anonymous,
    'webhook.paused',
    { type: 'webhook', id: endpoint.id },
    `${auditedUrl(endpoint.format, endpoint.url)}: ${reason}`,
  );
}

/** Logs the attempt and settles message, endpoint and job in one transaction. */
async function settle(
  repos: Repositories,
  job: OutboxRow,
  worker: string,
  at: Date,
  message: WebhookMessageRow,
  endpoint: WebhookEndpointRow,
  attempt: WebhookAttempt,
): Promise<Outcome> {
  const iso = at.toISOString();
  await repos.webhooks.insertDelivery({
    id: newId(),
    message_id: message.id,
    endpoint_id: endpoint.id,
    at: iso,
    duration_ms: attempt.durationMs,
    response_status: attempt.status,
    // A receiver may say back what it was sent: a Matrix token never reaches the log.
    response_body: maskToken(attempt.body, endpoint.access_token),
    error: maskToken(attempt.error, endpoint.access_token),
  });
  if (attempt.status !== null && attempt.status >= 200 && attempt.status < 300) {
    await repos.webhooks.setMessageStatus(message.id, 'delivered');
    if (endpoint.failed_messages !== 0) await repos.webhooks.setFailedMessages(endpoint.id, 0);
    await repos.outbox.complete(job.id, iso);
    return 'delivered';
  }
  const error = attempt.error ?? `HTTP ${attempt.status}`;
  const delay = RETRY_DELAYS_SECONDS[job.attempts - 1];
  if (delay !== undefined) {
    await repos.outbox.fail(job.id, worker, error, new Date(at.getTime() + delay * 1000).toISOString());
    return 'retry';
  }
  await repos.webhooks.setMessageStatus(message.id, 'failed');
  await repos.outbox.fail(job.id, worker, error, null);
  await countFailure(repos, endpoint, iso);
  return 'failed';
}

/**
 * Runs one claimed webhook job: signs the message for this attempt, posts it, and settles. The
 * post happens outside any transaction (it may take the full timeout); the worker's lease on
 * the job keeps other instances off it meanwhile.
 */
export function webhookDeliveryUseCases({ store, now }: AppDeps) {
  return {
    async deliver(job: OutboxRow, worker: string, ctx: DeliveryContext): Promise<Outcome | 'skipped'> {
      const { message: messageId } = JSON.parse(job.payload) as { message: string };
      const message = await store.read.webhooks.findMessage(messageId);
      const endpoint = message ? await store.read.webhooks.findEndpoint(message.endpoint_id) : undefined;
      // A standard endpoint restored without its secret cannot sign; a chat post needs none.
      const unsigned = endpoint?.secret === '' && !isChatFormat(endpoint.format);
      if (!message || !endpoint || endpoint.status !== 'active' || unsigned) {
        await store.transaction((repos) => skip(repos, job, now().toISOString(), message?.id ?? null));
        return 'skipped';
      }
      const { url, body, headers, how } = request(endpoint, message, now(), ctx);
      const attempt = await ctx.poster.post(url, headers, body, ctx.allowPrivate, how);
      // The endpoint as it is now: an admin may have paused it or counted failures meanwhile.
      return store.transaction(async (repos) => {
        const current = (await repos.webhooks.findEndpoint(endpoint.id)) ?? endpoint;
        return settle(repos, job, worker, now(), message, current, attempt);
      });
    },
  };
}

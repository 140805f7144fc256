import { auditedUrl, checkChatUrl, isWebhookFormat, type WebhookFormat } from '../domain/chat-formats.js';
import { ConflictError, type FieldProblem, NotFoundError, ValidationError } from '../domain/errors.js';
import { isLocale, type Locale } from '../domain/locale.js';
import { isMatrixRoomId, isMatrixToken, tokenTail } from '../domain/matrix-client.js';
import { authorize } from '../domain/policy.js';
import type { Actor } from '../domain/roles.js';
import { hasControlCharacters } from '../domain/text.js';
import { isWebhookEventType } from '../domain/webhook-events.js';
import { newWebhookSecret } from '../domain/webhook-signing.js';
import { checkWebhookUrl } from '../domain/webhook-target.js';
import { newId } from '../store/ids.js';
import type { Repositories } from '../store/store.js';
import type { WebhookDeliveryListRow, WebhookEndpointRow } from '../store/webhooks.repository.js';
import type { AppDeps } from './context.js';
import { queueDelivery } from './webhook-emit.js';
import { writer } from './write.js';

/** Whether endpoints may point into private networks (tests, closed networks): PLENUM_WEBHOOK_ALLOW_PRIVATE. */
export interface WebhookOptions {
  allowPrivate?: () => boolean;
}

export interface WebhookEndpointView {
  id: string;
  url: string;
  description: string;
  events: string[];
  format: WebhookFormat;
  locale: Locale;
  status: 'active' | 'paused';
  /** A Matrix room posted to through the client-server API (the URL is its homeserver); null otherwise. */
  matrixRoom: string | null;
  /** The last four characters of its access token: the token itself is never shown again. */
  tokenEnd: string | null;
  pausedAt: string | null;
  pausedReason: string | null;
  failedMessages: number;
  createdAt: string;
  updatedAt: string;
  version: number;
}

export interface WebhookInput {
  url?: string;
  description?: string;
  events?: string[];
  /** standard (signed JSON) or a chat platform. */
  format?: string;
  /** The language of chat posts. */
  locale?: string;
  /** false pauses the endpoint, true resumes it (and forgets its failures). */
  active?: boolean;
  /** A Matrix room id (`!abc:example.org`) to post to through the client-server API; '' for none (hookshot). */
  matrixRoom?: string;
  /** The access token the room is posted to with; left out on a change, the stored one stays. */
  accessToken?: string;
}

export function toEndpointView(row: WebhookEndpointRow): WebhookEndpointView {
  return {
    id: row.id,
    url: row.url,
    description: row.description,
    events: JSON.parse(row.events) as string[],
    format: isWebhookFormat(row.format) ? row.format : 'standard',
    locale: isLocale(row.locale) ? row.locale : 'en',
    status: row.status === 'paused' ? 'paused' : 'active',
    matrixRoom: row.matrix_room,
    tokenEnd: tokenTail(row.access_token),
    pausedAt: row.paused_at,
    pausedReason: row.paused_reason,
    failedMessages: row.failed_messages,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    version: row.version,
  };
}

/**
 * The problems of an endpoint's fields as given; absent fields are not checked (a PATCH).
 * `stored` is the endpoint as it is, whose URL must fit a newly chosen format and whose format
 * a new URL must fit.
 */
function problemsOf(
  input: WebhookInput,
  allowPrivate: boolean,
  stored: StoredTarget | null = null,
): FieldProblem[] {
  const problems: FieldProblem[] = [];
  if (input.format !== undefined && !isWebhookFormat(input.format))
    problems.push({ field: 'format', key: 'error.webhookFormat' });
  if (input.locale !== undefined && !isLocale(input.locale))
    problems.push({ field: 'locale', key: 'error.unknownLocale' });
  if (input.url !== undefined) {
    const problem = input.url.length > 2000 ? 'error.webhookUrl' : checkWebhookUrl(input.url, allowPrivate);
    if (problem) problems.push({ field: 'url', key: problem });
  }
  const format = input.format ?? stored?.format ?? 'standard';
  const url = input.url ?? stored?.url;
  const room = roomOf(input, stored);
  if (room !== null) problems.push(...matrixProblems(input, stored, format, url));
  else if (url !== undefined && isWebhookFormat(format) && !problems.some((p) => p.field === 'url')) {
    const problem = checkChatUrl(format, url);
    if (problem) problems.push({ field: 'url', key: problem });
  }
  if (room === null && input.accessToken !== undefined && input.accessToken !== '')
    problems.push({ field: 'accessToken', key: 'error.matrixTokenWithoutRoom' });
  if (
    input.description !== undefined &&
    (input.description.length > 200 || hasControlCharacters(input.description))
  )
    problems.push({ field: 'description', key: 'error.badValue' });
  if (input.events !== undefined) {
    const unknown = input.events.find((e) => !isWebhookEventType(e));
    if (unknown !== undefined)
      problems.push({ field: 'events', key: 'error.webhookEvent', params: { name: unknown } });
    else if (input.events.length === 0) problems.push({ field: 'events', key: 'error.webhookNoEvents' });
  }
  return problems;
}

/** The Matrix room an endpoint posts to once `input` is applied; null for none. */
function roomOf(input: WebhookInput, stored: StoredTarget | null): string | null {
  if (input.matrixRoom !== undefined) return input.matrixRoom === '' ? null : input.matrixRoom;
  // A new format that is not Matrix takes the room with it.
  if (input.format !== undefined && input.format !== 'matrix') return null;
  return stored?.matrix_room ?? null;
}

/**
 * A Matrix room through the client-server API: a room id of the spec's shape, a homeserver URL
 * (https and public like every target, checked by problemsOf; no query, no fragment) and a token.
 */
function matrixProblems(
  input: WebhookInput,
  stored: StoredTarget | null,
  format: string,
  url: string | undefined,
): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const room = roomOf(input, stored) ?? '';
  if (format !== 'matrix' || !isMatrixRoomId(room))
    problems.push({ field: 'matrixRoom', key: 'error.matrixRoom' });
  const token = input.accessToken ?? stored?.access_token ?? '';
  if (!isMatrixToken(token)) problems.push({ field: 'accessToken', key: 'error.matrixToken' });
  if (url !== undefined && !homeserverShaped(url))
    problems.push({ field: 'url', key: 'error.matrixHomeserver' });
  return problems;
}

function homeserverShaped(raw: string): boolean {
  try {
    const url = new URL(raw);
    return url.search === '' && url.hash === '' && !url.pathname.includes('/_matrix/');
  } catch {
    return false;
  }
}

type StoredTarget = Pick<WebhookEndpointRow, 'url' | 'format' | 'matrix_room' | 'access_token'>;

async function loadEndpoint(repos: Repositories, id: string): Promise<WebhookEndpointRow> {
  const row = await repos.webhooks.findEndpoint(id);
  if (!row) throw new NotFoundError('webhook', id);
  return row;
}

export interface WebhookDeliveryView {
  id: string;
  messageId: string;
  event: string;
  messageStatus: string;
  at: string;
  durationMs: number;
  responseStatus: number | null;
  responseBody: string | null;
  error: string | null;
}

function toDeliveryView(row: WebhookDeliveryListRow): WebhookDeliveryView {
  return {
    id: row.id,
    messageId: row.message_id,
    event: row.event_type,
    messageStatus: row.message_status,
    at: row.at,
    durationMs: row.duration_ms,
    responseStatus: row.response_status,
    responseBody: row.response_body,
    error: row.error,
  };
}

/** The Matrix room and token after a change: a room given or taken away, a new token. */
function matrixChanges(row: WebhookEndpointRow, input: WebhookInput) {
  const room = roomOf(input, row);
  if (room === null) return row.matrix_room === null ? {} : { matrix_room: null, access_token: '' };
  return {
    matrix_room: room,
    ...(input.accessToken !== undefined ? { access_token: input.accessToken } : {}),
  };
}

/** The changed columns of an endpoint from a PATCH: pausing and resuming set the status too. */
function changesOf(row: WebhookEndpointRow, input: WebhookInput, at: string) {
  const resume = input.active === true && row.status === 'paused';
  const pause = input.active === false && row.status === 'active';
  const changes = {
    ...(input.url !== undefined ? { url: input.url } : {}),
    ...(input.description !== undefined ? { description: input.description } : {}),
    ...(input.events !== undefined ? { events: JSON.stringify([...new Set(input.events)]) } : {}),
    ...(input.format !== undefined ? { format: input.format } : {}),
    ...(input.locale !== undefined ? { locale: input.locale } : {}),
    ...matrixChanges(row, input),
    ...(resume ? { status: 'active', paused_at: null, paused_reason: null, failed_messages: 0 } : {}),
    ...(pause ? { status: 'paused', paused_at: at, paused_reason: null } : {}),
    updated_at: at,
  };
  return { changes, action: resume ? 'webhook.resume' : pause ? 'webhook.pause' : 'webhook.update' };
}

function newEndpointRow(
  input: WebhookInput & { url: string; events: string[] },
  at: string,
): WebhookEndpointRow {
  return {
    id: newId(),
    url: input.url,
    description: input.description ?? '',
    events: JSON.stringify([...new Set(input.events)]),
    // Chat posts are not signed, but a secret is kept ready should the endpoint become standard.
    secret: newWebhookSecret(),
    format: input.format ?? 'standard',
    locale: input.locale ?? 'en',
    matrix_room: input.matrixRoom ? input.matrixRoom : null,
    access_token: input.matrixRoom ? (input.accessToken ?? '') : '',
    status: input.active === false ? 'paused' : 'active',
    paused_at: input.active === false ? at : null,
    paused_reason: null,
    failed_messages: 0,
    created_at: at,
    updated_at: at,
    version: 1,
  };
}

/** Registering, changing and removing endpoints. */
function endpointWrites(deps: AppDeps, allowPrivate: () => boolean) {
  const write = writer(deps);
  const check = (input: WebhookInput, stored: WebhookEndpointRow | null = null) => {
    const problems = problemsOf(input, allowPrivate(), stored);
    if (problems.length > 0) throw new ValidationError(problems);
  };
  return {
    /** Registers an endpoint; the answer carries its secret, which is shown this once. */
    async create(actor: Actor, input: WebhookInput & { url: string; events: string[] }) {
      authorize(actor, 'webhooks.manage');
      check(input);
      return write(actor, async ({ repos, at, audit }) => {
        const row = newEndpointRow(input, at);
        await repos.webhooks.insertEndpoint(row);
        await audit('webhook.create', { type: 'webhook', id: row.id }, auditedUrl(row.format, row.url));
        return { endpoint: toEndpointView(row), secret: row.secret };
      });
    },

    async update(actor: Actor, id: string, version: number | null, input: WebhookInput) {
      authorize(actor, 'webhooks.manage');
      // A room or token alone is checked against the endpoint as stored, below.
      const matrix = input.matrixRoom !== undefined || input.accessToken !== undefined;
      if (!matrix) check(input);
      return write(actor, async ({ repos, at, audit }) => {
        const row = await loadEndpoint(repos, id);
        if (version !== null && version !== row.version) throw new ConflictError(toEndpointView(row));
        if (matrix || input.url !== undefined || input.format !== undefined) check(input, row);
        const { changes, action } = changesOf(row, input, at);
        if (!(await repos.webhooks.updateEndpoint(id, row.version, changes)))
          throw new ConflictError(toEndpointView(row));
        await audit(
          action,
          { type: 'webhook', id },
          auditedUrl(changes.format ?? row.format, changes.url ?? row.url),
        );
        return toEndpointView({ ...row, ...changes, version: row.version + 1 });
      });
    },

    async remove(actor: Actor, id: string): Promise<void> {
      authorize(actor, 'webhooks.manage');
      await write(actor, async ({ repos, audit }) => {
        const row = await loadEndpoint(repos, id);
        await repos.webhooks.deleteEndpoint(id);
        await audit('webhook.delete', { type: 'webhook', id }, auditedUrl(row.format, row.url));
      });
    },
  };
}

/** Reading endpoints and their delivery log, and sending a logged message again. */
function endpointReads(deps: AppDeps) {
  const write = writer(deps);
  const { store } = deps;
  return {
    async list(actor: Actor): Promise<WebhookEndpointView[]> {
      authorize(actor, 'webhooks.manage');
      return (await store.read.webhooks.listEndpoints()).map(toEndpointView);
    },

    async get(actor: Actor, id: string): Promise<WebhookEndpointView> {
      authorize(actor, 'webhooks.manage');
      return toEndpointView(await loadEndpoint(store.read, id));
    },

    async deliveries(actor: Actor, id: string, cursor: string | null, limit: number) {
      authorize(actor, 'webhooks.manage');
      await loadEndpoint(store.read, id);
      const rows = await store.read.webhooks.listDeliveries(id, cursor, limit + 1);
      const items = rows.slice(0, limit).map(toDeliveryView);
      return { items, nextCursor: rows.length > limit ? (items.at(-1)?.id ?? null) : null };
    },

    /** Sends the message of a logged attempt once more, with the same webhook-id. */
    async redeliver(actor: Actor, id: string, deliveryId: string): Promise<{ messageId: string }> {
      authorize(actor, 'webhooks.manage');
      return write(actor, async ({ repos, at, audit }) => {
        await loadEndpoint(repos, id);
        const delivery = await repos.webhooks.findDelivery(deliveryId);
        if (!delivery || delivery.endpoint_id !== id) throw new NotFoundError('delivery', deliveryId);
        await repos.webhooks.setMessageStatus(delivery.message_id, 'pending');
        await queueDelivery(repos, at, delivery.message_id);
        await audit('webhook.redeliver', { type: 'webhook', id }, delivery.message_id);
        return { messageId: delivery.message_id };
      });
    },
  };
}

/** What an admin does with webhook endpoints: register, change, remove, read the log, redeliver. */
export function webhooksUseCases(deps: AppDeps, options: WebhookOptions = {}) {
  const allowPrivate = () => options.allowPrivate?.() ?? false;
  return { allowPrivate, ...endpointReads(deps), ...endpointWrites(deps, allowPrivate) };
}

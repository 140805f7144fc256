import type { ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { LimitsUseCases } from '../app/limits.js';
import type { LiveUseCases } from '../app/live.js';
import { liveChannel } from '../app/live-channels.js';
import { RateLimitError } from '../domain/errors.js';
import type { LiveEvent } from '../store/live-bus.js';
import { HttpError } from './problem.js';
import { clientOf, limitPerClient } from './rate-limit.js';

export interface LiveStreamOptions {
  /** Open streams this process serves at most (PLENUM_LIVE_MAX_STREAMS); more get 503 and try again later. */
  maxStreams?: number;
  /** Open streams one client gets from this process at most (PLENUM_LIVE_MAX_STREAMS_PER_CLIENT); more get 429. */
  maxStreamsPerClient?: number;
  /** A comment this often keeps proxies from closing a quiet stream. */
  heartbeatMs?: number;
  /** How long a browser waits before it reconnects. */
  retryMs?: number;
}

const DEFAULTS = { maxStreams: 1000, maxStreamsPerClient: 20, heartbeatMs: 25_000, retryMs: 3000 };

/** When a client over its share of open streams should try again: about when a browser reconnects. */
const PER_CLIENT_RETRY_SECONDS = 30;

/** Closes a stream's connection (in-process test requests have a socket without destroy). */
function cut(socket: Socket | null): void {
  if (typeof socket?.destroy === 'function') socket.destroy();
}

/** What a stream says: `change` whenever the page it belongs to should be fetched again. */
function eventText(event: LiveEvent): string {
  return `id: ${event.id}\nevent: change\ndata: ${JSON.stringify({ resync: event.resync === true })}\n\n`;
}

/**
 * What a stream says when the reader's own inbox changed. Without an id: the browser's
 * Last-Event-ID stays the cursor of the page's own channel.
 */
const INBOX_TEXT = 'event: inbox\ndata: {}\n\n';

/** What every stream answers with. */
const STREAM_HEADERS = {
  'content-type': 'text/event-stream; charset=utf-8',
  // Never stored, never transformed (compression would hold events back in a buffer).
  'cache-control': 'no-store, no-transform',
  // nginx buffers proxied responses unless told otherwise.
  'x-accel-buffering': 'no',
  'x-content-type-options': 'nosniff',
};

/** The streams this process holds, and what limits them. */
interface Streams {
  live: LiveUseCases;
  options: Required<LiveStreamOptions>;
  open: Set<ServerResponse>;
  /**
   * Open streams per client. Kept in this process on purpose: the streams are connections this
   * process holds, and a client's streams at another instance cost this one nothing.
   */
  perClient: Map<string, number>;
  /** New streams per client and minute, counted in the database for every instance (set by install). */
  connects: ((request: FastifyRequest) => Promise<void>) | null;
  closing: boolean;
}

/** The client a new stream is for, once it may have one; refused (429, 503) otherwise. */
async function admit(streams: Streams, request: FastifyRequest, reply: FastifyReply): Promise<string> {
  // One client must not open streams as fast as it can (every attempt counts, in the database;
  // a refusal is a 429 with Retry-After)…
  await streams.connects?.(request);
  // …nor hold every stream of the process. A stream opened once the server is closing would
  // never be ended, and hold the close up.
  if (streams.closing || streams.open.size >= streams.options.maxStreams) {
    reply.header('retry-after', '30');
    throw new HttpError(503, 'error.liveBusy');
  }
  const client = clientOf(request);
  if ((streams.perClient.get(client) ?? 0) >= streams.options.maxStreamsPerClient)
    throw new RateLimitError(PER_CLIENT_RETRY_SECONDS);
  return client;
}

/** The cursor the reader last saw: Last-Event-ID of a reconnect, else the page's `since`. */
function sinceOf(request: FastifyRequest): string | null {
  const header = request.headers['last-event-id'];
  const query = request.query as Record<string, unknown> | undefined;
  return typeof header === 'string' ? header : typeof query?.since === 'string' ? query.since : null;
}

/**
 * The signed-in reader's inbox channel, when the page asked for it beside its own (`inbox`, the
 * cursor the page's header count was read at). Always the reader's own, from the session: the
 * query names no member, so no stream carries anyone else's inbox.
 */
function inboxOf(request: FastifyRequest, channel: string): { channel: string; since: string } | null {
  const query = request.query as Record<string, unknown> | undefined;
  const actor = request.auth?.actor;
  if (typeof query?.inbox !== 'string' || actor?.kind !== 'user' || request.auth.user === null) return null;
  const inbox = liveChannel.inbox(actor.userId);
  return inbox === channel ? null : { channel: inbox, since: query.inbox };
}

/** Also tells the stream of changes to the reader's inbox (see inboxOf); returns what stops it. */
function followInbox(live: LiveUseCases, res: ServerResponse, inbox: { channel: string; since: string }) {
  const unsubscribe = live.subscribe(inbox.channel, () => {
    if (!res.writableEnded) res.write(INBOX_TEXT);
  });
  if (inbox.since !== live.cursor(inbox.channel)) res.write(INBOX_TEXT);
  return unsubscribe;
}

/** Opens the stream of `channel` for `client` and keeps it until either side ends it. */
function openStream(
  streams: Streams,
  request: FastifyRequest,
  reply: FastifyReply,
  channel: string,
  client: string,
): void {
  const { live, open, perClient, options } = streams;
  const since = sinceOf(request);
  const inbox = inboxOf(request, channel);
  // From here on the response is ours: no serializer, no onSend hooks, nothing buffered.
  reply.hijack();
  const res = reply.raw;
  const socket = request.raw.socket;
  res.writeHead(200, STREAM_HEADERS);
  res.flushHeaders();
  res.write(`retry: ${options.retryMs}\n\n`);
  open.add(res);
  perClient.set(client, (perClient.get(client) ?? 0) + 1);

  const unsubscribe = live.subscribe(channel, (event) => {
    if (!res.writableEnded) res.write(eventText(event));
  });
  const current = live.cursor(channel);
  if (since !== current) res.write(eventText({ channel, id: current, resync: true }));
  const unfollowInbox = inbox ? followInbox(live, res, inbox) : () => {};

  const heartbeat = setInterval(() => {
    if (!res.writableEnded) res.write(': keep-alive\n\n');
  }, options.heartbeatMs);
  heartbeat.unref();

  let done = false;
  const cleanUp = () => {
    if (done) return;
    done = true;
    clearInterval(heartbeat);
    unsubscribe();
    unfollowInbox();
    open.delete(res);
    const left = (perClient.get(client) ?? 1) - 1;
    if (left > 0) perClient.set(client, left);
    else perClient.delete(client);
    // The connection ends with its stream: no request follows on it.
    cut(socket);
  };
  res.on('close', cleanUp);
  res.on('finish', cleanUp);
  res.on('error', cleanUp);
  // A reader who left while the channel was looked up is gone before 'close' could be heard.
  if (socket.destroyed) cleanUp();
}

/**
 * Server-Sent Events for live pages. A page carries the cursor of its channel (see
 * `LiveBus.cursor`) in its stream's URL as `since`; a browser that reconnects sends the id of
 * the last event it got as Last-Event-ID. If either differs from the channel's cursor now, the
 * reader may have missed a change, and the stream starts with a `change` event.
 */
export function liveStreams(live: LiveUseCases, limits: LimitsUseCases, options: LiveStreamOptions = {}) {
  const streams: Streams = {
    live,
    options: { ...DEFAULTS, ...options },
    open: new Set(),
    perClient: new Map(),
    connects: null,
    closing: false,
  };

  /**
   * What a page puts in its stream's URL as `since`: taken before the page reads its data, so
   * that a change committed in between makes the page fetch itself once more, never the reverse.
   */
  function cursor(channel: string): string {
    return live.cursor(channel);
  }

  /** Answers the request with the stream of `channel`; the caller has checked that the reader may see it. */
  async function send(request: FastifyRequest, reply: FastifyReply, channel: string): Promise<FastifyReply> {
    if (request.method === 'HEAD') {
      reply.hijack();
      reply.raw.writeHead(200, STREAM_HEADERS);
      reply.raw.end();
      return reply;
    }
    const client = await admit(streams, request, reply);
    openStream(streams, request, reply, channel, client);
    return reply;
  }

  /** Ends every open stream (the server is shutting down); browsers reconnect to another instance. */
  function closeAll(): void {
    streams.closing = true;
    for (const res of [...streams.open]) {
      // Ended and cut: a keep-alive socket would otherwise hold the closing server open.
      res.end(() => cut(res.socket));
      streams.open.delete(res);
    }
  }

  /** Registers the shutdown hook: without it `server.close()` would wait for streams that never end. */
  function install(server: FastifyInstance): void {
    server.addHook('preClose', async () => closeAll());
    streams.connects = limitPerClient(server, limits, 'liveConnectsPerClient');
  }

  return { cursor, send, install, count: () => streams.open.size };
}

export type LiveStreams = ReturnType<typeof liveStreams>;

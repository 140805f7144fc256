import type { FastifyInstance, FastifyReply, FastifyRequest, onSendHookHandler } from 'fastify';
import { StampedCache } from '../app/stamped-cache.js';
import { anonymous } from '../domain/roles.js';
import { acceptedEncoding, isKeptForVisitors } from './compression.js';
import { notModified } from './response-cache.js';
import { cookielessLocale, isCookielessRead } from './session.js';

/** A cached answer as it went out: its headers and its (coded) body. */
interface KeptAnswer {
  headers: Record<string, string | number | string[]>;
  body: Buffer;
  etag: string;
}

/**
 * Room for kept answers. They are mostly compressed and share their bytes with the caches that
 * made them, so this bounds what they keep alive once those caches have moved on.
 */
const KEPT_BYTES = 8 * 1024 * 1024;
/** What the headers of an answer weigh, roughly. */
const HEADER_BYTES = 1024;

/**
 * The key of a cookieless visitor's answer besides the change stamp: everything of the request
 * a cached answer may depend on (see `sendCached`). The coding is the one negotiated, not the
 * header as sent, so varied Accept-Encoding and Accept-Language headers cannot fill the room.
 */
function keyOf(request: FastifyRequest): string {
  return `${cookielessLocale(request)}\n${acceptedEncoding(request) ?? ''}\n${request.url}`;
}

/**
 * The answers of cached pages and lists to visitors without cookies (readers from a link, feed
 * readers, crawlers, scripts), kept whole until the next change and given again before any
 * other hook runs: such a reader's answer is decided by the URL, the language and the coding
 * alone, and the sign-in, cookie, query and page-setting hooks would only come to the same.
 * The request still passes through Fastify, so logs and metrics see it, and the security
 * headers' hook runs first.
 */
export function visitorAnswers(
  /** The change stamp a visitor is served at (`app.changes.visitorStamp`). */
  visitorStamp: () => Promise<string>,
) {
  const kept = new StampedCache<KeptAnswer>(KEPT_BYTES, (answer) => answer.body.length + HEADER_BYTES);

  /** onRequest: a cookieless GET on a route kept for visitors whose answer is kept at the current stamp gets it here. */
  async function give(request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply | undefined> {
    if (!isKeptForVisitors(request) || !isCookielessRead(request)) return undefined;
    // Who asks is known without the sign-in hook: a visitor (also for an error's answer).
    request.auth = { actor: anonymous, user: null, via: 'none', sessionToken: null };
    request.locale = cookielessLocale(request);
    // The stamp the route would take (http/change-stamp.ts), taken once.
    request.changeStamp = visitorStamp();
    const found = kept.peek(await request.changeStamp, keyOf(request));
    if (!found) return undefined;
    const answer = await found;
    reply.headers(answer.headers);
    if (notModified(request.headers['if-none-match'], answer.etag)) {
      reply.removeHeader('content-encoding');
      return reply.code(304).send();
    }
    return reply.code(200).send(answer.body);
  }

  /** onSend, after the cookie plugin's: keeps an answer `sendCached` marked, as it goes out. */
  const keep: onSendHookHandler = (request, reply, payload, done) => {
    const stamp = request.answerStamp;
    if (
      stamp !== null &&
      reply.statusCode === 200 &&
      Buffer.isBuffer(payload) &&
      !reply.hasHeader('set-cookie')
    ) {
      const { 'content-length': _length, ...headers } = reply.getHeaders();
      const answer = { headers: headers as KeptAnswer['headers'], body: payload, etag: String(headers.etag) };
      kept.get(stamp, keyOf(request), async () => answer);
    }
    done(null, payload);
  };

  return {
    /** The hook that gives kept answers; added right after the security headers' hook. */
    installGiving(server: FastifyInstance): void {
      server.addHook('onRequest', give);
    },
    /** The hook that keeps answers; added after the cookie plugin, whose onSend sets cookies. */
    installKeeping(server: FastifyInstance): void {
      server.addHook('onSend', keep);
    },
  };
}

import { promisify } from 'node:util';
import { brotliCompress, constants, gzip } from 'node:zlib';
import negotiate from '@fastify/accept-negotiator';
import compress from '@fastify/compress';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { type CachedBody, notModified } from './response-cache.js';
import { isCookielessRead } from './session.js';

export type Encoding = 'br' | 'gzip';
const ENCODINGS: Encoding[] = ['br', 'gzip'];

/** Below this a compressed body saves less than its headers and the work cost. */
const THRESHOLD_BYTES = 1024;

/**
 * Text we send: pages, JSON, feeds, calendars, styles and scripts. Event streams are written to
 * the socket directly and never pass here; they must not be buffered by a compressor anyway.
 */
const COMPRESSIBLE =
  /^(text\/(html|plain|css|javascript|calendar|markdown|csv)|application\/([a-z.+-]*json|javascript|xml|atom\+xml|rss\+xml))\b/u;

/**
 * Responses built per request are compressed as they go out. Brotli's default (quality 11) spends
 * ~50 ms on a 100 kB page; quality 4 takes ~1 ms and still beats gzip's ratio on HTML.
 */
export async function registerCompression(server: FastifyInstance): Promise<void> {
  await server.register(compress, {
    global: true,
    threshold: THRESHOLD_BYTES,
    encodings: ENCODINGS,
    customTypes: COMPRESSIBLE,
    brotliOptions: { params: { [constants.BROTLI_PARAM_QUALITY]: 4 } },
    zlibOptions: { level: 6 },
  });
}

const brotliAsync = promisify(brotliCompress);
const gzipAsync = promisify(gzip);

/**
 * The compressed forms of a cached body, made once per cached body (so once per change) and at
 * a higher quality than per-request compression can afford: many readers share the work.
 */
const encodedForms = new WeakMap<CachedBody, Partial<Record<Encoding, Promise<Buffer>>>>();

function encodedForm(cached: CachedBody, encoding: Encoding): Promise<Buffer> {
  let forms = encodedForms.get(cached);
  if (!forms) {
    forms = {};
    encodedForms.set(cached, forms);
  }
  const made =
    forms[encoding] ??
    (encoding === 'br'
      ? brotliAsync(cached.body, {
          params: {
            [constants.BROTLI_PARAM_QUALITY]: 9,
            [constants.BROTLI_PARAM_SIZE_HINT]: cached.body.length,
          },
        })
      : gzipAsync(cached.body, { level: 9 }));
  forms[encoding] = made;
  return made;
}

/**
 * A route's config saying its answer to a cookieless visitor depends on nothing but the change
 * stamp, the URL, the language and the coding, so that answer may be kept whole and given again
 * before the hooks run (see visitor-answers.ts).
 */
export const KEPT_FOR_VISITORS = { keptForVisitors: true } as const;

export function isKeptForVisitors(request: FastifyRequest): boolean {
  return request.routeOptions.config.keptForVisitors === true;
}

/** The content coding of ours the reader takes best, whatever the size, or null for none. */
export function acceptedEncoding(request: FastifyRequest): Encoding | null {
  const header = request.headers['accept-encoding'];
  if (typeof header !== 'string' || header === '') return null;
  return negotiate(header, ENCODINGS) as Encoding | null;
}

/** The content coding to send a body of `size` bytes in, or null for the plain bytes. */
function chosenEncoding(request: FastifyRequest, size: number): Encoding | null {
  return size < THRESHOLD_BYTES ? null : acceptedEncoding(request);
}

/** A strong tag names one representation, so each coding has its own (RFC 9110 §8.8.3). */
function taggedFor(etag: string, encoding: Encoding | null): string {
  return encoding ? `${etag.slice(0, -1)}-${encoding}"` : etag;
}

/**
 * Sends a cached body in the coding the reader accepts, with its tag, or 304 when the reader
 * has it. `vary` names what else the body depends on; Accept-Encoding is added here.
 * On a route {@link KEPT_FOR_VISITORS}, a cookieless visitor's answer is then kept whole for the
 * next such visitor (see visitor-answers.ts).
 */
export async function sendCached(
  request: FastifyRequest,
  reply: FastifyReply,
  cached: CachedBody,
  vary: string,
): Promise<FastifyReply> {
  const encoding = chosenEncoding(request, cached.body.length);
  const etag = taggedFor(cached.etag, encoding);
  reply.header('etag', etag).header('vary', vary ? `${vary}, accept-encoding` : 'accept-encoding');
  if (notModified(request.headers['if-none-match'], etag)) return reply.code(304).send();
  const keep = request.changeStamp !== null && request.auth.via === 'none' && isKeptForVisitors(request);
  if (keep && isCookielessRead(request)) request.answerStamp = await request.changeStamp;
  if (!encoding) return reply.send(cached.body);
  const body = await encodedForm(cached, encoding);
  return reply.header('content-encoding', encoding).send(body);
}

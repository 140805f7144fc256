import { createHash } from 'node:crypto';
import { StampedCache } from '../app/stamped-cache.js';

/** A response body as sent, with its entity tag. */
export interface CachedBody {
  body: Buffer;
  etag: string;
}

/** Rendered bodies kept per stamp of the change markers, up to `maxBytes` in all. */
export function responseCache<T extends CachedBody | null>(maxBytes: number): StampedCache<T> {
  // null stands for "not cacheable" and still takes room, so such markers cannot pile up.
  return new StampedCache<T>(maxBytes, (entry) => (entry ? entry.body.length : 256));
}

/** A body (as serialized or rendered) with a tag from its bytes, so equal bodies share a tag on every instance. */
export function cachedBody(content: string | Buffer | ArrayBuffer): CachedBody {
  const body =
    typeof content === 'string'
      ? Buffer.from(content, 'utf8')
      : Buffer.isBuffer(content)
        ? content
        : Buffer.from(new Uint8Array(content));
  return { body, etag: `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"` };
}

/** If-None-Match with weak comparison (RFC 9110 §13.1.2): `*`, or one of the listed tags. */
export function notModified(header: string | undefined, etag: string): boolean {
  if (header === undefined) return false;
  const strip = (tag: string) => (tag.startsWith('W/') ? tag.slice(2) : tag);
  const wanted = strip(etag);
  return header.split(',').some((tag) => {
    const t = tag.trim();
    return t === '*' || strip(t) === wanted;
  });
}

import { createHash, randomBytes } from 'node:crypto';

/** A secret for a cookie, an API token or an invitation link. */
export function newSecret(prefix = ''): string {
  return `${prefix}${randomBytes(32).toString('base64url')}`;
}

/** Secrets are stored only as their SHA-256; a leaked database gives no working token. */
export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}

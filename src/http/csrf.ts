import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Synchroniser tokens without server state: the token is an HMAC of the session (or, before
 * sign-in, of a random per-browser cookie). A page from this site can read it; another site
 * cannot, so a forged form fails. Signing in changes the session and thereby every token.
 */
export function csrfTokenFor(secret: string, binding: string): string {
  return createHmac('sha256', secret).update(`csrf:${binding}`).digest('base64url');
}

export function csrfTokenMatches(secret: string, binding: string, token: unknown): boolean {
  if (typeof token !== 'string' || token.length === 0 || token.length > 100) return false;
  const expected = Buffer.from(csrfTokenFor(secret, binding));
  const actual = Buffer.from(token);
  return expected.length === actual.length && timingSafeEqual(expected, actual);
}

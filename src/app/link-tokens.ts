import { createHmac, timingSafeEqual } from 'node:crypto';

/** A secret the hub keeps (its cookie secret), read when a link is made or checked. */
export type LinkSecret = () => Promise<string>;

/**
 * The token of a link mailed to someone who may not be signed in when they follow it (confirm a
 * subscription, unsubscribe): an HMAC of what the link does and to whom, so nothing is stored
 * and the link stays good as long as the hub's secret does.
 */
export async function linkToken(secret: LinkSecret, subject: string): Promise<string> {
  return createHmac('sha256', await secret())
    .update(subject)
    .digest('base64url');
}

/** Whether `given` is the token of `subject`, compared in constant time. */
export async function linkTokenMatches(
  secret: LinkSecret,
  subject: string,
  given: unknown,
): Promise<boolean> {
  if (typeof given !== 'string' || given.length > 100) return false;
  const expected = Buffer.from(await linkToken(secret, subject));
  const actual = Buffer.from(given);
  return expected.length === actual.length && timingSafeEqual(expected, actual);
}

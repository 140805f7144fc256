import { createHmac, randomBytes } from 'node:crypto';

/**
 * Signing by Standard Webhooks (https://www.standardwebhooks.com): a receiver checks
 * `webhook-signature: v1,<base64 HMAC-SHA256>` over `<webhook-id>.<webhook-timestamp>.<body>`,
 * keyed with the bytes of the secret after its `whsec_` prefix (base64). Written here with
 * node:crypto because the spec's package is not among the dependencies; the tests check it
 * against their own implementation of the spec.
 */
export const SECRET_PREFIX = 'whsec_';

/** A new endpoint secret: 24 random bytes, base64, with the spec's prefix. */
export function newWebhookSecret(): string {
  return `${SECRET_PREFIX}${randomBytes(24).toString('base64')}`;
}

export interface WebhookHeaders {
  'webhook-id': string;
  'webhook-timestamp': string;
  'webhook-signature': string;
}

/** The three headers of one attempt; `at` is the attempt's instant (the timestamp is in whole seconds). */
export function signWebhook(secret: string, id: string, at: Date, body: string): WebhookHeaders {
  const key = Buffer.from(
    secret.startsWith(SECRET_PREFIX) ? secret.slice(SECRET_PREFIX.length) : secret,
    'base64',
  );
  const timestamp = String(Math.floor(at.getTime() / 1000));
  const mac = createHmac('sha256', key).update(`${id}.${timestamp}.${body}`).digest('base64');
  return { 'webhook-id': id, 'webhook-timestamp': timestamp, 'webhook-signature': `v1,${mac}` };
}

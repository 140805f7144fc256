import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { type ClientRequest, request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { LookupFunction } from 'node:net';
import type { PostHow, WebhookAttempt, WebhookPoster } from '../app/webhook-delivery.js';
import type { WebhookHeaders } from '../domain/webhook-signing.js';
import { checkWebhookUrl, isPrivateAddress, type TargetProblem } from '../domain/webhook-target.js';

/** What the delivery log says of an endpoint the hub will not send to. */
const REFUSALS: Record<TargetProblem, string> = {
  'error.webhookUrl': 'not a URL',
  'error.webhookHttps': 'refused: only https',
  'error.webhookPrivate': 'refused: a private address',
};

/** How much of an answer is read and kept: the rest is never read. */
export const MAX_RESPONSE_BYTES = 1024;

export interface WebhookTransportOptions {
  /** The whole attempt — connecting, the answer's head and its first bytes — ends after this. */
  timeoutMs?: number;
  /** Resolves a host name to addresses; tests name their own (default: the system's resolver). */
  resolve?: (host: string) => Promise<LookupAddress[]>;
}

class RefusedTarget extends Error {}

function systemResolve(host: string): Promise<LookupAddress[]> {
  return new Promise((done, fail) =>
    dnsLookup(host, { all: true }, (err, addresses) => (err ? fail(err) : done(addresses))),
  );
}

/**
 * A `lookup` for the socket that resolves the name and refuses it when any address is private:
 * the address checked is the one connected to, so a name that resolves to a public address
 * for the check and a private one for the connection (DNS rebinding) gets nowhere.
 */
function guardedLookup(
  resolve: (host: string) => Promise<LookupAddress[]>,
  allowPrivate: boolean,
): LookupFunction {
  return (hostname, options, callback) => {
    resolve(hostname).then(
      (found) => {
        const family = typeof options === 'object' ? options.family : undefined;
        const addresses = found.filter((a) => !family || family === 0 || a.family === family);
        const refused = addresses.find((a) => isPrivateAddress(a.address));
        if (addresses.length === 0) callback(new Error(`${hostname} has no address`), '', 4);
        else if (refused && !allowPrivate)
          callback(
            new RefusedTarget(`refused: ${hostname} resolves to private address ${refused.address}`),
            '',
            4,
          );
        else if (typeof options === 'object' && options.all) callback(null, addresses);
        else callback(null, addresses[0]?.address ?? '', addresses[0]?.family ?? 4);
      },
      (err: Error) => callback(err, '', 4),
    );
  };
}

/** Reads at most MAX_RESPONSE_BYTES of an answer, then lets the rest go unread. */
function readHead(response: IncomingMessage, done: (body: string) => void): void {
  const chunks: Buffer[] = [];
  let size = 0;
  response.on('data', (chunk: Buffer) => {
    chunks.push(chunk);
    size += chunk.length;
    if (size >= MAX_RESPONSE_BYTES) {
      response.destroy();
      done(Buffer.concat(chunks).subarray(0, MAX_RESPONSE_BYTES).toString('utf8'));
    }
  });
  response.on('end', () => done(Buffer.concat(chunks).toString('utf8')));
  response.on('error', () => done(Buffer.concat(chunks).subarray(0, MAX_RESPONSE_BYTES).toString('utf8')));
}

/**
 * POSTs webhooks (signed, or chat posts) with node:http(s). Redirects are not followed: a 3xx counts as a
 * failed attempt, so a receiver cannot send the hub on to an address that was never checked.
 */
export function webhookTransport(options: WebhookTransportOptions = {}): WebhookPoster {
  const timeoutMs = options.timeoutMs ?? 10_000;
  const resolve = options.resolve ?? systemResolve;
  return {
    post(
      url: string,
      headers: Partial<WebhookHeaders>,
      body: string,
      allowPrivate: boolean,
      how: PostHow = { method: 'POST' },
    ): Promise<WebhookAttempt> {
      const started = performance.now();
      const elapsed = () => Math.round(performance.now() - started);
      return new Promise<WebhookAttempt>((settle) => {
        let settled = false;
        let req: ClientRequest | null = null;
        const finish = (attempt: Omit<WebhookAttempt, 'durationMs'>) => {
          if (settled) return;
          settled = true;
          clearTimeout(timer);
          req?.destroy();
          settle({ ...attempt, durationMs: elapsed() });
        };
        const fail = (error: string) => finish({ status: null, body: null, error: error.slice(0, 1000) });
        const timer = setTimeout(() => fail(`timed out after ${timeoutMs} ms`), timeoutMs);
        // The rules registration checked, again: the endpoint may have been stored before a
        // rule was added, or the setting that allowed private targets turned off since.
        const problem = checkWebhookUrl(url, allowPrivate);
        if (problem) return fail(REFUSALS[problem]);
        const target = new URL(url);
        const send = target.protocol === 'https:' ? httpsRequest : httpRequest;
        req = send(target, {
          method: how.method,
          lookup: guardedLookup(resolve, allowPrivate),
          headers: {
            ...headers,
            ...(how.bearer ? { authorization: `Bearer ${how.bearer}` } : {}),
            'content-type': 'application/json',
            'user-agent': 'Plenum-Webhooks/1',
          },
        });
        req.on('response', (response) =>
          readHead(response, (text) =>
            finish({ status: response.statusCode ?? null, body: text, error: null }),
          ),
        );
        req.on('error', (err) => fail(err.message));
        req.end(body);
      });
    },
  };
}

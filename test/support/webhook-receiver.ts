import { webcrypto } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

export interface Received {
  headers: IncomingMessage['headers'];
  body: string;
}

export type Answer = (req: IncomingMessage, res: ServerResponse, n: number) => void;

/** A local HTTP receiver of webhooks on 127.0.0.1: what it was sent, answered as `answer` says. */
export async function startReceiver(): Promise<{
  url: string;
  received: Received[];
  answer: (a: Answer) => void;
  close: () => Promise<void>;
}> {
  const received: Received[] = [];
  let answer: Answer = (_req, res) => res.end('ok');
  const sockets = new Set<Socket>();
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      received.push({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
      answer(req, res, received.length);
    });
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hook`,
    received,
    answer: (a) => {
      answer = a;
    },
    close: async () => {
      for (const s of sockets) s.destroy();
      await new Promise<void>((done) => server.close(() => done()));
    },
  };
}

/**
 * Standard Webhooks' verification, written from the spec apart from the hub's signing code:
 * HMAC-SHA256 (WebCrypto) over `id.timestamp.body` with the base64 bytes after `whsec_`.
 */
export async function verifies(secret: string, got: Received): Promise<boolean> {
  const key = await webcrypto.subtle.importKey(
    'raw',
    Buffer.from(secret.split('_')[1] ?? '', 'base64'),
    { name: 'HMAC', hash: 'SHA-256' },
    false,
    ['sign'],
  );
  const signed = `${got.headers['webhook-id']}.${got.headers['webhook-timestamp']}.${got.body}`;
  const mac = Buffer.from(await webcrypto.subtle.sign('HMAC', key, new TextEncoder().encode(signed)));
  const offered = String(got.headers['webhook-signature'])
    .split(' ')
    .map((s) => s.split(','));
  return offered.some(([version, sig]) => version === 'v1' && sig === mac.toString('base64'));
}

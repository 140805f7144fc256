import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { Agent, createServer, type IncomingMessage, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { plenumCli, requireBuild, type Served, serve } from '../support/child.js';
import { adminQuery, databaseUrl } from '../support/postgres.js';
import { startReceiver } from '../support/webhook-receiver.js';

/**
 * Two `plenum serve` on one PostgreSQL behind a balancer that works as deploy/Caddyfile sets
 * Caddy up: round robin over the instances whose /readyz says 200, a new upstream connection per
 * request, and a request whose connection an instance refuses sent to the other one. Under 500
 * connections of reads and writes, one instance gets SIGTERM. No request may fail (the other
 * instance could take each one), the stopped instance exits cleanly within its 10 s, and every
 * idea acknowledged reaches the webhook receiver: the outbox jobs it held are finished or taken
 * over by the other instance, none lost.
 */

const CONNECTIONS = 500;
const TIMEOUT = 300_000;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface Upstream {
  port: number;
  ready: boolean;
}

/** The balancer: returns its URL and a way to stop it. */
async function startBalancer(upstreams: Upstream[]): Promise<{ url: string; close(): Promise<void> }> {
  let next = 0;
  const checks = setInterval(() => {
    for (const up of upstreams) {
      const req = request({ host: '127.0.0.1', port: up.port, path: '/readyz', agent: false }, (res) => {
        up.ready = res.statusCode === 200;
        res.resume();
      });
      req.on('error', () => {
        up.ready = false;
      });
      req.end();
    }
  }, 250);

  const forward = (incoming: IncomingMessage, body: Buffer, tried: Set<Upstream>): Promise<ForwardResult> => {
    const candidates = upstreams.filter((u) => u.ready && !tried.has(u));
    const pool = candidates.length > 0 ? candidates : upstreams.filter((u) => !tried.has(u));
    const up = pool[next++ % Math.max(1, pool.length)];
    if (!up) return Promise.resolve({ kind: 'failed', reason: 'no instance left to try' });
    tried.add(up);
    return new Promise((resolve) => {
      const req = request(
        {
          host: '127.0.0.1',
          port: up.port,
          method: incoming.method,
          path: incoming.url,
          headers: { ...incoming.headers, connection: 'close' },
          agent: false,
        },
        (res) => resolve({ kind: 'answered', res, port: up.port }),
      );
      req.on('error', (err: NodeJS.ErrnoException) => {
        // Refused: nothing reached the instance, so the other one may take it, writes included.
        if (err.code === 'ECONNREFUSED') resolve(forward(incoming, body, tried));
        else resolve({ kind: 'failed', reason: `${err.code ?? err.message} from :${up.port}` });
      });
      req.end(body);
    });
  };

  const server: Server = createServer((incoming, outgoing) => {
    const chunks: Buffer[] = [];
    incoming.on('data', (c: Buffer) => chunks.push(c));
    incoming.on('end', () => {
      void forward(incoming, Buffer.concat(chunks), new Set()).then((result) => {
        if (result.kind === 'failed') {
          outgoing.writeHead(502, { 'content-type': 'text/plain' }).end(result.reason);
          return;
        }
        // The instance closes each of its connections; the client's to the balancer stay open.
        const { connection: _c, 'keep-alive': _k, ...headers } = result.res.headers;
        outgoing.writeHead(result.res.statusCode ?? 502, { ...headers, 'x-upstream': String(result.port) });
        result.res.pipe(outgoing);
      });
    });
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: async () => {
      clearInterval(checks);
      server.closeAllConnections();
      await new Promise<void>((done) => server.close(() => done()));
    },
  };
}

type ForwardResult =
  | { kind: 'answered'; res: IncomingMessage; port: number }
  | { kind: 'failed'; reason: string };

interface Tally {
  statuses: Map<number, number>;
  faults: string[];
  acknowledged: string[];
  /** 503s of an instance out of database connections (answered with Retry-After), by its port. */
  busy: Map<string, number>;
}

/** An instance whose every pooled connection stayed taken for 5 s sheds load as promised. */
function isBusy(status: number, headers: IncomingMessage['headers'], text: string): boolean {
  return status === 503 && headers['retry-after'] !== undefined && text.includes('database-unavailable');
}

/** Each connection alternates reads of pages and the API with proposals, until stopped. */
function startLoad(base: URL, token: string) {
  const tally: Tally = { statuses: new Map(), faults: [], acknowledged: [], busy: new Map() };
  const agent = new Agent({ keepAlive: true, maxSockets: CONNECTIONS });
  let stopped = false;
  const paths = ['/backlog', '/api/v1/ideas?limit=20', '/meetings', 'POST'];
  const once = (path: string) =>
    new Promise<void>((resolve) => {
      const body = path === 'POST' ? JSON.stringify({ title: `Two ${randomBytes(5).toString('hex')}` }) : '';
      const req = request(
        {
          agent,
          host: base.hostname,
          port: base.port,
          method: path === 'POST' ? 'POST' : 'GET',
          path: path === 'POST' ? '/api/v1/ideas' : path,
          headers:
            path === 'POST'
              ? {
                  authorization: `Bearer ${token}`,
                  'content-type': 'application/json',
                  'content-length': Buffer.byteLength(body),
                }
              : {},
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => {
            const status = res.statusCode ?? 0;
            tally.statuses.set(status, (tally.statuses.get(status) ?? 0) + 1);
            const text = Buffer.concat(chunks).toString('utf8');
            const upstream = String(res.headers['x-upstream'] ?? 'none');
            if (path === 'POST' && status === 201)
              tally.acknowledged.push((JSON.parse(text) as { id: string }).id);
            else if (isBusy(status, res.headers, text))
              tally.busy.set(upstream, (tally.busy.get(upstream) ?? 0) + 1);
            else if (status >= 300)
              tally.faults.push(`${status} from :${upstream} on ${path}: ${text.slice(0, 200)}`);
            resolve();
          });
        },
      );
      req.on('error', (err) => {
        tally.faults.push(`${path} failed without an answer: ${err.message}`);
        resolve();
      });
      req.end(body);
    });
  const done = Promise.all(
    Array.from({ length: CONNECTIONS }, async (_, c) => {
      for (let i = c; !stopped; i++) await once(paths[i % paths.length] ?? '/');
    }),
  );
  return {
    tally,
    stop: async () => {
      stopped = true;
      await done;
      agent.destroy();
    },
  };
}

async function until(check: () => boolean, ms: number, what: string): Promise<void> {
  const started = Date.now();
  while (!check()) {
    if (Date.now() - started > ms) throw new Error(`${what}: not within ${ms} ms`);
    await sleep(25);
  }
}

describe('two instances on one PostgreSQL, one stopped under load', () => {
  const dirs = [mkdtempSync(join(tmpdir(), 'plenum-two-a-')), mkdtempSync(join(tmpdir(), 'plenum-two-b-'))];
  const name = `plenum_two_${randomBytes(4).toString('hex')}`;
  const servers: Served[] = [];
  const closers: (() => Promise<void>)[] = [];

  afterAll(async () => {
    for (const close of closers.reverse()) await close().catch(() => undefined);
    for (const s of servers) await s.stop();
    await adminQuery(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });

  it(
    'drops no request the other instance could take and loses no outbox job',
    async () => {
      requireBuild();
      await adminQuery(`CREATE DATABASE ${name}`);
      const shared = { DATABASE_URL: databaseUrl(name), PLENUM_WEBHOOK_ALLOW_PRIVATE: '1' };
      const [dirA = '', dirB = ''] = dirs;
      plenumCli(['user', 'add', '--email', 'ops@example.org', '--name', 'Ops', '--role', 'admin'], {
        ...shared,
        PLENUM_DATA_DIR: dirA,
        PLENUM_PASSWORD: 'a long enough password',
      });
      const token = plenumCli(['token', 'create', '--email', 'ops@example.org', '--name', 'two instances'], {
        ...shared,
        PLENUM_DATA_DIR: dirA,
      }).trim();

      const a = await serve({ ...shared, PLENUM_DATA_DIR: dirA });
      servers.push(a);
      const b = await serve({ ...shared, PLENUM_DATA_DIR: dirB });
      servers.push(b);
      const receiver = await startReceiver();
      closers.push(receiver.close);
      const hook = await fetch(`${a.url}/api/v1/webhooks`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ url: receiver.url, events: ['idea.proposed'], description: 'two instances' }),
      });
      expect(hook.status, await hook.clone().text()).toBe(201);

      const upstreams: Upstream[] = [a, b].map((s) => ({ port: Number(new URL(s.url).port), ready: true }));
      const balancer = await startBalancer(upstreams);
      closers.push(balancer.close);
      const load = startLoad(new URL(balancer.url), token);
      let stoppedAfter = 0;
      try {
        await until(() => load.tally.acknowledged.length >= 200, 60_000, 'writes before the stop');
        const before = load.tally.acknowledged.length;
        const stopping = Date.now();
        a.child.kill('SIGTERM');
        const exit = await a.exited;
        stoppedAfter = Date.now() - stopping;
        expect(exit).toEqual({ code: 0, signal: null });
        await until(() => load.tally.acknowledged.length >= before + 200, 60_000, 'writes after the stop');
      } finally {
        await load.stop();
      }

      const ideas = new Set(load.tally.acknowledged);
      // Every acknowledged idea is delivered, by whichever instance ran its outbox job.
      const delivered = () =>
        new Set(receiver.received.map((r) => (JSON.parse(r.body) as { data: { id: string } }).data.id));
      await until(() => [...ideas].every((id) => delivered().has(id)), 120_000, 'every webhook delivered');
      const statuses = Object.fromEntries(load.tally.statuses);
      console.log(
        `two instances: SIGTERM to one under ${CONNECTIONS} connections; it exited in ${stoppedAfter} ms; ` +
          `${ideas.size} ideas acknowledged, ${delivered().size} delivered (${receiver.received.length} webhook requests); statuses ${JSON.stringify(statuses)}; ` +
          `503 for want of a database connection: ${JSON.stringify(Object.fromEntries(load.tally.busy))}`,
      );
      expect(load.tally.faults.slice(0, 20)).toEqual([]);
      // Shedding load is the instance that goes on running's to do, never the stopping one's.
      expect(load.tally.busy.get(new URL(a.url).port) ?? 0).toBe(0);
      expect(stoppedAfter).toBeLessThan(10_000);
      expect(b.child.exitCode).toBeNull();
    },
    TIMEOUT,
  );
});

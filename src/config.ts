import { isIP } from 'node:net';
import { resolve } from 'node:path';
import { type MetricsConfig, readMetrics } from './metrics-config.js';
import { type GithubSignIn, type OidcSignIn, readGithub, readOidc } from './sign-in-config.js';

/** Settings read from the environment; every one has a default that works on a laptop. */
export interface Config {
  host: string;
  port: number;
  /** Public URL the hub is reached at, always ending in `/`. Its path is the mount prefix. */
  baseUrl: URL;
  /** Path prefix without trailing slash: `''` at the root, `/planning` under a sub-path. */
  basePath: string;
  dataDir: string;
  sqliteFile: string;
  databaseUrl: string | undefined;
  /**
   * Which reverse proxies' X-Forwarded-* headers to believe: none (`false`), the last N hops, or
   * the proxies at these addresses and ranges. Every per-client limit stands on it.
   */
  trustProxy: TrustProxy;
  logLevel: string;
  /** `smtp://user:pass@host:port` (or smtps://); without it no mail is sent and invitations are off. */
  smtpUrl: string | undefined;
  /** Sender and iTIP organizer of mails. */
  mailFrom: string;
  /** Event streams of live pages this process keeps open at most (each holds a connection). */
  liveMaxStreams: number;
  /** Event streams this process keeps open for one client at most. */
  liveMaxStreamsPerClient: number;
  /**
   * How long a worker's claim on outbox jobs holds (PLENUM_OUTBOX_LEASE_SECONDS, default 120):
   * the jobs of an instance that died are taken over when it ends. Shorter in crash tests.
   */
  outboxLeaseSeconds: number;
  /** Sign-in through an OpenID Connect provider (PLENUM_OIDC_*); null when not set up. */
  oidc: OidcSignIn | null;
  /** Sign-in with GitHub (PLENUM_GITHUB_*); null when not set up. */
  github: GithubSignIn | null;
  /** Prometheus metrics (PLENUM_METRICS*); null when off. */
  metrics: MetricsConfig | null;
  /**
   * PLENUM_WEBHOOK_ALLOW_PRIVATE=1: webhooks may go to loopback and private networks, and over
   * plain http (tests, closed networks). Off by default, so an endpoint cannot reach inside.
   */
  webhookAllowPrivate: boolean;
  /**
   * PLENUM_IDLE_GC_SECONDS (default 10, 0 = never): after this long without a request, `serve`
   * gives back the memory its busiest moment took (src/idle-memory.ts).
   */
  idleGcSeconds: number;
}

/** As Fastify's `trustProxy` takes it (proxy-addr): a number of hops, or addresses and CIDR ranges. */
export type TrustProxy = false | number | string[];

/** Ranges proxy-addr knows by name. */
const NAMED_RANGES = new Set(['loopback', 'linklocal', 'uniquelocal']);

/**
 * PLENUM_TRUST_PROXY: off, a number of proxy hops (`1` and `true` are one), or a comma-separated
 * list of proxy addresses and CIDR ranges. Fastify walks X-Forwarded-For from the right and
 * stops at the first address it does not trust, so a value the client put on the left is never
 * taken while the proxies append theirs. `true` must not mean "trust all": then the leftmost
 * value, which the client chooses, would be its address.
 */
function parseTrustProxy(raw: string | undefined): TrustProxy {
  const value = (raw ?? '').trim();
  if (value === '' || value === '0' || value === 'false') return false;
  if (value === 'true') return 1;
  if (/^\d+$/u.test(value)) {
    const hops = Number(value);
    if (hops <= 100) return hops;
  }
  const entries = value.split(',').map((e) => e.trim());
  const problem = (what: string) =>
    new ConfigError(
      `PLENUM_TRUST_PROXY: ${what}. Give a number of proxy hops (1 for one proxy in front) or a comma-separated list of proxy addresses and CIDR ranges such as 10.0.0.0/8,127.0.0.1 (or loopback, linklocal, uniquelocal).`,
    );
  if (!/[.:]|^(loopback|linklocal|uniquelocal)$/u.test(entries[0] ?? '')) {
    throw problem(`"${value}" is neither a number of hops nor an address`);
  }
  for (const entry of entries) {
    if (entry === '') throw problem('the list has an empty entry');
    if (NAMED_RANGES.has(entry)) continue;
    const [address = '', prefix, extra] = entry.split('/');
    const family = isIP(address);
    const bits = family === 4 ? 32 : 128;
    const prefixOk =
      prefix === undefined || (/^\d{1,3}$/u.test(prefix) && Number(prefix) <= bits && extra === undefined);
    if (family === 0 || !prefixOk) throw problem(`"${entry}" is not an IP address or CIDR range`);
  }
  return entries;
}

export class ConfigError extends Error {}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const host = env.HOST ?? '127.0.0.1';
  const port = env.PORT === undefined || env.PORT === '' ? 8080 : Number(env.PORT);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new ConfigError(`PORT must be 0–65535, got "${env.PORT}"`);
  const displayHost = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host;
  let baseUrl: URL;
  try {
    baseUrl = new URL(
      env.PLENUM_BASE_URL ||
        `http://${displayHost.includes(':') ? `[${displayHost}]` : displayHost}:${port}/`,
    );
  } catch {
    throw new ConfigError(`PLENUM_BASE_URL is not a URL: "${env.PLENUM_BASE_URL}"`);
  }
  if (baseUrl.protocol !== 'http:' && baseUrl.protocol !== 'https:') {
    throw new ConfigError('PLENUM_BASE_URL must start with http:// or https://');
  }
  if (!baseUrl.pathname.endsWith('/')) baseUrl.pathname += '/';
  baseUrl.search = '';
  baseUrl.hash = '';
  const dataDir = resolve(env.PLENUM_DATA_DIR || 'data');
  const liveMaxStreams = env.PLENUM_LIVE_MAX_STREAMS ? Number(env.PLENUM_LIVE_MAX_STREAMS) : 1000;
  if (!Number.isInteger(liveMaxStreams) || liveMaxStreams < 0)
    throw new ConfigError(
      `PLENUM_LIVE_MAX_STREAMS must be a whole number, got "${env.PLENUM_LIVE_MAX_STREAMS}"`,
    );
  const liveMaxStreamsPerClient = env.PLENUM_LIVE_MAX_STREAMS_PER_CLIENT
    ? Number(env.PLENUM_LIVE_MAX_STREAMS_PER_CLIENT)
    : 20;
  if (!Number.isInteger(liveMaxStreamsPerClient) || liveMaxStreamsPerClient < 1)
    throw new ConfigError(
      `PLENUM_LIVE_MAX_STREAMS_PER_CLIENT must be a whole number of at least 1, got "${env.PLENUM_LIVE_MAX_STREAMS_PER_CLIENT}"`,
    );
  const outboxLeaseSeconds = env.PLENUM_OUTBOX_LEASE_SECONDS ? Number(env.PLENUM_OUTBOX_LEASE_SECONDS) : 120;
  if (!Number.isInteger(outboxLeaseSeconds) || outboxLeaseSeconds < 1)
    throw new ConfigError(
      `PLENUM_OUTBOX_LEASE_SECONDS must be a whole number of at least 1, got "${env.PLENUM_OUTBOX_LEASE_SECONDS}"`,
    );
  const idleGcSeconds = env.PLENUM_IDLE_GC_SECONDS ? Number(env.PLENUM_IDLE_GC_SECONDS) : 10;
  if (!Number.isInteger(idleGcSeconds) || idleGcSeconds < 0 || idleGcSeconds > 86_400)
    throw new ConfigError(
      `PLENUM_IDLE_GC_SECONDS must be a whole number of seconds from 0 (never) to 86400, got "${env.PLENUM_IDLE_GC_SECONDS}"`,
    );
  return {
    host,
    port,
    baseUrl,
    basePath: baseUrl.pathname.replace(/\/+$/u, ''),
    dataDir,
    sqliteFile: resolve(dataDir, 'plenum.sqlite'),
    databaseUrl: env.DATABASE_URL || undefined,
    trustProxy: parseTrustProxy(env.PLENUM_TRUST_PROXY),
    logLevel: env.LOG_LEVEL || 'info',
    smtpUrl: env.SMTP_URL || undefined,
    mailFrom:
      env.PLENUM_MAIL_FROM ||
      `plenum@${baseUrl.hostname.includes('.') ? baseUrl.hostname : 'localhost.localdomain'}`,
    liveMaxStreams,
    liveMaxStreamsPerClient,
    outboxLeaseSeconds,
    oidc: readOidc(env, (m) => new ConfigError(m)),
    github: readGithub(env, (m) => new ConfigError(m)),
    metrics: readMetrics(env, (m) => new ConfigError(m)),
    webhookAllowPrivate: env.PLENUM_WEBHOOK_ALLOW_PRIVATE === '1',
    idleGcSeconds,
  };
}

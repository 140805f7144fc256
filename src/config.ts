import { resolve } from 'node:path';

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
  /** Trust X-Forwarded-* from a reverse proxy (needed for client addresses in rate limits). */
  trustProxy: boolean;
  logLevel: string;
  /** `smtp://user:pass@host:port` (or smtps://); without it no mail is sent and invitations are off. */
  smtpUrl: string | undefined;
  /** Sender and iTIP organizer of mails. */
  mailFrom: string;
  /** Event streams of live pages this process keeps open at most (each holds a connection). */
  liveMaxStreams: number;
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
  return {
    host,
    port,
    baseUrl,
    basePath: baseUrl.pathname.replace(/\/+$/u, ''),
    dataDir,
    sqliteFile: resolve(dataDir, 'plenum.sqlite'),
    databaseUrl: env.DATABASE_URL || undefined,
    trustProxy: env.PLENUM_TRUST_PROXY === '1' || env.PLENUM_TRUST_PROXY === 'true',
    logLevel: env.LOG_LEVEL || 'info',
    smtpUrl: env.SMTP_URL || undefined,
    mailFrom:
      env.PLENUM_MAIL_FROM ||
      `plenum@${baseUrl.hostname.includes('.') ? baseUrl.hostname : 'localhost.localdomain'}`,
    liveMaxStreams,
  };
}

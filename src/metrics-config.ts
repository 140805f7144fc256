/** `/metrics` for Prometheus: off unless PLENUM_METRICS=1. */
export interface MetricsConfig {
  /** When set, a scrape must send `Authorization: Bearer <token>` (PLENUM_METRICS_TOKEN). */
  token: string | null;
  /**
   * When set, `/metrics` is served on this port of HOST alone and not beside the pages
   * (PLENUM_METRICS_PORT), so a firewall can keep it inside.
   */
  port: number | null;
}

export function readMetrics(
  env: NodeJS.ProcessEnv,
  problem: (message: string) => Error,
): MetricsConfig | null {
  const on = (env.PLENUM_METRICS ?? '').trim();
  if (on === '' || on === '0' || on === 'false') {
    if (env.PLENUM_METRICS_TOKEN || env.PLENUM_METRICS_PORT)
      throw problem('PLENUM_METRICS_TOKEN and PLENUM_METRICS_PORT need PLENUM_METRICS=1');
    return null;
  }
  if (on !== '1' && on !== 'true') throw problem(`PLENUM_METRICS must be 1 or 0, got "${on}"`);
  const token = env.PLENUM_METRICS_TOKEN?.trim() || null;
  if (token !== null && token.length < 16)
    throw problem('PLENUM_METRICS_TOKEN must be at least 16 characters (say, `openssl rand -hex 24`)');
  const rawPort = env.PLENUM_METRICS_PORT?.trim();
  const port = rawPort ? Number(rawPort) : null;
  if (port !== null && (!Number.isInteger(port) || port < 1 || port > 65535))
    throw problem(`PLENUM_METRICS_PORT must be 1–65535, got "${rawPort}"`);
  return { token, port };
}

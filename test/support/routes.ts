import type { Server } from '../../src/http/server.js';

/**
 * Every route the server answers, as `METHOD /path` (e.g. `POST /ideas/:slug/status`), read from
 * Fastify's own route tree. HEAD routes are left out: Fastify adds one to every GET route.
 */
export function serverRoutes(server: Server): string[] {
  const tree = server.printRoutes({ commonPrefix: false });
  const stack: string[] = [];
  const routes: string[] = [];
  for (const line of tree.split('\n')) {
    const branch = /[├└]── /u.exec(line);
    if (!branch) continue;
    const depth = branch.index / 4;
    const rest = line.slice(branch.index + 4).trimEnd();
    const m = /^(.*?)(?: \(([A-Z, ]+)\))?$/u.exec(rest);
    const segment = m?.[1] ?? rest;
    stack.length = depth;
    const path = `${stack.at(-1) ?? ''}${segment}`;
    stack.push(path);
    for (const method of (m?.[2] ?? '').split(',').map((s) => s.trim())) {
      if (method !== '' && method !== 'HEAD') routes.push(`${method} ${path}`);
    }
  }
  return [...new Set(routes)].sort();
}

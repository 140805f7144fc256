import rateLimit, { type FastifyRateLimitStoreCtor, normalizeIP } from '@fastify/rate-limit';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { LimitsUseCases, WindowLimitName } from '../app/limits.js';
import { RateLimitError } from '../domain/errors.js';

/**
 * The client a request comes from, as every per-client limit keys it: its address as Fastify
 * resolved it (behind a proxy, as far as PLENUM_TRUST_PROXY trusts the hops), IPv4-mapped IPv6
 * as IPv4 and other IPv6 addresses as their /64, which one host usually holds whole.
 */
export function clientOf(request: FastifyRequest): string {
  return normalizeIP(request.ip);
}

/**
 * @fastify/rate-limit's store, counting in the database through the limits use-case, so that
 * every instance on one database shares the counts (its own stores are per process or Redis).
 */
function databaseStore(limits: LimitsUseCases): FastifyRateLimitStoreCtor {
  return class DatabaseStore {
    incr(
      key: string,
      callback: (error: Error | null, result?: { current: number; ttl: number }) => void,
      timeWindow: number,
    ): void {
      limits.count(key, timeWindow).then(
        ({ hits, ttlMs }) => callback(null, { current: hits, ttl: ttlMs }),
        (err: unknown) => callback(err instanceof Error ? err : new Error(String(err))),
      );
    }

    child(): DatabaseStore {
      // Keys carry the limit's name (see limitPerClient), so one store serves every limit.
      return this;
    }
  };
}

/** Registers @fastify/rate-limit with the database store; limits apply where a route asks for them. */
export async function registerRateLimits(server: FastifyInstance, limits: LimitsUseCases): Promise<void> {
  await server.register(rateLimit, {
    global: false,
    store: databaseStore(limits),
    // A limit that cannot be counted refuses rather than letting everything through.
    skipOnError: false,
  });
}

/**
 * A check of one per-client limit (see src/app/limits.ts): counts the request and throws a
 * RateLimitError (429 with Retry-After) past the limit. Called by a route where the work it
 * guards begins, e.g. after the form's CSRF check, so requests refused for free do not count.
 */
export function limitPerClient(
  server: FastifyInstance,
  limits: LimitsUseCases,
  name: WindowLimitName,
): (request: FastifyRequest) => Promise<void> {
  const { max, windowSeconds } = limits.settings[name];
  const check = server.createRateLimit({
    max,
    timeWindow: windowSeconds * 1000,
    keyGenerator: (request) => `${name}:${clientOf(request)}`,
  });
  return async (request) => {
    const result = await check(request);
    if (!result.isAllowed && result.isExceeded) throw new RateLimitError(Math.max(1, result.ttlInSeconds));
  };
}

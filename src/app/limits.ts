import { RateLimitError } from '../domain/errors.js';
import { can } from '../domain/policy.js';
import type { Actor } from '../domain/roles.js';
import type { Hits } from '../store/rate-limits.repository.js';
import type { AppDeps } from './context.js';

/**
 * Every limit against abuse, in one place.
 *
 * | what                                   | per                       | how much (default)                        | answer beyond                   |
 * | -------------------------------------- | ------------------------- | ----------------------------------------- | ------------------------------- |
 * | failed sign-ins                        | client                    | 30 in 15 min                              | 429, Retry-After                |
 * | failed sign-ins                        | address and client        | 5 in 15 min                               | 429, Retry-After                |
 * | failed sign-ins                        | address (from anywhere)   | slow-down: +1 s per failure past 10 in 15 min, at most 10 s | never refused   |
 * | wrong current password (profile page)  | account                   | 5 in 15 min                               | 429, Retry-After                |
 * | registrations (form)                   | client                    | 10 per hour                               | 429, Retry-After                |
 * | "you already have an account" mails    | address                   | 2 per day                                 | answered alike, no mail         |
 * | invitation requests (series form)      | client                    | 20 per hour                               | 429, Retry-After                |
 * | invitation confirmation mails          | address (all series, +tag ignored) | 3 per day                        | answered alike, no mail         |
 * | password reset requests                | client                    | 10 per hour                               | 429, Retry-After                |
 * | password reset mails                   | address                   | 3 per hour                                | answered alike, no mail         |
 * | address verification mails (profile)   | account                   | 3 per hour                                | 429, Retry-After                |
 * | live-stream connections                | client                    | 60 per minute                             | 429, Retry-After                |
 * | comments and replies                   | account                   | 30 in 10 min                              | 429, Retry-After                |
 * | comments and replies                   | client                    | 60 in 10 min                              | 429, Retry-After                |
 * | people suggestions (`@…`, API)         | account, this process     | 120 per minute                            | 429, Retry-After                |
 * | idea and topic proposals (members)     | account                   | 10 in 10 min                              | 429, Retry-After                |
 * | idea and topic proposals (members)     | client                    | 20 in 10 min                              | 429, Retry-After                |
 * | open live streams                      | client, this process      | 20 (PLENUM_LIVE_MAX_STREAMS_PER_CLIENT)   | 429, Retry-After                |
 * | open live streams                      | this process              | 1000 (PLENUM_LIVE_MAX_STREAMS)            | 503, Retry-After                |
 * | password hashing (scrypt, 32 MiB each) | this process              | 2 at once, 8 waiting                      | 429, Retry-After                |
 *
 * A client is its address as the server sees it (behind a proxy: as PLENUM_TRUST_PROXY allows),
 * IPv6 addresses taken as their /64, since one host holds a whole /64. An address is the e-mail
 * address as typed, trimmed and lowercased (invitations also drop a `+tag`).
 *
 * Counters sit in the database (table rate_limits, fixed windows), so every instance sharing it
 * counts the same hits and a restart forgets nothing. Three limits are per process on purpose: open
 * streams are connections this process holds, hashing uses this process's CPU and memory, and
 * people suggestions are reads, which must write nothing (HEAD answers like GET).
 *
 * Sign-in refuses only on counters of the one asking (the client, or the client with that
 * address): others guessing an address slow its sign-in down but never refuse its right password.
 * Mails to an address are not refused but left unsent past the limit, so the answer is the same
 * whatever the state of the address.
 */
export interface WindowLimit {
  max: number;
  windowSeconds: number;
}

export interface Limits {
  signInFailuresPerClient: WindowLimit;
  signInFailuresPerAddressAndClient: WindowLimit;
  /** Failures per address (`max` of them are free) before each sign-in of it waits `stepMs` more. */
  signInSlowdownPerAddress: WindowLimit & { stepMs: number; maxDelayMs: number };
  passwordChecksPerAccount: WindowLimit;
  registrationsPerClient: WindowLimit;
  /** Round trips to a sign-in provider begun by one client: each keeps a row for minutes. */
  externalSignInsPerClient: WindowLimit;
  registrationMailsPerAddress: WindowLimit;
  invitationRequestsPerClient: WindowLimit;
  invitationMailsPerAddress: WindowLimit;
  passwordResetRequestsPerClient: WindowLimit;
  passwordResetMailsPerAddress: WindowLimit;
  verificationMailsPerAccount: WindowLimit;
  liveConnectsPerClient: WindowLimit;
  commentsPerAccount: WindowLimit;
  commentsPerClient: WindowLimit;
  peopleSearchesPerAccount: WindowLimit;
  /** Ideas and agenda topics proposed, counted together. */
  proposalsPerAccount: WindowLimit;
  proposalsPerClient: WindowLimit;
  /** Password hashes computed at once by this process, and how many may wait for a turn. */
  hashing: { running: number; waiting: number };
}

export type WindowLimitName = Exclude<keyof Limits, 'hashing'>;

const MINUTE = 60;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

export const DEFAULT_LIMITS: Limits = {
  signInFailuresPerClient: { max: 30, windowSeconds: 15 * MINUTE },
  signInFailuresPerAddressAndClient: { max: 5, windowSeconds: 15 * MINUTE },
  signInSlowdownPerAddress: { max: 10, windowSeconds: 15 * MINUTE, stepMs: 1000, maxDelayMs: 10_000 },
  passwordChecksPerAccount: { max: 5, windowSeconds: 15 * MINUTE },
  registrationsPerClient: { max: 10, windowSeconds: HOUR },
  externalSignInsPerClient: { max: 30, windowSeconds: 10 * MINUTE },
  registrationMailsPerAddress: { max: 2, windowSeconds: DAY },
  invitationRequestsPerClient: { max: 20, windowSeconds: HOUR },
  invitationMailsPerAddress: { max: 3, windowSeconds: DAY },
  passwordResetRequestsPerClient: { max: 10, windowSeconds: HOUR },
  passwordResetMailsPerAddress: { max: 3, windowSeconds: HOUR },
  verificationMailsPerAccount: { max: 3, windowSeconds: HOUR },
  liveConnectsPerClient: { max: 60, windowSeconds: MINUTE },
  commentsPerAccount: { max: 30, windowSeconds: 10 * MINUTE },
  commentsPerClient: { max: 60, windowSeconds: 10 * MINUTE },
  peopleSearchesPerAccount: { max: 120, windowSeconds: MINUTE },
  proposalsPerAccount: { max: 10, windowSeconds: 10 * MINUTE },
  proposalsPerClient: { max: 20, windowSeconds: 10 * MINUTE },
  hashing: { running: 2, waiting: 8 },
};

/** Limits with some replaced (tests and benchmarks raise or lower them). */
export type LimitOverrides = { [K in keyof Limits]?: Partial<Limits[K]> };

export function resolveLimits(overrides: LimitOverrides = {}): Limits {
  const out = { ...DEFAULT_LIMITS } as Record<keyof Limits, unknown>;
  for (const key of Object.keys(DEFAULT_LIMITS) as (keyof Limits)[]) {
    out[key] = { ...DEFAULT_LIMITS[key], ...overrides[key] };
  }
  return out as Limits;
}

/** Expired counters are swept after this many hits by this process, so the table stays small. */
const SWEEP_EVERY = 500;

/** Counting against the limits above; the keys are namespaced by the limit's name. */
export function limitsUseCases({ store, now }: AppDeps, limits: Limits) {
  let hitsSinceSweep = 0;

  const keyOf = (name: string, key: string) => `${name}:${key}`;
  const secondsUntil = (resetsAt: string) =>
    Math.max(1, Math.ceil((Date.parse(resetsAt) - now().getTime()) / 1000));

  async function count(key: string, windowMs: number): Promise<Hits & { ttlMs: number }> {
    const at = now();
    if (++hitsSinceSweep >= SWEEP_EVERY) {
      hitsSinceSweep = 0;
      await store.read.rateLimits.deleteExpired(at.toISOString());
    }
    const hits = await store.read.rateLimits.hit(
      key,
      at.toISOString(),
      new Date(at.getTime() + windowMs).toISOString(),
    );
    return { ...hits, ttlMs: Math.max(0, Date.parse(hits.resetsAt) - at.getTime()) };
  }

  return {
    settings: limits,

    /** A hit of a namespaced key in a window of `windowMs`: what @fastify/rate-limit's store counts. */
    count,

    /** Counts one hit; beyond the limit's `max` in its window, refuses with a RateLimitError. */
    async take(name: WindowLimitName, key: string, messageKey?: string): Promise<void> {
      const limit = limits[name];
      const { hits, resetsAt } = await count(keyOf(name, key), limit.windowSeconds * 1000);
      if (hits > limit.max) throw new RateLimitError(secondsUntil(resetsAt), messageKey);
    },

    /** Counts one hit, refusing nothing (e.g. a failure that slows later attempts down). */
    async hit(name: WindowLimitName, key: string): Promise<void> {
      await count(keyOf(name, key), limits[name].windowSeconds * 1000);
    },

    /** Counts one hit and tells whether it was within the limit (for limits that do not refuse). */
    async allow(name: WindowLimitName, key: string): Promise<boolean> {
      const limit = limits[name];
      const { hits } = await count(keyOf(name, key), limit.windowSeconds * 1000);
      return hits <= limit.max;
    },

    /** Hits of the key in its current window, without counting one. */
    async peek(name: WindowLimitName, key: string): Promise<number> {
      return (await store.read.rateLimits.read(keyOf(name, key), now().toISOString()))?.hits ?? 0;
    },

    /** Takes back one hit (an attempt that turned out right does not count against anyone). */
    async undo(name: WindowLimitName, key: string): Promise<void> {
      await store.read.rateLimits.unhit(keyOf(name, key));
    },

    async clear(name: WindowLimitName, key: string): Promise<void> {
      await store.read.rateLimits.clear(keyOf(name, key));
    },
  };
}

export type LimitsUseCases = ReturnType<typeof limitsUseCases>;

/**
 * One idea or topic proposed through a door: counted against the account and the client.
 * Maintainers and admins are not counted: they carry proposals over in bulk (imports, scripts)
 * and are trusted with triage anyway.
 */
export async function takeProposal(
  limits: LimitsUseCases,
  actor: Extract<Actor, { kind: 'user' }>,
  client: string,
): Promise<void> {
  if (can(actor, 'post.review')) return;
  const userId = actor.userId;
  await limits.take('proposalsPerAccount', userId, 'error.tooManyProposals');
  await limits.take('proposalsPerClient', client, 'error.tooManyProposals');
}

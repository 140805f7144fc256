import { createHmac, timingSafeEqual } from 'node:crypto';
import { type FieldProblem, NotFoundError, ValidationError } from '../domain/errors.js';
import type { StampedChange } from '../domain/ical-feed.js';
import type { Series } from '../domain/series.js';
import { newId } from '../store/ids.js';
import type { Repositories } from '../store/store.js';
import type { SubscriberRow } from '../store/subscribers.repository.js';
import type { Locale } from './accounts.js';
import type { AppDeps } from './context.js';
import { toChange, toSeries } from './meetings.js';

/** A mail job in the outbox; the message is composed when it is sent, from the state then. */
export type MailJob =
  | { type: 'confirm'; subscriberId: string }
  /** The series' calendar objects as iTIP REQUESTs: the first invitation, or an update. */
  | { type: 'request'; subscriberId: string }
  /** One occurrence called off: iTIP CANCEL with its RECURRENCE-ID (a REQUEST if it was restored meanwhile). */
  | { type: 'cancel-occurrence'; subscriberId: string; date: string }
  /** The subscriber left: iTIP CANCEL of every calendar object, so they vanish from the calendar. */
  | { type: 'cancel-all'; subscriberId: string };

export interface MailJobContext {
  subscriber: { id: string; email: string; locale: Locale; status: string };
  series: Series;
  changes: StampedChange[];
  confirmToken: string;
  unsubscribeToken: string;
}

/** A confirmation may be sent again after this long; sooner, a second request sends nothing. */
const RESEND_AFTER_MS = 15 * 60_000;

function normalizeEmail(value: unknown): string {
  const email = typeof value === 'string' ? value.trim().toLowerCase() : '';
  if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/u.test(email) || email.length > 254) {
    throw new ValidationError([{ field: 'email', key: 'error.badEmail' } satisfies FieldProblem]);
  }
  return email;
}

async function enqueueMail(repos: Repositories, job: MailJob, at: string): Promise<void> {
  await repos.outbox.enqueue({
    id: newId(),
    kind: 'mail',
    payload: JSON.stringify(job),
    created_at: at,
    run_after: at,
  });
}

/**
 * Queues a mail for every confirmed subscriber of a series. Called inside the transaction of
 * the change itself, so the change and its notifications commit together or not at all.
 */
export async function notifySubscribers(
  repos: Repositories,
  seriesId: string,
  job: { type: 'request' } | { type: 'cancel-occurrence'; date: string },
  at: string,
): Promise<void> {
  for (const subscriber of await repos.subscribers.confirmed(seriesId)) {
    await enqueueMail(repos, { ...job, subscriberId: subscriber.id }, at);
  }
}

export function invitationsUseCases({ store, now }: AppDeps, secret: () => Promise<string>) {
  const iso = () => now().toISOString();

  async function token(purpose: 'confirm' | 'unsubscribe', subscriberId: string): Promise<string> {
    return createHmac('sha256', await secret())
      .update(`${purpose}:${subscriberId}`)
      .digest('base64url');
  }

  async function tokenMatches(
    purpose: 'confirm' | 'unsubscribe',
    subscriberId: string,
    given: unknown,
  ): Promise<boolean> {
    if (typeof given !== 'string' || given.length > 100) return false;
    const expected = Buffer.from(await token(purpose, subscriberId));
    const actual = Buffer.from(given);
    return expected.length === actual.length && timingSafeEqual(expected, actual);
  }

  const enqueue = (repos: Repositories, job: MailJob) => enqueueMail(repos, job, iso());

  async function subscriberFor(
    repos: Repositories,
    id: string,
    purpose: 'confirm' | 'unsubscribe',
    given: unknown,
  ): Promise<SubscriberRow> {
    const row = await repos.subscribers.findById(id);
    // An unknown id and a wrong token look the same from outside.
    if (!row || !(await tokenMatches(purpose, id, given)))
      throw new ValidationError([{ field: 'token', key: 'error.badLink' }]);
    return row;
  }

  return {
    /**
     * Someone asks for invitations. Whatever the state, the answer is the same ("check your
     * mailbox"), so the form does not reveal who is subscribed; only a new or stale request
     * sends a confirmation, so asking twice does not send twice.
     */
    async request(slug: string, emailInput: unknown, locale: Locale): Promise<void> {
      const email = normalizeEmail(emailInput);
      await store.transaction(async (repos) => {
        const series = await repos.series.findBySlug(slug);
        if (!series) throw new NotFoundError('series', slug);
        const existing = await repos.subscribers.find(series.id, email);
        const at = iso();
        if (!existing) {
          const id = newId();
          await repos.subscribers.insert({
            id,
            series_id: series.id,
            email,
            locale,
            status: 'pending',
            created_at: at,
            confirmation_sent_at: at,
            confirmed_at: null,
            unsubscribed_at: null,
            version: 1,
          });
          await enqueue(repos, { type: 'confirm', subscriberId: id });
          return;
        }
        if (existing.status === 'confirmed') return;
        const last = existing.confirmation_sent_at ? Date.parse(existing.confirmation_sent_at) : 0;
        if (existing.status === 'pending' && now().getTime() - last < RESEND_AFTER_MS) return;
        await repos.subscribers.update(existing.id, existing.version, {
          status: 'pending',
          locale,
          confirmation_sent_at: at,
        });
        await enqueue(repos, { type: 'confirm', subscriberId: existing.id });
      });
    },

    /** The confirmation link: the address is proven, the invitations go out. */
    async confirm(subscriberId: string, given: unknown): Promise<{ series: Series }> {
      return store.transaction(async (repos) => {
        const row = await subscriberFor(repos, subscriberId, 'confirm', given);
        const series = await repos.series.findById(row.series_id);
        if (!series) throw new NotFoundError('series', row.series_id);
        if (row.status !== 'confirmed') {
          await repos.subscribers.update(row.id, row.version, {
            status: 'confirmed',
            confirmed_at: iso(),
            unsubscribed_at: null,
          });
          await enqueue(repos, { type: 'request', subscriberId: row.id });
        }
        return { series: toSeries(series) };
      });
    },

    async unsubscribe(subscriberId: string, given: unknown): Promise<{ series: Series }> {
      return store.transaction(async (repos) => {
        const row = await subscriberFor(repos, subscriberId, 'unsubscribe', given);
        const series = await repos.series.findById(row.series_id);
        if (!series) throw new NotFoundError('series', row.series_id);
        if (row.status !== 'unsubscribed') {
          await repos.subscribers.update(row.id, row.version, {
            status: 'unsubscribed',
            unsubscribed_at: iso(),
          });
          if (row.status === 'confirmed') await enqueue(repos, { type: 'cancel-all', subscriberId: row.id });
        }
        return { series: toSeries(series) };
      });
    },

    /** What a mail job needs, read at send time; null when the subscriber or series is gone. */
    async jobContext(job: MailJob): Promise<MailJobContext | null> {
      const row = await store.read.subscribers.findById(job.subscriberId);
      if (!row) return null;
      const seriesRow = await store.read.series.findById(row.series_id);
      if (!seriesRow) return null;
      return {
        subscriber: {
          id: row.id,
          email: row.email,
          locale: row.locale === 'de' ? 'de' : 'en',
          status: row.status,
        },
        series: toSeries(seriesRow),
        changes: (await store.read.series.changes(seriesRow.id)).map(toChange),
        confirmToken: await token('confirm', row.id),
        unsubscribeToken: await token('unsubscribe', row.id),
      };
    },
  };
}

export type InvitationsUseCases = ReturnType<typeof invitationsUseCases>;

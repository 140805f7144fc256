import { type FieldProblem, NotFoundError, ValidationError } from '../domain/errors.js';
import type { StampedChange } from '../domain/ical-feed.js';
import { parseMailbox } from '../domain/mailbox.js';
import { anonymous } from '../domain/roles.js';
import type { Series } from '../domain/series.js';
import { isUniqueViolation } from '../store/db.js';
import { newId } from '../store/ids.js';
import { toChange, toSeries } from '../store/series.repository.js';
import type { Repositories } from '../store/store.js';
import type { SubscriberRow } from '../store/subscribers.repository.js';
import type { Locale } from './accounts.js';
import type { AppDeps } from './context.js';
import type { LimitsUseCases } from './limits.js';
import { type LinkSecret, linkToken, linkTokenMatches } from './link-tokens.js';
import { queueMail } from './mail-queue.js';
import { writer } from './write.js';

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
    await queueMail(repos, { ...job, subscriberId: subscriber.id }, at);
  }
}

/** The token of a subscriber's link to confirm or to unsubscribe (a reminder's mail carries the latter). */
export function token(
  secret: LinkSecret,
  purpose: 'confirm' | 'unsubscribe',
  subscriberId: string,
): Promise<string> {
  return linkToken(secret, `${purpose}:${subscriberId}`);
}

/** The subscriber a mailed link names, once its token is shown to be right, and their series. */
async function subscriberFor(
  secret: LinkSecret,
  repos: Repositories,
  id: string,
  purpose: 'confirm' | 'unsubscribe',
  given: unknown,
): Promise<{ row: SubscriberRow; series: Series }> {
  const row = await repos.subscribers.findById(id);
  // An unknown id and a wrong token look the same from outside.
  if (!row || !(await linkTokenMatches(secret, `${purpose}:${id}`, given)))
    throw new ValidationError([{ field: 'token', key: 'error.badLink' }]);
  const series = await repos.series.findById(row.series_id);
  if (!series) throw new NotFoundError('series', row.series_id);
  return { row, series: toSeries(series) };
}

export function invitationsUseCases(deps: AppDeps, secret: LinkSecret, limits: LimitsUseCases) {
  return { request: requester(deps, limits), ...subscriberLinks(deps, secret) };
}

/**
 * Someone asks for invitations. Whatever the state, the answer is the same ("check your
 * mailbox"), so the form does not reveal who is subscribed; only a new or stale request
 * sends a confirmation, so asking twice does not send twice. One mailbox is one subscriber
 * of a series however its address is written (`+tag`, capitals), and gets a few
 * confirmations a day at most over all series; past that nothing is sent, answered alike.
 */
function requester(deps: AppDeps, limits: LimitsUseCases) {
  const { store, now } = deps;
  const write = writer(deps);
  return async (slug: string, emailInput: unknown, locale: Locale): Promise<void> => {
    const mailbox = parseMailbox(emailInput);
    if (!mailbox)
      throw new ValidationError([{ field: 'email', key: 'error.badEmail' } satisfies FieldProblem]);
    const series = await store.read.series.findBySlug(slug);
    if (!series) throw new NotFoundError('series', slug);
    const [local = '', domain = ''] = mailbox.key.split(/@(?=[^@]*$)/u);
    const known = (await store.read.subscribers.findByMailbox(series.id, local, domain)).filter(
      (row) => parseMailbox(row.email)?.key === mailbox.key,
    );
    // The address as typed before, if it was; else the first form of the mailbox stored.
    const existing = known.find((row) => row.email === mailbox.address) ?? known[0];
    if (existing?.status === 'confirmed') return;
    const last = existing?.confirmation_sent_at ? Date.parse(existing.confirmation_sent_at) : 0;
    if (existing?.status === 'pending' && now().getTime() - last < RESEND_AFTER_MS) return;
    // Counted outside the transaction below: on SQLite the counter shares its one connection.
    if (!(await limits.allow('invitationMailsPerAddress', mailbox.key))) return;
    try {
      await write(anonymous, async ({ repos, at }) => {
        if (!existing) {
          const id = newId();
          await repos.subscribers.insert({
            id,
            series_id: series.id,
            email: mailbox.address,
            locale,
            status: 'pending',
            created_at: at,
            confirmation_sent_at: at,
            confirmed_at: null,
            unsubscribed_at: null,
            version: 1,
          });
          await queueMail(repos, { type: 'confirm', subscriberId: id }, at);
          return;
        }
        const updated = await repos.subscribers.update(existing.id, existing.version, {
          status: 'pending',
          locale,
          confirmation_sent_at: at,
        });
        if (updated) await queueMail(repos, { type: 'confirm', subscriberId: existing.id }, at);
      });
    } catch (err) {
      // The same address asked for at the same moment: the other request sends the mail.
      if (!isUniqueViolation(err)) throw err;
    }
  };
}

/** The status a subscriber has after following each mailed link. */
const LINK_STATUS = { confirm: 'confirmed', unsubscribe: 'unsubscribed' } as const;

/** What the links in the mails do, and what a mail job reads to be written. */
function subscriberLinks(deps: AppDeps, secret: LinkSecret) {
  const { store } = deps;
  const write = writer(deps);
  /**
   * Follows a mailed link: once its token is checked, a subscriber not in the link's status yet
   * is moved there by `change` (a link followed twice does nothing more); the series either way.
   */
  const follow = (
    purpose: 'confirm' | 'unsubscribe',
    subscriberId: string,
    given: unknown,
    change: (repos: Repositories, row: SubscriberRow, at: string) => Promise<void>,
  ): Promise<{ series: Series }> =>
    write(anonymous, async ({ repos, at }) => {
      const { row, series } = await subscriberFor(secret, repos, subscriberId, purpose, given);
      if (row.status !== LINK_STATUS[purpose]) await change(repos, row, at);
      return { series };
    });
  return {
    /** The confirmation link: the address is proven, the invitations go out. */
    confirm: (subscriberId: string, given: unknown) =>
      follow('confirm', subscriberId, given, async (repos, row, at) => {
        await repos.subscribers.update(row.id, row.version, {
          status: 'confirmed',
          confirmed_at: at,
          unsubscribed_at: null,
        });
        await queueMail(repos, { type: 'request', subscriberId: row.id }, at);
      }),

    unsubscribe: (subscriberId: string, given: unknown) =>
      follow('unsubscribe', subscriberId, given, async (repos, row, at) => {
        await repos.subscribers.update(row.id, row.version, { status: 'unsubscribed', unsubscribed_at: at });
        if (row.status === 'confirmed')
          await queueMail(repos, { type: 'cancel-all', subscriberId: row.id }, at);
      }),

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
        confirmToken: await token(secret, 'confirm', row.id),
        unsubscribeToken: await token(secret, 'unsubscribe', row.id),
      };
    },
  };
}

export type InvitationsUseCases = ReturnType<typeof invitationsUseCases>;

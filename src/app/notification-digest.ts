import { DEFAULT_DIGEST_HOUR, nextDigestAt } from '../domain/digest-schedule.js';
import { ValidationError } from '../domain/errors.js';
import { mutedKinds } from '../domain/notifications.js';
import { anonymous } from '../domain/roles.js';
import { newId } from '../store/ids.js';
import type { Repositories } from '../store/store.js';
import { addressVerified } from './account-kit.js';
import type { Locale } from './accounts.js';
import type { AppDeps } from './context.js';
import { type DigestJob, queueDigest, scheduleDigestStep } from './digest-jobs.js';
import { type LinkSecret, linkToken, linkTokenMatches } from './link-tokens.js';
import { queueMail } from './mail-queue.js';
import { type Notification, toNotification } from './notifications.js';
import { writer } from './write.js';

/** The mail job of a digest once made. */
export interface DigestMail {
  type: 'digest';
  digest: string;
}

export function isDigestMail(job: { type: string }): job is DigestMail {
  return job.type === 'digest';
}

/** What a digest's mail is written from, read when it is sent. */
export interface DigestToMail {
  to: string;
  name: string;
  locale: Locale;
  /** The reader's zone; null when they chose none (the mail says UTC then). */
  timeZone: string | null;
  /** The local hour it comes at. */
  hour: number;
  digestId: string;
  /** What it bundles, oldest first. */
  entries: Notification[];
  unsubscribeToken: string;
}

const subject = (id: string) => `digest-unsubscribe:${id}`;

/**
 * Makes a due digest, in one transaction: the member's next one is queued, and what reached
 * their inbox since they chose the digest that mail has not settled yet is marked as taken by
 * a new digest row, whose mail is queued (entries of a kind they muted are passed over). A
 * stale job (the member changed their choice, hour or zone), or one that runs again after a
 * crash, finds the digest moved on and does nothing.
 */
async function makeDigest(repos: Repositories, job: DigestJob, at: string): Promise<void> {
  const settings = await repos.notifications.settings(job.user);
  const user = await repos.users.findById(job.user);
  if (!settings || !user || settings.mail !== 'digest' || settings.digest_due !== job.due) return;
  const next = nextDigestAt(at, settings.digest_hour, user.time_zone ?? 'UTC');
  if (!(await repos.digests.advance(job.user, job.due, next))) return;
  await queueDigest(repos, { user: job.user, due: next }, at);
  if (user.disabled_at !== null || !(await addressVerified(repos, user))) return;
  const muted: readonly string[] = mutedKinds(settings.muted);
  const rows = await repos.digests.unmailed(job.user, settings.digest_since ?? at);
  const passed = rows.filter((r) => muted.includes(r.kind));
  const taken = rows.filter((r) => !muted.includes(r.kind));
  await repos.digests.bundle(
    passed.map((r) => r.id),
    null,
    at,
  );
  if (taken.length === 0) return;
  const id = newId();
  const digest = { id, user_id: job.user, due: job.due, created_at: at, count: taken.length };
  if (!(await repos.digests.add(digest))) return;
  await repos.digests.bundle(
    taken.map((r) => r.id),
    id,
    at,
  );
  await queueMail(repos, { type: 'digest', digest: id } satisfies DigestMail, at);
}

/** The daily digest: making it when due, its mail, and the link in it that stops it without signing in. */
export function notificationDigestUseCases(deps: AppDeps, secret: LinkSecret) {
  const { store, now } = deps;
  const write = writer(deps);
  return {
    /** Runs a digest job (the outbox worker's; nothing to audit: no one's write). */
    async run(job: DigestJob): Promise<void> {
      const at = now().toISOString();
      await store.transaction((repos) => makeDigest(repos, job, at));
    },

    /** A digest's mail: null when it or the account is gone, the address unconfirmed, or mail turned off since. */
    async mailFor(id: string): Promise<DigestToMail | null> {
      const row = await store.read.digests.mailable(id);
      if (!row || row.disabled_at !== null || row.mail === 'never') return null;
      const user = await store.read.users.findById(row.user_id);
      if (!user || !(await addressVerified(store.read, user))) return null;
      const entries = (await store.read.digests.entries(id)).map(toNotification);
      if (entries.length === 0) return null;
      return {
        to: row.email,
        name: row.name,
        locale: row.locale === 'de' ? 'de' : 'en',
        timeZone: row.time_zone,
        hour: row.digest_hour ?? DEFAULT_DIGEST_HOUR,
        digestId: id,
        entries,
        unsubscribeToken: await linkToken(secret, subject(id)),
      };
    },

    /** Whether the link of digest `id` is good (the page that asks before it stops the digest). */
    async preview(id: string, given: unknown): Promise<boolean> {
      const row = await store.read.digests.mailable(id);
      return row !== undefined && (await linkTokenMatches(secret, subject(id), given));
    },

    /**
     * Follows a digest's unsubscribe link (or a mail program's one-click POST): the member gets
     * no more mail; their inbox stays. A link followed twice does nothing more; one whose member
     * has since chosen something else than the digest leaves that choice alone.
     */
    async unsubscribe(id: string, given: unknown): Promise<void> {
      await write(anonymous, async ({ repos, at, audit }) => {
        const row = await repos.digests.mailable(id);
        if (!row || !(await linkTokenMatches(secret, subject(id), given)))
          throw new ValidationError([{ field: 'token', key: 'error.badLink' }]);
        const settings = await repos.notifications.settings(row.user_id);
        if (settings?.mail !== 'digest') return;
        await repos.notifications.saveSettings(row.user_id, { mail: 'never', muted: settings.muted }, at);
        await scheduleDigestStep(repos, row.user_id, at);
        await audit('notification.settings', { type: 'user', id: row.user_id }, 'digest stopped by mail');
      });
    },
  };
}

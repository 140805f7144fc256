import { nextDigestAt } from '../domain/digest-schedule.js';
import { newId } from '../store/ids.js';
import type { Repositories } from '../store/store.js';

/** The outbox job that makes a member's digest when it is due: one queued per member at a time. */
export const DIGEST_JOB = 'notification.digest';

export interface DigestJob {
  user: string;
  /** The instant it was queued for; a job for another instant than the member's next is stale. */
  due: string;
}

/**
 * Inside the write that changed a member's mail choice, digest hour or time zone: queues the
 * job of their next digest, at the hour on their clock (UTC without a zone), or ends it when
 * they are not on the digest (a queued job then finds itself stale). `starting` is the instant
 * they chose the digest: its first period starts there, not at the beginning of their inbox.
 */
export async function scheduleDigestStep(
  repos: Repositories,
  userId: string,
  at: string,
  starting?: string,
): Promise<void> {
  const settings = await repos.notifications.settings(userId);
  if (!settings) return;
  if (settings.mail !== 'digest' || !repos.notifications.mailGoesOut) {
    if (settings.digest_due !== null || settings.digest_since !== null)
      await repos.digests.schedule(userId, null, null);
    return;
  }
  const user = await repos.users.findById(userId);
  const due = nextDigestAt(at, settings.digest_hour, user?.time_zone ?? 'UTC');
  const since = starting ?? settings.digest_since ?? at;
  if (due === settings.digest_due && since === settings.digest_since) return;
  await repos.digests.schedule(userId, due, since);
  if (due !== settings.digest_due) await queueDigest(repos, { user: userId, due }, at);
}

export async function queueDigest(repos: Repositories, job: DigestJob, at: string): Promise<void> {
  await repos.outbox.enqueue({
    id: newId(),
    kind: DIGEST_JOB,
    payload: JSON.stringify(job),
    created_at: at,
    run_after: job.due,
  });
}

import { Temporal } from 'temporal-polyfill';
import { RuleError } from '../domain/errors.js';
import { authorize, authorizeAttempt } from '../domain/policy.js';
import { occurrenceOn, occurrencesBetween } from '../domain/recurrence.js';
import {
  dueTomorrowAt,
  MEETING_REMINDERS,
  type MeetingReminder,
  nextSweepAt,
  reminderDueAt,
  SWEEP_AHEAD,
  sweepHourOf,
} from '../domain/reminder-schedule.js';
import type { Actor } from '../domain/roles.js';
import type { Series } from '../domain/series.js';
import { newId } from '../store/ids.js';
import { toChange, toSeries } from '../store/series.repository.js';
import type { Repositories } from '../store/store.js';
import type { Locale } from './accounts.js';
import type { AppDeps } from './context.js';
import { groupLeadsOf } from './group-access.js';
import { token } from './invitations.js';
import type { LinkSecret } from './link-tokens.js';
import { remindDue, remindMeeting, type SubscriberReminderMail } from './reminder-notices.js';
import { loadSeries } from './series-steps.js';
import { writer } from './write.js';

/** The outbox job that looks for reminders due and queues each once; it queues its own next run. */
export const SWEEP_JOB = 'reminders.sweep';
/** The outbox job of one reminder. */
export const REMINDER_JOB = 'reminders.send';

/** One reminder, as queued: of a meeting (for the start it had then), or of an action item. */
export type ReminderJob =
  | { kind: MeetingReminder; series: string; occurrence: string; start: string }
  | { kind: 'action_item.due_tomorrow'; item: string; dueDate: string; user: string };

/** Done reminder jobs are kept this long (their keys stop a sweep queuing them again), then cleared. */
const KEEP_DONE_DAYS = 3;

/** An instant as the outbox and every stored row spell it (`Date#toISOString`, milliseconds included): they compare as text. */
const iso = (instant: Temporal.Instant) => new Date(instant.epochMilliseconds).toISOString();

const switchOn = (series: Series, kind: MeetingReminder) =>
  kind === 'meeting.agenda_ready' ? series.remind24h : series.remind15m;

async function queueReminder(
  repos: Repositories,
  job: ReminderJob,
  key: string,
  runAfter: string,
  at: string,
) {
  await repos.outbox.enqueue(
    { id: newId(), kind: REMINDER_JOB, payload: JSON.stringify(job), created_at: at, run_after: runAfter },
    key,
  );
}

/** Queues the reminders of the meetings starting within the sweep's reach (never of a cancelled one). */
async function sweepMeetings(repos: Repositories, now: Temporal.Instant, at: string): Promise<void> {
  for (const row of await repos.series.list()) {
    const series = toSeries(row);
    if (!series.remind24h && !series.remind15m) continue;
    const changes = (await repos.series.changes(series.id)).map(toChange);
    for (const o of occurrencesBetween(series.schedule, changes, now, now.add(SWEEP_AHEAD))) {
      if (o.status === 'cancelled') continue;
      const start = o.start.toInstant();
      for (const kind of MEETING_REMINDERS) {
        if (!switchOn(series, kind)) continue;
        if ((await repos.reminders.sentAt(series.id, o.key, kind)) !== null) continue;
        const due = reminderDueAt(kind, start);
        const runAfter = Temporal.Instant.compare(due, now) > 0 ? iso(due) : at;
        const job = { kind, series: series.id, occurrence: o.key, start: iso(start) };
        // The start is in the key: a meeting moved since is reminded again for its new time.
        await queueReminder(repos, job, `${kind}:${series.id}:${o.key}:${job.start}`, runAfter, at);
      }
    }
  }
}

/** Queues "due tomorrow" for open action items whose assignee's 09:00 the day before is near. */
async function sweepActionItems(repos: Repositories, now: Temporal.Instant, at: string): Promise<void> {
  const today = now.toZonedDateTimeISO('UTC').toPlainDate();
  const rows = await repos.reminders.openDueBetween(today.toString(), today.add({ days: 3 }).toString());
  for (const row of rows) {
    if (!row.due_date) continue;
    const ids = await repos.people.idsNamed(row.assignee);
    const userId = ids.length === 1 ? ids[0] : undefined;
    if (!userId) continue;
    const zone = (await repos.users.findById(userId))?.time_zone ?? 'UTC';
    const due = dueTomorrowAt(row.due_date, zone);
    if (Temporal.Instant.compare(due, now.add(SWEEP_AHEAD)) >= 0) continue;
    // Too late once the due date has come on their clock; late within the day before, sent now.
    const theirToday = now.toZonedDateTimeISO(zone).toPlainDate().toString();
    if (theirToday >= row.due_date) continue;
    const runAfter = Temporal.Instant.compare(due, now) > 0 ? iso(due) : at;
    const job: ReminderJob = {
      kind: 'action_item.due_tomorrow',
      item: row.id,
      dueDate: row.due_date,
      user: userId,
    };
    await queueReminder(
      repos,
      job,
      `action_item.due_tomorrow:${row.id}:${row.due_date}:${userId}`,
      runAfter,
      at,
    );
  }
}

/** Queues the sweep of the hour `hour` once, whoever asks (a starting worker, the sweep before it). */
async function queueSweep(repos: Repositories, hour: Temporal.Instant, runAfter: string, at: string) {
  await repos.outbox.enqueue(
    { id: newId(), kind: SWEEP_JOB, payload: '{}', created_at: at, run_after: runAfter },
    `${SWEEP_JOB}:${iso(hour)}`,
  );
}

/** Sends one queued reminder, unless what it was for is gone, moved, cancelled, switched off or sent. */
async function sendReminder(repos: Repositories, job: ReminderJob, now: Temporal.Instant, at: string) {
  if (job.kind === 'action_item.due_tomorrow') {
    const row = (await repos.reminders.openDueBetween(job.dueDate, job.dueDate)).find(
      (r) => r.id === job.item,
    );
    if (!row) return;
    const ids = await repos.people.idsNamed(row.assignee);
    if (ids.length !== 1 || ids[0] !== job.user) return;
    await remindDue(repos, at, row, job.user);
    return;
  }
  const row = await repos.series.findById(job.series);
  if (!row) return;
  const series = toSeries(row);
  const changes = (await repos.series.changes(series.id)).map(toChange);
  const o = occurrenceOn(series.schedule, changes, job.occurrence);
  if (!o || o.status === 'cancelled' || !switchOn(series, job.kind)) return;
  if (iso(o.start.toInstant()) !== job.start) return;
  if (Temporal.Instant.compare(o.end.toInstant(), now) <= 0) return;
  if (!(await repos.reminders.markSent(series.id, o.key, job.kind, at))) return;
  await remindMeeting(repos, at, null, { kind: job.kind, series, occurrence: o });
}

/** What a reminder mail to a subscriber without an account is written from. */
export interface SubscriberReminderToMail {
  subscriberId: string;
  to: string;
  locale: Locale;
  kind: MeetingReminder;
  series: { slug: string; title: string };
  path: string;
  data: Record<string, string | null>;
  unsubscribeToken: string;
}

/** Meeting and action-item reminders: the sweep, each reminder, and a maintainer's "agenda ready". */
export function remindersUseCases(deps: AppDeps, secret: LinkSecret) {
  const { store, now } = deps;
  const write = writer(deps);
  const instant = () => Temporal.Instant.fromEpochMilliseconds(now().getTime());
  return {
    /** Makes sure a sweep is queued (a starting worker asks; the sweep of this hour is one row). */
    async ensureSweep(): Promise<void> {
      const at = instant();
      await store.transaction((repos) => queueSweep(repos, sweepHourOf(at), iso(at), iso(at)));
    },

    /** The sweep (the outbox worker's, nobody's write): reminders due, its next run, old rows cleared. */
    async sweep(): Promise<void> {
      const at = instant();
      const stamp = iso(at);
      await store.transaction(async (repos) => {
        await sweepMeetings(repos, at, stamp);
        await sweepActionItems(repos, at, stamp);
        const next = nextSweepAt(at);
        await queueSweep(repos, next, iso(next), stamp);
        await repos.outbox.clearDone(SWEEP_JOB, stamp);
        await repos.outbox.clearDone(REMINDER_JOB, iso(at.subtract({ hours: 24 * KEEP_DONE_DAYS })));
      });
    },

    async send(job: ReminderJob): Promise<void> {
      const at = instant();
      await store.transaction((repos) => sendReminder(repos, job, at, iso(at)));
    },

    /**
     * A maintainer marks a meeting's agenda ready: followers and subscribers get it now rather
     * than 24 hours before, once (marking it again, or the 24-hour reminder after, sends nothing).
     * Answers whether this call sent it.
     */
    async markAgendaReady(
      actor: Actor,
      slug: string,
      date: string,
    ): Promise<{ sent: boolean; sentAt: string }> {
      authorizeAttempt(actor, 'agenda.markReady');
      return write(actor, async ({ repos, at, audit }) => {
        const { series, occurrence } = await loadSeries(repos, slug, date);
        authorize(actor, 'agenda.markReady', { groupLeads: await groupLeadsOf(repos, series.groupId) });
        if (occurrence.status === 'cancelled') throw new RuleError('error.agendaCancelled');
        if (Temporal.Instant.compare(occurrence.end.toInstant(), instant()) <= 0)
          throw new RuleError('error.meetingOver');
        const kind = 'meeting.agenda_ready';
        const sent = await repos.reminders.markSent(series.id, occurrence.key, kind, at);
        if (sent) {
          await remindMeeting(repos, at, actor, { kind, series, occurrence });
          await audit('agenda.ready', { type: 'series', id: series.id }, occurrence.key);
        }
        return { sent, sentAt: (await repos.reminders.sentAt(series.id, occurrence.key, kind)) ?? at };
      });
    },

    /** A subscriber's reminder mail as it goes: null once they left or the series is gone. */
    async subscriberMail(job: SubscriberReminderMail): Promise<SubscriberReminderToMail | null> {
      const subscriber = await store.read.subscribers.findById(job.subscriberId);
      const series = await store.read.series.findById(job.seriesId);
      if (subscriber?.status !== 'confirmed' || !series) return null;
      return {
        subscriberId: subscriber.id,
        to: subscriber.email,
        locale: subscriber.locale === 'de' ? 'de' : 'en',
        kind: job.kind,
        series: { slug: series.slug, title: series.title },
        path: job.path,
        data: job.data,
        unsubscribeToken: await token(secret, 'unsubscribe', subscriber.id),
      };
    },

    /** When the agenda of an occurrence went out, or null (the meeting page says so). */
    async agendaSentAt(seriesId: string, date: string): Promise<string | null> {
      return store.read.reminders.sentAt(seriesId, date, 'meeting.agenda_ready');
    },
  };
}

export type RemindersUseCases = ReturnType<typeof remindersUseCases>;

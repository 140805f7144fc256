import type { Occurrence } from '../domain/recurrence.js';
import type { MeetingReminder } from '../domain/reminder-schedule.js';
import type { Actor } from '../domain/roles.js';
import type { Series } from '../domain/series.js';
import type { ActionItemRow } from '../store/minutes.repository.js';
import type { Repositories } from '../store/store.js';
import { groupLeadsOf } from './group-access.js';
import { queueMail } from './mail-queue.js';
import { readable } from './minutes/meeting.js';
import { type Audience, actorOf, followersOf, notifyStep } from './notify.js';
import { emit } from './webhook-emit.js';

/** The mail job of a reminder to an invitation subscriber without an account (no inbox to put it in). */
export interface SubscriberReminderMail {
  type: 'reminder';
  subscriberId: string;
  kind: MeetingReminder;
  seriesId: string;
  path: string;
  data: Record<string, string | null>;
}

export function isSubscriberReminderMail(job: { type: string }): job is SubscriberReminderMail {
  return job.type === 'reminder';
}

/** The agenda as a reminder carries it: accepted topics in order, with their timeboxes. */
async function agendaOf(repos: Repositories, series: Series, key: string) {
  const rows = await repos.agenda.forOccurrence(series.id, key);
  const topics = rows
    .filter((r) => r.status === 'accepted' || r.status === 'discussed')
    .sort((a, b) => a.position - b.position || a.created_at.localeCompare(b.created_at))
    .map((r) => ({ title: r.title, minutes: r.minutes }));
  return topics;
}

/** What a reminder's inbox entry, mail and webhook say of the meeting. */
async function reminderData(repos: Repositories, series: Series, o: Occurrence) {
  const topics = await agendaOf(repos, series, o.key);
  return {
    date: o.key,
    start: o.start.toInstant().toString(),
    end: o.end.toInstant().toString(),
    startTime: o.start.toPlainTime().toString({ smallestUnit: 'minute' }),
    timeZone: series.schedule.timeZone,
    joinUrl: series.joinUrl,
    platform: series.platform,
    agenda: JSON.stringify(topics),
    used: String(topics.reduce((n, t) => n + t.minutes, 0)),
    total: String(o.start.until(o.end).total('minutes')),
  };
}

/**
 * Reminds the followers of a series and its invitation subscribers of one meeting, inside one
 * transaction: members (followers, and subscribers whose address is an account's) get an inbox
 * entry and the mail their settings ask for, each once; a subscriber without an account gets a
 * mail of their own, unless their address is a member's already told. Webhooks hear of it too.
 */
export async function remindMeeting(
  repos: Repositories,
  at: string,
  actor: Actor | null,
  reminder: { kind: MeetingReminder; series: Series; occurrence: Occurrence },
): Promise<void> {
  const { kind, series, occurrence } = reminder;
  const data = await reminderData(repos, series, occurrence);
  const subscribers = await repos.subscribers.confirmed(series.id);
  const members: string[] = [];
  const mailOnly: { id: string; email: string }[] = [];
  for (const s of subscribers) {
    const user = await repos.users.findByEmail(s.email);
    if (user) members.push(user.id);
    else mailOnly.push({ id: s.id, email: s.email.toLowerCase() });
  }
  const audiences: Audience[] = [
    ...(await followersOf(repos, kind, { kind: 'series', id: series.id })),
    { kind, userIds: members, follow: null },
  ];
  const path = `/meetings/${series.slug}/${occurrence.key}`;
  await notifyStep(repos, at, {
    eventKey: `${kind}:${series.id}:${occurrence.key}`,
    actor: actor ? actorOf(actor) : null,
    thread: { type: 'meeting', id: `${series.id}:${occurrence.key}`, title: series.title },
    path,
    data,
    audiences,
  });
  const seen = new Set<string>();
  for (const s of mailOnly) {
    if (seen.has(s.email)) continue;
    seen.add(s.email);
    const job: SubscriberReminderMail = {
      type: 'reminder',
      subscriberId: s.id,
      kind,
      seriesId: series.id,
      path,
      data,
    };
    await queueMail(repos, job, at);
  }
  await emit(repos, at, {
    type: kind,
    path,
    data: { ...data, title: series.title, agenda: JSON.parse(data.agenda) },
  });
}

/** Tells the assignee of an action item (one account by its name) that it is due tomorrow. */
export async function remindDue(
  repos: Repositories,
  at: string,
  row: ActionItemRow,
  userId: string,
): Promise<void> {
  const series = await repos.series.findById(row.series_id);
  if (!series) return;
  const minutes = await repos.minutes.find(row.series_id, row.occurrence);
  const leads = await groupLeadsOf(repos, series.group_id);
  const path = `/meetings/${series.slug}/${row.occurrence}`;
  const data = { text: row.text, dueDate: row.due_date, date: row.occurrence };
  const told = await notifyStep(repos, at, {
    eventKey: `action_item.due_tomorrow:${row.id}:${row.due_date}`,
    actor: null,
    thread: { type: 'meeting', id: `${series.id}:${row.occurrence}`, title: series.title },
    path,
    data,
    audiences: [{ kind: 'action_item.due_tomorrow', userIds: [userId], follow: null }],
    mayRead: (reader) => readable(reader, minutes, leads).actionItems,
  });
  if (told.length > 0)
    await emit(repos, at, {
      type: 'action_item.due_tomorrow',
      path,
      data: { ...data, assignee: row.assignee },
    });
}

import { Temporal } from 'temporal-polyfill';
import { type ChatBodyFormat, type ChatPost, chatBody } from '../domain/chat-posts.js';
import type { Locale } from '../domain/locale.js';
import type { WebhookEvent, WebhookEventType } from '../domain/webhook-events.js';
import { isMessageKey, type MessageKey, type Translate, translator } from '../web/i18n/index.js';
import { formatDay, formatPlainDate, formatTime } from '../web/meeting-format.js';

/** What a use-case put in `data`, read loosely: payloads are versioned JSON, not our types. */
type Data = Record<string, unknown>;

const str = (value: unknown): string => (typeof value === 'string' ? value : String(value ?? ''));

interface Sentence {
  params: Record<string, string>;
  excerpt?: unknown;
}

/** Reads the facts of each event's `data` (see each `emit` in src/app) into the sentence's params. */
type Reader = (data: Data, t: Translate, locale: Locale) => Sentence;

const day = (value: unknown, locale: Locale) =>
  typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/u.test(value)
    ? formatPlainDate(value, locale)
    : str(value);

/** An idea's status by its name, in the reader's language. */
function statusName(value: unknown, t: Translate): string {
  const key = `status.${str(value)}`;
  return isMessageKey(key) ? t(key) : str(value);
}

/** An instant as the chat reads it: the reader's zone is not known, so UTC, said so. */
function instant(value: unknown, locale: Locale): string {
  try {
    const at = Temporal.Instant.from(str(value)).toZonedDateTimeISO('UTC');
    return `${formatDay(at, locale)}, ${formatTime(at, locale)} UTC`;
  } catch {
    return str(value);
  }
}

const READERS: Partial<Record<WebhookEventType, Reader>> = {
  'idea.proposed': (d) => ({ params: { title: str(d.title) } }),
  'idea.status_changed': (d, t) => ({
    params: { title: str(d.title), from: statusName(d.from, t), to: statusName(d.to, t) },
    excerpt: d.reason,
  }),
  'idea.interest': (d) => ({ params: { title: str(d.title), count: str(d.count) } }),
  'idea.interest_milestone': (d) => ({ params: { title: str(d.title), count: str(d.count) } }),
  'comment.created': (d) => ({
    params: { title: str((d.target as Data | undefined)?.title) },
    excerpt: d.body,
  }),
  'comment.mentioned': (d) => ({
    params: {
      title: str((d.target as Data | undefined)?.title),
      names: Array.isArray(d.mentioned)
        ? d.mentioned.map((m) => `@${str((m as Data).handle)}`).join(', ')
        : '',
    },
  }),
  'topic.proposed': (d, _t, l) => ({ params: { title: str(d.title), date: day(d.date, l) } }),
  'topic.accepted': (d, _t, l) => ({ params: { title: str(d.title), date: day(d.date, l) } }),
  'topic.deferred': (d, _t, l) => ({ params: { title: str(d.title), date: day(d.date, l) } }),
  'meeting.cancelled': (d, _t, l) => ({
    params: { title: str(d.title), date: day(d.date, l) },
    excerpt: d.reason,
  }),
  'meeting.moved': (d, _t, l) => ({
    params: {
      title: str(d.title),
      date: day(d.date, l),
      to: [day(d.movedTo ?? d.date, l), d.start ? str(d.start) : ''].join(' ').trim(),
    },
    excerpt: d.reason,
  }),
  'meeting.agenda_ready': (d, _t, l) => ({
    params: { title: str(d.title), date: day(d.date, l), time: `${str(d.startTime)} ${str(d.timeZone)}` },
  }),
  'meeting.starting': (d, _t, l) => ({
    params: { title: str(d.title), date: day(d.date, l), time: `${str(d.startTime)} ${str(d.timeZone)}` },
    excerpt: d.joinUrl,
  }),
  'action_item.due_tomorrow': (d, _t, l) => ({
    params: { text: str(d.text), assignee: str(d.assignee), date: day(d.dueDate, l) },
  }),
  'minutes.published': (d, _t, l) => ({ params: { title: str(d.title), date: day(d.date, l) } }),
  'decision.proposed': (d, _t, l) => ({
    params: { text: str(d.text), deadline: instant(d.objectionDeadline, l) },
  }),
  'decision.final': (d) => ({ params: { text: str(d.text) } }),
  'decision.objected': (d) => ({ params: { text: str(d.text) }, excerpt: d.objection }),
  'action_item.assigned': (d) => ({ params: { text: str(d.text), assignee: str(d.assignee) } }),
  'action_item.done': (d) => ({ params: { text: str(d.text) } }),
  'board.card_done': (d) => ({ params: { title: str(d.title), column: str(d.column) } }),
};

/** Whether an event type has its own sentence (a test holds every type to it). */
export function hasChatSentence(type: string): boolean {
  return type in READERS && isMessageKey(`chat.${type}`);
}

/** The post of `event` in `locale`: its sentence, excerpt and link back to the hub page. */
export function chatPostOf(event: WebhookEvent, locale: Locale, baseUrl: URL): ChatPost {
  const t = translator(locale);
  const data = event.data as Data;
  const read = READERS[event.type];
  const key = `chat.${event.type}`;
  const sentence = read && isMessageKey(key) ? { key, ...read(data, t, locale) } : null;
  const excerpt = sentence?.excerpt;
  return {
    template: t(sentence?.key ?? ('chat.other' satisfies MessageKey)),
    params: sentence?.params ?? { type: event.type },
    excerpt: typeof excerpt === 'string' && excerpt.trim() !== '' ? excerpt : null,
    url: new URL(event.path.replace(/^\/+/u, ''), baseUrl).toString(),
    linkLabel: t('chat.open'),
  };
}

/** The body a chat endpoint is sent for `event`. */
export function renderChatPost(
  format: ChatBodyFormat,
  locale: Locale,
  event: WebhookEvent,
  baseUrl: URL,
): string {
  return chatBody(format, chatPostOf(event, locale, baseUrl));
}

import { describe, expect, it } from 'vitest';
import type { WebhookEvent, WebhookEventType } from '../src/domain/webhook-events.js';
import { chatPostOf } from '../src/mail/chat-post.js';

const BASE = new URL('https://hub.example.org/');

/** Each event's `data` as its `emit` in src/app sends it. */
const EVENTS: Record<WebhookEventType, Omit<WebhookEvent, 'type'>> = {
  'idea.proposed': { path: 'ideas/dark-mode', data: { title: 'Dark mode', status: 'proposed' } },
  'idea.status_changed': {
    path: 'ideas/dark-mode',
    data: { title: 'Dark mode', from: 'proposed', to: 'roadmap', reason: 'Many asked' },
  },
  'idea.interest': { path: 'ideas/dark-mode', data: { title: 'Dark mode', interested: true, count: 7 } },
  'idea.interest_milestone': { path: 'ideas/dark-mode', data: { title: 'Dark mode', count: 25 } },
  'comment.created': {
    path: 'ideas/dark-mode#comment-1',
    data: { target: { type: 'idea', id: 'i', title: 'Dark mode' }, body: 'Yes, please' },
  },
  'comment.mentioned': {
    path: 'ideas/dark-mode#comment-1',
    data: { target: { type: 'idea', id: 'i', title: 'Dark mode' }, mentioned: [{ id: 'u', handle: 'ada' }] },
  },
  'topic.proposed': { path: 'meetings/planning/2026-12-10', data: { title: 'Release', date: '2026-12-10' } },
  'topic.accepted': { path: 'topics/t/comments', data: { title: 'Release', date: '2026-12-10' } },
  'topic.deferred': { path: 'topics/t/comments', data: { title: 'Release', date: '2026-12-10' } },
  'meeting.cancelled': {
    path: 'meetings/planning/2026-12-24',
    data: { title: 'Planning', date: '2026-12-24', reason: 'Holidays' },
  },
  'meeting.moved': {
    path: 'meetings/planning/2026-12-10',
    data: { title: 'Planning', date: '2026-12-10', movedTo: '2026-12-11', start: '15:00' },
  },
  'meeting.agenda_ready': {
    path: 'meetings/planning/2026-12-10',
    data: { title: 'Planning', date: '2026-12-10', startTime: '14:00', timeZone: 'Europe/Berlin' },
  },
  'meeting.starting': {
    path: 'meetings/planning/2026-12-10',
    data: {
      title: 'Planning',
      date: '2026-12-10',
      startTime: '14:00',
      timeZone: 'Europe/Berlin',
      joinUrl: 'https://teams.example.org/j/1',
    },
  },
  'action_item.due_tomorrow': {
    path: 'meetings/planning/2026-12-10',
    data: { text: 'Write notes', assignee: 'Mia', dueDate: '2026-12-12' },
  },
  'minutes.published': {
    path: 'meetings/planning/2026-12-10',
    data: { title: 'Planning', date: '2026-12-10' },
  },
  'decision.proposed': {
    path: 'decisions/d/comments',
    data: { text: 'Ship 2.0 in March', objectionDeadline: '2026-12-13T14:00:00.000Z' },
  },
  'decision.final': { path: 'decisions/d/comments', data: { text: 'Ship 2.0 in March' } },
  'decision.objected': {
    path: 'decisions/d/comments',
    data: { text: 'Ship 2.0 in March', objection: 'Too early' },
  },
  'action_item.assigned': {
    path: 'meetings/planning/2026-12-10',
    data: { text: 'Write notes', assignee: 'Mia' },
  },
  'action_item.done': {
    path: 'meetings/planning/2026-12-10',
    data: { text: 'Write notes', assignee: 'Mia' },
  },
  'board.card_done': { path: 'boards/b', data: { title: 'Release 2.0', column: 'Done' } },
};

const said = (type: WebhookEventType, locale: 'en' | 'de') => {
  const post = chatPostOf({ type, ...EVENTS[type] }, locale, BASE);
  const sentence = post.template.replace(
    /\{(\w+)\}/gu,
    (_, name: string) => post.params[name] ?? `{${name}}`,
  );
  return { sentence, excerpt: post.excerpt, url: post.url };
};

describe('the sentence of each event', () => {
  it.each(Object.keys(EVENTS) as WebhookEventType[])(
    '%s reads as a sentence in English and German',
    (type) => {
      for (const locale of ['en', 'de'] as const) {
        const { sentence, url } = said(type, locale);
        expect(sentence, `${type} ${locale}`).not.toMatch(/\{\w+\}|undefined|null|\[object/u);
        expect(url).toBe(new URL(EVENTS[type].path, BASE).toString());
      }
    },
  );

  it('says what happened with the facts a reader needs', () => {
    expect(said('idea.status_changed', 'en')).toMatchObject({
      sentence: 'Dark mode: status changed from proposed to roadmap',
      excerpt: 'Many asked',
    });
    expect(said('idea.status_changed', 'de').sentence).toBe(
      'Dark mode: Status geändert von „vorgeschlagen“ zu „auf der Roadmap“',
    );
    expect(said('meeting.cancelled', 'en')).toMatchObject({
      sentence: 'Planning on 24 Dec 2026 is cancelled',
      excerpt: 'Holidays',
    });
    expect(said('meeting.moved', 'de').sentence).toBe(
      'Planning am 10. Dez. 2026 wird verlegt auf 11. Dez. 2026 15:00',
    );
    expect(said('decision.proposed', 'en').sentence).toBe(
      'Decision proposed: Ship 2.0 in March (object by Sun, 13 Dec 2026, 14:00 UTC)',
    );
    expect(said('comment.created', 'de')).toMatchObject({
      sentence: 'Neuer Kommentar zu Dark mode',
      excerpt: 'Yes, please',
    });
    expect(said('action_item.assigned', 'en').sentence).toBe('Action item for Mia: Write notes');
    expect(said('meeting.starting', 'en')).toMatchObject({
      sentence: 'Planning on 10 Dec 2026 starts at 14:00 Europe/Berlin',
      excerpt: 'https://teams.example.org/j/1',
    });
    expect(said('action_item.due_tomorrow', 'de').sentence).toBe(
      'Aufgabe von Mia ist morgen fällig (12. Dez. 2026): Write notes',
    );
    expect(said('idea.interest_milestone', 'de').sentence).toBe('Dark mode: 25 Interessierte erreicht');
  });
});

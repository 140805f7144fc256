import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  hostileLine,
  hostileText,
  listItemTexts,
  PAYLOADS,
  site,
  unsafeMarkdown,
} from '../../test/support/markdown-oracle.js';
import type { Decision, Minutes } from '../domain/minutes.js';
import type { Series } from '../domain/series.js';
import { minutesMarkdown } from './minutes-export.js';

function series(title: string): Series {
  return {
    id: 's',
    slug: 'planning',
    title,
    purpose: '',
    schedule: {
      weekday: 1,
      startTime: '14:00',
      durationMinutes: 30,
      timeZone: 'Europe/Berlin',
      weekRule: { kind: 'odd' },
      startDate: '2026-11-01',
      endDate: null,
    },
    platform: '',
    joinUrl: null,
    notesUrl: null,
    recordingsUrl: null,
    languages: '',
    recorded: false,
    remind24h: true,
    remind15m: true,
    invitationInfo: '',
    contributeNote: '',
    sequence: 0,
    version: 1,
    createdAt: '2026-11-01T00:00:00Z',
    updatedAt: '2026-11-01T00:00:00Z',
    groupId: null,
  };
}

interface Typed {
  seriesTitle: string;
  body: string;
  names: string;
  decision: string;
  ideaTitle: string;
  action: string;
  assignee: string;
  overviewTitle: string;
  workTitle: string;
  ref: string;
  boardTitle: string;
}

function exported(v: Typed): string {
  const minutes: Minutes = {
    id: 'm',
    seriesId: 's',
    occurrence: '2026-11-30',
    body: v.body,
    attendeeCount: 7,
    attendeeNames: v.names,
    noteTakerId: null,
    noteTakerName: null,
    status: 'published',
    publishedAt: '2026-11-30T15:00:00Z',
    overview: [{ slug: 'x', title: v.overviewTitle, status: 'roadmap' }],
    overviewWork: [
      { id: 'w', title: v.workTitle, boardSlug: 'default', boardTitle: v.boardTitle, ref: v.ref, url: null },
    ],
    startedAt: null,
    updatedAt: '2026-11-30T15:00:00Z',
    version: 2,
  };
  const decision: Decision = {
    id: 'd',
    occurrence: '2026-11-30',
    text: v.decision,
    ideaId: 'i',
    ideaSlug: 'i',
    ideaTitle: v.ideaTitle,
    toStatus: 'roadmap',
    proposalId: null,
    proposalNumber: null,
    proposalTitle: null,
    toState: null,
    reason: null,
    createdAt: '2026-11-30T15:00:00Z',
    state: 'proposed',
    objectionHours: 72,
    objectionDeadline: null,
    finalAt: null,
    objections: [],
    open: false,
    version: 1,
  };
  return minutesMarkdown(
    series(v.seriesTitle),
    '2026-11-30',
    {
      minutes,
      decisions: [decision],
      actionItems: [{ text: v.action, assignee: v.assignee, dueDate: '2026-12-10', done: false }],
    },
    'en',
  );
}

const oneLine = (text: string) => text.replace(/\s+/gu, ' ').trim();

describe('minutesMarkdown', () => {
  it.each(PAYLOADS)('writes %j in every field as text, and the notes without HTML', (payload) => {
    const markdown = exported({
      seriesTitle: payload,
      body: payload,
      names: payload,
      decision: payload,
      ideaTitle: payload,
      action: payload,
      assignee: payload,
      overviewTitle: payload,
      workTitle: payload,
      ref: payload,
      boardTitle: payload,
    });
    expect(unsafeMarkdown(markdown)).toEqual([]);
    const h1 = site.parse(markdown, {}).find((t, i, all) => all[i - 1]?.tag === 'h1' && t.type === 'inline');
    expect(h1?.children?.map((c) => c.content).join('')).toBe(`${oneLine(payload)}, 30 Nov 2026`);
    const p = oneLine(payload);
    expect(listItemTexts(markdown)).toEqual(
      expect.arrayContaining([
        `${p} (${p} → roadmap) — proposed, open for objections`,
        `[ ] ${p} — ${p} (Due: 2026-12-10)`,
        `${p} (roadmap)`,
        `${p} (${p}) — ${p}`,
      ]),
    );
  });

  it('writes whatever people type safely', () => {
    fc.assert(
      fc.property(
        fc.record({
          seriesTitle: hostileLine(),
          body: hostileText(40),
          names: hostileText(),
          decision: hostileText(),
          ideaTitle: hostileLine(),
          action: hostileText(),
          assignee: hostileLine(),
          overviewTitle: hostileLine(),
          workTitle: hostileLine(),
          ref: hostileLine(5),
          boardTitle: hostileLine(),
        }),
        (typed) => {
          const markdown = exported(typed);
          expect(unsafeMarkdown(markdown)).toEqual([]);
          expect(listItemTexts(markdown)).toContain(
            `[ ] ${oneLine(typed.action)} — ${oneLine(typed.assignee)} (Due: 2026-12-10)`,
          );
        },
      ),
      { numRuns: 300 },
    );
  });
});

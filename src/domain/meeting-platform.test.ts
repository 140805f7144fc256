import { describe, expect, it } from 'vitest';
import { platformIn } from './meeting-platform.js';
import { readSchedule } from './planning-page-schedule.js';

describe('platformIn: the meeting platform a schedule sentence names', () => {
  const found: [string, string][] = [
    [
      'Public planning meetings are held biweekly on odd calendar weeks from 14:00 to 14:30 (Europe/Berlin) on Microsoft Teams.',
      'Microsoft Teams',
    ],
    ['Open planning calls take place every two weeks from 16:30 to 17:15 via Jitsi.', 'Jitsi'],
    [
      'Meetings are biweekly from 14:00 to 14:30 (Europe/Berlin) on Microsoft Teams, held in English or German.',
      'Microsoft Teams',
    ],
    ['Meetings are biweekly from 14:00 to 14:30 on Microsoft Teams and are not recorded.', 'Microsoft Teams'],
    ['We meet biweekly on odd weeks on Google Meet from 14:00 to 14:30.', 'Google Meet'],
    ['Every last Thursday on Jitsi Meet, 17:00 to 18:00 (UTC).', 'Jitsi Meet'],
    ['Weekly on Tuesday in the #planning room on Matrix at 10:00.', 'Matrix'],
    ['Die Runde findet alle zwei Wochen über Jitsi statt.', 'Jitsi'],
    ['Die Runde findet alle zwei Wochen montags um 14 Uhr per Zoom statt.', 'Zoom'],
    ['Alle zwei Wochen montags von 14:00 bis 14:30 Uhr auf BigBlueButton.', 'BigBlueButton'],
    ['We meet every other Monday from 2pm–2:30pm on Whatever Video.', 'Whatever Video'],
  ];
  it.each(found)('%s', (sentence, platform) => {
    expect(platformIn(sentence)).toBe(platform);
    expect(readSchedule(sentence).platform).toBe(platform);
  });

  const none = [
    'Meetings happen on Mondays from 14:00 to 14:30.',
    'Meetings happen every other week on Monday.',
    'We meet on Tuesdays, 10:00 to 11:00 CET.',
    'Weekly, so that teams on zoom calls can join (see below).',
    'Wir treffen uns jeden zweiten Montag von 14 bis 14:30 Uhr per Videokonferenz.',
    'Jeden zweiten Montag um 14 Uhr mit Anna.',
    'Planning happens biweekly, focusing on teams and their priorities.',
  ];
  it.each(none)('no platform in: %s', (sentence) => {
    expect(platformIn(sentence)).toBeUndefined();
  });
});

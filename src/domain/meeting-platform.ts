/**
 * The meeting platform a schedule sentence names: "via Jitsi", "on Microsoft Teams",
 * "auf BigBlueButton", "über Zoom statt", anywhere in the sentence. A known platform is found
 * wherever it stands after its preposition; an unknown capitalised name only at the sentence's
 * end, where it cannot be a weekday, a month or the start of the next clause.
 */

/** Longer names first, so "Jitsi Meet" wins over "Jitsi" and "Microsoft Teams" over "Teams". */
const KNOWN_PLATFORMS = [
  'Microsoft Teams',
  'MS Teams',
  'Google Meet',
  'Jitsi Meet',
  'BigBlueButton',
  'Big Blue Button',
  'GoToMeeting',
  'Whereby',
  'Webex',
  'Discord',
  'Mumble',
  'Matrix',
  'Element',
  'Slack',
  'Teams',
  'Jitsi',
  'Zoom',
  'BBB',
] as const;

const literal = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/gu, '\\$&');

// Word edges by letters, not by \w: "über" starts with a letter \b does not know.
const before = (words: string) => `(?<![\\p{L}\\d])(?:${words})\\s+(?:the\\s+)?`;

const KNOWN = new RegExp(
  `${before('on|via|over|using|auf|über|per|mit')}(${KNOWN_PLATFORMS.map((p) => literal(p).replace(/ /gu, '\\s+')).join('|')})(?![\\p{L}\\d])`,
  'u',
);

// "mit" and "per" are left out here: "mit Anna." or "per E-Mail." is no platform.
const AT_END = new RegExp(
  `${before('on|via|auf|über')}(\\p{Lu}[\\w.-]*(?:\\s+\\p{Lu}[\\w.-]*)*)\\s*(?:statt)?\\.?\\s*$`,
  'u',
);

const WEEKDAY =
  /^(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|Montag|Dienstag|Mittwoch|Donnerstag|Freitag|Samstag|Sonntag)s?$/u;

/** The platform's name as the page spells it (spaces folded), or undefined. */
export function platformIn(sentence: string): string | undefined {
  const text = sentence
    .replace(/\([^)]*\)/gu, ' ')
    .replace(/\s+/gu, ' ')
    .trim();
  const known = KNOWN.exec(text)?.[1];
  if (known) return known.replace(/\s+/gu, ' ');
  const name = AT_END.exec(text)?.[1]?.replace(/\.+$/u, '');
  if (!name || WEEKDAY.test(name) || /^[A-Z]{2,4}$/u.test(name)) return undefined;
  return name;
}

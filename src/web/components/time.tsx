import type { Locale } from '../../app/accounts.js';

const formats = new Map<string, Intl.DateTimeFormat>();

function formatFor(locale: Locale, timeZone: string): Intl.DateTimeFormat {
  const key = `${locale}|${timeZone}`;
  let f = formats.get(key);
  if (!f) {
    // dateStyle/timeStyle cannot be combined with timeZoneName (a RangeError), so spell out the parts.
    f = new Intl.DateTimeFormat(locale, {
      year: 'numeric',
      month: 'short',
      day: 'numeric',
      hour: '2-digit',
      minute: '2-digit',
      timeZone,
      timeZoneName: 'short',
    });
    formats.set(key, f);
  }
  return f;
}

/** An instant shown in the reader's zone (UTC when unknown), always naming the zone. */
export function Time({ iso, locale, timeZone }: { iso: string; locale: Locale; timeZone: string | null }) {
  return <time dateTime={iso}>{formatFor(locale, timeZone ?? 'UTC').format(new Date(iso))}</time>;
}

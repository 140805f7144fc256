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

/** An instant as text in `timeZone`, naming the zone (for a mail, where no script rewrites it). */
export function formatInstant(iso: string, locale: Locale, timeZone: string): string {
  return formatFor(locale, timeZone).format(new Date(iso));
}

/**
 * An instant shown in the reader's zone, always naming the zone. A reader who chose none (a
 * visitor, a new account) gets UTC from the server, which /assets/local-time.js rewrites in the
 * browser's own zone.
 */
export function Time({ iso, locale, timeZone }: { iso: string; locale: Locale; timeZone: string | null }) {
  const text = formatInstant(iso, locale, timeZone ?? 'UTC');
  return timeZone ? (
    <time dateTime={iso}>{text}</time>
  ) : (
    <time dateTime={iso} data-local="">
      {text}
    </time>
  );
}

import type { Locale } from '../../app/accounts.js';
import type { PageContext } from '../page-context.js';
import { relativeTime } from '../relative-time.js';

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
 * How far `iso` lies from the hub's clock ("in 3 days", "2 hours ago"), beside a time shown
 * absolutely. /assets/local-time.js keeps it current on a page left open, counting from the
 * hub's time the page was drawn at, so the hint never disagrees with the hub.
 */
export function RelativeHint({ ctx, iso }: { ctx: PageContext; iso: string }) {
  return (
    <span class="relative-time" data-relative={iso} data-now={ctx.now.toISOString()}>
      {` (${relativeTime(iso, ctx.now, ctx.locale)})`}
    </span>
  );
}

/**
 * An instant shown in the reader's zone, always naming the zone, with how long ago or ahead it
 * is. A reader who chose no zone (a visitor, a new account) gets UTC from the server, which
 * /assets/local-time.js rewrites in the browser's own zone.
 */
export function Time({ ctx, iso }: { ctx: PageContext; iso: string }) {
  const timeZone = ctx.user?.timeZone ?? null;
  const text = formatInstant(iso, ctx.locale, timeZone ?? 'UTC');
  return (
    <>
      {timeZone ? (
        <time dateTime={iso}>{text}</time>
      ) : (
        <time dateTime={iso} data-local="">
          {text}
        </time>
      )}
      <RelativeHint ctx={ctx} iso={iso} />
    </>
  );
}

import type { Occurrence } from '../../domain/recurrence.js';
import { formatSpan } from '../meeting-format.js';
import type { PageContext } from '../page-context.js';
import { RelativeHint } from './time.js';

/**
 * A meeting's time in the series' own zone, and beside it the reader's: from their profile when
 * they set one, otherwise filled in by /assets/local-time.js from the browser's zone.
 */
export function MeetingTime({ ctx, occurrence }: { ctx: PageContext; occurrence: Occurrence }) {
  const { t } = ctx;
  const seriesZone = occurrence.start.timeZoneId;
  const viewerZone = ctx.user?.timeZone ?? null;
  const start = occurrence.start.toInstant().toString();
  const end = occurrence.end.toInstant().toString();
  return (
    <>
      <span class="meeting-time">
        <time dateTime={occurrence.start.toString({ timeZoneName: 'never' })}>
          {formatSpan(occurrence.start, occurrence.end, ctx.locale)}
        </time>
        {viewerZone && viewerZone !== seriesZone ? (
          <span class="your-time">
            {' '}
            (
            {t('meetings.yourTime', {
              time: formatSpan(occurrence.start, occurrence.end, ctx.locale, viewerZone),
            })}
            )
          </span>
        ) : viewerZone ? null : (
          <span
            class="your-time"
            data-your-time=""
            data-start={start}
            data-end={end}
            data-zone={seriesZone}
            data-label={`(${t('meetings.yourTime', { time: '{time}' })})`}
            hidden
          />
        )}
      </span>
      <RelativeHint ctx={ctx} iso={start} />
    </>
  );
}

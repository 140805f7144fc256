import type { Occurrence } from '../../domain/recurrence.js';
import type { Series } from '../../domain/series.js';
import { statusKey } from '../meeting-format.js';
import type { PageContext } from '../page-context.js';
import { ButtonLink } from './button.js';
import { webcalUrl } from './calendar-subscription.js';
import { MeetingTime } from './meeting-time.js';

/** A meeting's time linking to its page, and beside it what became of it unless it takes place as planned. */
export function OccurrenceLink({
  ctx,
  series,
  occurrence,
}: {
  ctx: PageContext;
  series: Series;
  occurrence: Occurrence;
}) {
  return (
    <>
      <a href={ctx.url(`/meetings/${series.slug}/${occurrence.key}`)}>
        <MeetingTime ctx={ctx} occurrence={occurrence} />
      </a>
      {occurrence.status !== 'scheduled' && (
        <>
          {' '}
          <span class={`chip chip-meeting-${occurrence.status}`}>{ctx.t(statusKey(occurrence))}</span>
        </>
      )}
    </>
  );
}

/** The first-screen answer to "when is the next meeting and how do I join?". */
export function NextMeetingCard({
  ctx,
  series,
  next,
}: {
  ctx: PageContext;
  series: Series;
  next: Occurrence | null;
}) {
  const { t } = ctx;
  return (
    <section class="panel meeting-card" aria-labelledby={`next-${series.slug}`}>
      <h2 id={`next-${series.slug}`}>
        {t('meetings.nextOne')}: <a href={ctx.url(`/meetings/${series.slug}`)}>{series.title}</a>
      </h2>
      {next ? (
        <>
          <p class="meeting-when">
            <OccurrenceLink ctx={ctx} series={series} occurrence={next} />
          </p>
          {next.status === 'cancelled' && next.reason && (
            <p>{t('meetings.reason', { reason: next.reason })}</p>
          )}
          <p class="actions">
            {series.joinUrl && next.status !== 'cancelled' && (
              <ButtonLink variant="primary" href={series.joinUrl} rel="noopener">
                {t('meetings.join', { platform: series.platform || t('meetings.joinLink') })}
              </ButtonLink>
            )}
            <ButtonLink href={ctx.url(`/meetings/${series.slug}/${next.key}.ics`)}>
              {t('meetings.addToCalendar')}
            </ButtonLink>
            <a href={webcalUrl(ctx, series.slug)}>{t('meetings.subscribe')}</a>
          </p>
        </>
      ) : (
        <p class="empty">{t('meetings.noUpcoming')}</p>
      )}
      <p class="muted small">
        {[series.languages, series.recorded ? t('meetings.recorded') : t('meetings.notRecorded')]
          .filter(Boolean)
          .join(' · ')}
      </p>
    </section>
  );
}

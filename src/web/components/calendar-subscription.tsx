import type { Series } from '../../domain/series.js';
import type { PageContext } from '../page-context.js';

/** The series' feed as a webcal: link, which calendar apps open as a subscription instead of a download. */
export function webcalUrl(ctx: PageContext, slug: string): string {
  return ctx.absoluteUrl(`/meetings/${slug}.ics`).replace(/^https?:/u, 'webcal:');
}

/**
 * Ways into a calendar that stays up to date: the webcal link calendar apps open as a
 * subscription, Outlook's and Google's own "add by URL" pages, the address to paste, and the
 * file for a one-time import. A downloaded file never learns of a moved or cancelled meeting.
 */
export function CalendarSubscription({ ctx, series }: { ctx: PageContext; series: Series }) {
  const { t } = ctx;
  const exact = series.schedule.weekRule.kind === 'odd' || series.schedule.weekRule.kind === 'even';
  const path = `/meetings/${series.slug}.ics`;
  const feed = ctx.absoluteUrl(path);
  const webcal = webcalUrl(ctx, series.slug);
  const outlook = `https://outlook.office.com/calendar/0/addfromweb?url=${encodeURIComponent(feed)}&name=${encodeURIComponent(series.title)}`;
  const google = `https://calendar.google.com/calendar/r?cid=${encodeURIComponent(webcal)}`;
  return (
    <div class="calendar-subscription">
      <p class="actions">
        <a class="button primary" href={webcal}>
          {t('meetings.subscribe')}
        </a>
        <a class="button" href={outlook} rel="noopener noreferrer">
          {t('calendar.outlook')}
        </a>
        <a class="button" href={google} rel="noopener noreferrer">
          {t('calendar.google')}
        </a>
      </p>
      <p class="field">
        <label for="calendar-address">{t('calendar.address')}</label>
        <input id="calendar-address" class="copy-field" type="url" readOnly value={feed} />
      </p>
      <p class="muted small">
        {t('calendar.addressHint')}{' '}
        <a href={ctx.url(path)} download>
          {t('calendar.download')}
        </a>
      </p>
      {exact && (
        <p class="muted small">
          {t('meetings.subscribeExactNote')}{' '}
          <a href={ctx.url(path, { rule: 'byweekno' })}>{t('meetings.subscribeExact')}</a>
        </p>
      )}
    </div>
  );
}

/** The badge of the next meeting, with the Markdown and HTML to put it in a README or a docs page. */
export function BadgeSnippet({ ctx, series }: { ctx: PageContext; series: Series }) {
  const { t } = ctx;
  const badge = ctx.absoluteUrl(`/meetings/${series.slug}/badge.svg`);
  const page = ctx.absoluteUrl(`/meetings/${series.slug}`);
  const alt = t('meetings.nextOne');
  const markdown = `[![${alt}](${badge})](${page})`;
  const html = `<a href="${page}"><img src="${badge}" alt="${alt}"></a>`;
  return (
    <>
      <p>
        <img src={ctx.url(`/meetings/${series.slug}/badge.svg`, { lang: ctx.locale })} alt={alt} />
      </p>
      <CopyText id="badge-markdown" label={t('calendar.badgeMarkdown')} text={markdown} />
      <CopyText id="badge-html" label={t('calendar.badgeHtml')} text={html} />
      <p class="muted small">{t('calendar.badgeHint')}</p>
    </>
  );
}

/** A snippet to select and copy, labelled. */
function CopyText({ id, label, text }: { id: string; label: string; text: string }) {
  return (
    <p class="field">
      <label for={id}>{label}</label>
      <textarea id={id} class="copy-field" rows={3} readOnly>
        {text}
      </textarea>
    </p>
  );
}

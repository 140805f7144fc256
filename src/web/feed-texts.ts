import type { FeedTexts } from '../domain/ical-feed.js';
import type { Series } from '../domain/series.js';
import type { Translate } from './i18n/index.js';
import { plainSummary } from './markdown.js';

/** The plain-text DESCRIPTION calendar programs show: what, how to join, and the small print. */
export function feedTexts(series: Series, t: Translate, pageUrl: string): FeedTexts {
  const lines: string[] = [];
  if (series.purpose) lines.push(plainSummary(series.purpose, 600));
  if (series.joinUrl)
    lines.push(
      `${t('meetings.join', { platform: series.platform || t('meetings.joinLink') })}: ${series.joinUrl}`,
    );
  const small = [series.languages, series.recorded ? t('meetings.recorded') : t('meetings.notRecorded')]
    .filter(Boolean)
    .join(' · ');
  if (small) lines.push(small);
  if (series.contributeNote) lines.push(plainSummary(series.contributeNote, 400));
  lines.push(pageUrl);
  return { description: lines.join('\n\n'), cancelled: t('meetings.cancelled') };
}

import type { Locale } from '../app/accounts.js';
import type { DocsUseCases } from '../app/docs.js';
import type { IdeaStatus } from '../domain/idea-status.js';
import { markdownText } from '../domain/markdown-escape.js';
import { sortAlphabetically } from '../domain/ordering.js';
import { type PageParts, renderPlanningPage } from '../domain/planning-page-export.js';
import type { WeekRule } from '../domain/schedule.js';
import type { Series } from '../domain/series.js';
import { type Translate, translator } from './i18n/index.js';
import { weekdayName } from './meeting-format.js';

type ExportData = Awaited<ReturnType<DocsUseCases['exportData']>>;

function endTime(start: string, minutes: number): string {
  const [h = 0, m = 0] = start.split(':').map(Number);
  const end = (h * 60 + m + minutes) % 1440;
  return `${String(Math.floor(end / 60)).padStart(2, '0')}:${String(end % 60).padStart(2, '0')}`;
}

function scheduleSentence(series: Series | null, locale: Locale): string {
  const t = translator(locale);
  if (!series) return t('page.noMeetings');
  const s = series.schedule;
  const values = {
    weekday: weekdayName(s.weekday, locale),
    start: s.startTime,
    end: endTime(s.startTime, s.durationMinutes),
    zone: markdownText(s.timeZone),
    // The platform phrase follows the zone after a space, or is left out.
    platform: series.platform ? ` ${t('page.platform', { platform: markdownText(series.platform) })}` : '',
  };
  // A monthly rule names its weekday inside the rule: a sentence of its own, which the importer reads back.
  const sentence =
    s.weekRule.kind === 'monthly'
      ? t('page.scheduleMonthly', { ...values, ordinal: t(`page.ordinal.${s.weekRule.ordinal}`) })
      : s.weekRule.kind === 'monthlyAfter'
        ? t('page.scheduleMonthlyAfter', {
            ...values,
            ordinal: t(`page.ordinal.${s.weekRule.ordinal}`),
            after: weekdayName(s.weekRule.after, locale),
          })
        : t('page.schedule', { ...values, rule: weeklyRule(s.weekRule, t) });
  return series.purpose ? `${sentence} ${series.purpose}` : sentence;
}

function weeklyRule(rule: Exclude<WeekRule, { kind: 'monthly' | 'monthlyAfter' }>, t: Translate): string {
  if (rule.kind === 'interval') return t('page.rule.interval', { n: rule.interval });
  return t(
    rule.kind === 'odd' ? 'page.rule.odd' : rule.kind === 'even' ? 'page.rule.even' : 'page.rule.every',
  );
}

/**
 * The page's parts in the requested language, from what the hub holds now. Plain values put
 * into the Markdown of the catalogue's sentences (zone, platform, languages) are escaped here;
 * the page writer escapes or rewrites everything else.
 */
export function planningPageParts(data: ExportData, locale: Locale): PageParts {
  const t = translator(locale);
  const series = data.series;
  const pageLang = data.page?.lang ?? 'en';
  const text = (key: string) => data.texts[`${key}.${locale}`] ?? null;
  const attendance = series
    ? [
        series.recorded ? t('page.recorded') : t('page.notRecorded'),
        series.languages ? t('page.languages', { languages: markdownText(series.languages) }) : '',
      ]
        .filter(Boolean)
        .join(' ')
    : '';
  return {
    title: data.page && pageLang === locale ? data.page.title : t('page.title'),
    schedule: scheduleSentence(series, locale),
    board: data.board ? { template: t('page.board'), url: data.board.url } : null,
    join: series?.joinUrl ? { template: t('page.join'), url: series.joinUrl } : null,
    invitationInfo: series?.invitationInfo ?? '',
    attendance,
    contribute: series?.contributeNote ?? '',
    backlogHeading:
      data.page && pageLang === locale
        ? (data.page.layout.find((s) => s.role === 'backlog')?.heading ?? t('page.backlogHeading'))
        : t('page.backlogHeading'),
    intro: text('intro') ?? t('backlog.defaultIntro'),
    disclaimer: text('disclaimer') ?? t('backlog.defaultDisclaimer'),
    ideas: sortAlphabetically(locale, data.ideas).map((i) => ({ title: i.title, links: i.links })),
  };
}

/** The whole page as Markdown. The page's own wording is kept when exporting in its language. */
export async function exportPlanningPage(
  docs: DocsUseCases,
  locale: Locale,
  includeRoadmap: boolean,
): Promise<string> {
  const statuses: IdeaStatus[] = includeRoadmap ? ['backlog', 'roadmap'] : ['backlog'];
  const data = await docs.exportData(statuses);
  const parts = planningPageParts(data, locale);
  return renderPlanningPage(data.page?.layout ?? null, parts, (data.page?.lang ?? 'en') === locale);
}

import type { Locale } from '../app/accounts.js';
import type { Assumption, ImportPlan } from '../app/page-import.js';
import type { MessageKey, Translate } from './i18n/index.js';
import { scheduleSentence, weekdayName } from './meeting-format.js';
import { noteText } from './schedule-found-text.js';

/** A series' field as the series form names it. */
const FIELD_LABELS: Record<string, MessageKey> = {
  title: 'series.title',
  purpose: 'series.purpose',
  weekday: 'series.weekday',
  startTime: 'series.startTime',
  durationMinutes: 'series.duration',
  timeZone: 'series.timeZone',
  weekRule: 'series.weekRule',
  interval: 'series.interval',
  ordinal: 'series.ordinal',
  afterWeekday: 'series.afterWeekday',
  platform: 'series.platform',
  joinUrl: 'series.joinUrl',
  languages: 'series.languages',
  recorded: 'series.recorded',
  invitationInfo: 'series.invitationInfo',
  contributeNote: 'series.contributeNote',
};

/** A backlog text's key (`intro.en`) as words ("the intro (English)"). */
function textName(key: string, t: Translate): string {
  const [part, lang] = key.split('.');
  const language = t(lang === 'de' ? 'docs.inGerman' : 'docs.inEnglish');
  return t(part === 'intro' ? 'docs.textIntro' : 'docs.textDisclaimer', { language });
}

/** What the import filled in, said in the reader's words (a weekday by name, weeks as a rule). */
export function assumptionText(a: Assumption, t: Translate, locale: Locale): string {
  const p = a.params;
  const minutes = Number(p.minutes ?? 0);
  const start = String(p.start ?? '00:00');
  const [h = 0, m = 0] = start.split(':').map(Number);
  const end = (h * 60 + m + minutes) % 1440;
  return t(a.key, {
    ...p,
    ...(typeof p.weekday === 'number' ? { day: weekdayName(p.weekday, locale) } : {}),
    ...(p.rule === 'odd' || p.rule === 'even' || p.rule === 'every'
      ? {
          rule: t(
            p.rule === 'odd'
              ? 'schedule.oddWeeks'
              : p.rule === 'even'
                ? 'schedule.evenWeeks'
                : 'schedule.everyWeek',
          ),
        }
      : {}),
    ...(a.key === 'docs.timeFromOption'
      ? { end: `${String(Math.floor(end / 60)).padStart(2, '0')}:${String(end % 60).padStart(2, '0')}` }
      : {}),
  });
}

/** The series as read: when, where it is held, whether it is recorded, in one sentence. */
function readBack(series: ImportPlan['series'], t: Translate, locale: Locale): string {
  return [
    scheduleSentence(series.schedule, t, locale),
    series.platform && t('docs.onPlatform', { platform: series.platform }),
    t(series.recorded ? 'meetings.recorded' : 'meetings.notRecorded'),
  ]
    .filter(Boolean)
    .join(', ');
}

/** One line of an import report, with the titles it concerns. */
export interface PlanLine {
  text: string;
  items: string[];
}

/** The changes an import makes, said in the reader's language (shared by the page and the CLI). */
export function planLines(
  plan: ImportPlan,
  t: Translate,
  locale: Locale = 'en',
): { assumptions: string[]; changes: PlanLine[]; notOnPage: PlanLine | null } {
  const assumptions = plan.assumptions.map((a) => assumptionText(a, t, locale));
  const notes = plan.series.notes.map((n) => noteText(n, t, locale));
  const changes: PlanLine[] = [
    {
      text: t('docs.scheduleRead', { schedule: readBack(plan.series, t, locale) }),
      items: [],
    },
    // The board link as read, also when it is stored already, so the reader sees what it points to.
    ...(plan.boardLink && plan.board !== 'set'
      ? [{ text: t('docs.boardKept', { label: plan.boardLink.label, url: plan.boardLink.url }), items: [] }]
      : []),
    ...(notes.length > 0 ? [{ text: t('docs.noticed'), items: notes }] : []),
  ];
  if (plan.unchanged) {
    changes.push({ text: t('docs.nothing'), items: [] });
  } else {
    const s = plan.series;
    changes.push({
      text:
        s.action === 'create'
          ? t('docs.seriesCreate', { title: s.title })
          : s.action === 'update'
            ? t('docs.seriesUpdate', {
                title: s.title,
                fields: s.fields.map((f) => (FIELD_LABELS[f] ? t(FIELD_LABELS[f]) : f)).join(', '),
              })
            : t('docs.seriesUnchanged', { title: s.title }),
      items: [],
    });
    if (plan.board === 'set' && plan.boardLink)
      changes.push({
        text: t('docs.boardSet', { label: plan.boardLink.label, url: plan.boardLink.url }),
        items: [],
      });
    if (plan.texts.length > 0)
      changes.push({
        text: t('docs.textsSet', { keys: plan.texts.map((k) => textName(k, t)).join(', ') }),
        items: [],
      });
    if (plan.layout === 'set') changes.push({ text: t('docs.layoutSet'), items: [] });
    if (plan.ideas.create.length > 0) {
      changes.push({
        text: t('docs.ideasCreate', { count: plan.ideas.create.length }),
        items: plan.ideas.create,
      });
    }
    if (plan.ideas.update.length > 0) {
      changes.push({
        text: t('docs.ideasUpdate', { count: plan.ideas.update.length }),
        items: plan.ideas.update.map((u) => `${u.title} (${u.fields.join(', ')})`),
      });
    }
    if (plan.ideas.unchanged > 0)
      changes.push({ text: t('docs.ideasUnchanged', { count: plan.ideas.unchanged }), items: [] });
  }
  const notOnPage =
    plan.ideas.notOnPage.length > 0
      ? { text: t('docs.notOnPage', { count: plan.ideas.notOnPage.length }), items: plan.ideas.notOnPage }
      : null;
  return { assumptions, changes, notOnPage };
}

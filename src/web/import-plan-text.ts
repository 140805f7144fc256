import type { ImportPlan } from '../app/page-import.js';
import type { MessageKey, Translate } from './i18n/index.js';

/** One line of an import report, with the titles it concerns. */
export interface PlanLine {
  text: string;
  items: string[];
}

/** The changes an import makes, said in the reader's language (shared by the page and the CLI). */
export function planLines(
  plan: ImportPlan,
  t: Translate,
): { assumptions: string[]; changes: PlanLine[]; notOnPage: PlanLine | null } {
  const assumptions = plan.assumptions.map((a) => t(a.key as MessageKey, a.params));
  const changes: PlanLine[] = [];
  if (plan.unchanged) {
    changes.push({ text: t('docs.nothing'), items: [] });
  } else {
    const s = plan.series;
    changes.push({
      text:
        s.action === 'create'
          ? t('docs.seriesCreate', { title: s.title })
          : s.action === 'update'
            ? t('docs.seriesUpdate', { title: s.title, fields: s.fields.join(', ') })
            : t('docs.seriesUnchanged', { title: s.title }),
      items: [],
    });
    if (plan.board === 'set') changes.push({ text: t('docs.boardSet'), items: [] });
    if (plan.texts.length > 0)
      changes.push({ text: t('docs.textsSet', { keys: plan.texts.join(', ') }), items: [] });
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

import { Temporal } from 'temporal-polyfill';
import type { IdeaLink } from '../domain/idea.js';
import type { IdeaStatus } from '../domain/idea-status.js';
import type { PageLink } from '../domain/planning-page.js';
import { authorize } from '../domain/policy.js';
import type { Actor } from '../domain/roles.js';
import { BACKLOG_TEXTS_KEY } from './backlog-texts.js';
import type { AppDeps } from './context.js';
import {
  BOARD_KEY,
  type ImportOptions,
  type ImportPlan,
  PLANNING_PAGE_KEY,
  type PlanningPageSetting,
  plan,
  prepare,
} from './page-import.js';
import { toSeries } from './series-steps.js';
import { readSettingJson } from './settings.js';
import { writer } from './write.js';

export function docsUseCases(deps: AppDeps) {
  const { store, now } = deps;
  const write = writer(deps);
  const today = () =>
    Temporal.Instant.fromEpochMilliseconds(now().getTime()).toZonedDateTimeISO('Europe/Berlin').toPlainDate();

  /** The page read and checked for one who may import it, before anything is planned. */
  function prepared(actor: Actor | 'system', source: string, options: ImportOptions) {
    authorize(actor, 'page.import');
    return prepare(source, options, today());
  }

  return {
    /** What importing the page would change, changing nothing. */
    async previewImport(
      actor: Actor | 'system',
      source: string,
      options: ImportOptions = {},
    ): Promise<ImportPlan> {
      return (await plan(store.read, prepared(actor, source, options))).plan;
    },

    /** Imports the page in one transaction: all of it, or (on any problem) nothing. */
    async importPage(
      actor: Actor | 'system',
      source: string,
      options: ImportOptions = {},
    ): Promise<ImportPlan> {
      const page = prepared(actor, source, options);
      const by: Actor = actor === 'system' ? { kind: 'anonymous' } : actor;
      const proposer = actor !== 'system' && actor.kind === 'user' ? actor : null;
      return write(actor, async ({ repos, at }) => {
        const { plan: result, apply } = await plan(repos, page);
        if (!result.unchanged) await apply(by, proposer, at);
        return result;
      });
    },

    /** Everything the exported page shows, read at once. */
    async exportData(statuses: readonly IdeaStatus[]) {
      const [page, board, texts] = await Promise.all([
        readSettingJson<PlanningPageSetting>(store.read, PLANNING_PAGE_KEY),
        readSettingJson<PageLink>(store.read, BOARD_KEY),
        readSettingJson<Record<string, string | null>>(store.read, BACKLOG_TEXTS_KEY),
      ]);
      const rows = await store.read.series.list();
      const seriesRow =
        (page.value?.seriesSlug && rows.find((r) => r.slug === page.value?.seriesSlug)) || rows[0] || null;
      const ideaRows = await store.read.ideas.list({ statuses });
      return {
        page: page.value,
        board: board.value,
        texts: texts.value ?? {},
        series: seriesRow ? toSeries(seriesRow) : null,
        ideas: ideaRows.map((r) => ({ id: r.id, title: r.title, links: JSON.parse(r.links) as IdeaLink[] })),
      };
    },
  };
}

export type DocsUseCases = ReturnType<typeof docsUseCases>;

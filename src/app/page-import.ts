/**
 * Importing the public planning page: what the page says, checked and completed from the
 * options (never silently), and the plan of every change, applied in the caller's transaction.
 */
import type { Temporal } from 'temporal-polyfill';
import { type FieldProblem, ValidationError } from '../domain/errors.js';
import { type Idea, type IdeaLink, validateIdeaDraft } from '../domain/idea.js';
import type { IdeaStatus } from '../domain/idea-status.js';
import { sameTitleGroups, sortAlphabetically } from '../domain/ordering.js';
import {
  type PageIdea,
  type PageLink,
  type PageSection,
  type ParsedPage,
  parsePlanningPage,
} from '../domain/planning-page.js';
import type { Actor } from '../domain/roles.js';
import { ruleParams } from '../domain/schedule.js';
import {
  answerSchedule,
  combineSchedule,
  type ScheduleFacts,
  type ScheduleQuestion,
  ScheduleQuestions,
  type ScheduleReading,
  seriesStart,
} from '../domain/schedule-reading.js';
import type { Series } from '../domain/series.js';
import { slugify } from '../domain/text.js';
import type { Repositories } from '../store/store.js';
import type { Locale } from './accounts.js';
import { BACKLOG_TEXTS_KEY } from './backlog-texts.js';
import { audit } from './context.js';
import { editIdea, insertIdeas, loadIdeas } from './idea-steps.js';
import { insertSeries, toSeries, updateSeries, validateSeriesInput } from './series-steps.js';
import { PLANNING_BOARD, readSettingJson, writeSettingJson } from './settings.js';

/** What the hub remembers of the imported page: its title, its layout and its series. */
export interface PlanningPageSetting {
  title: string;
  seriesSlug: string | null;
  lang: Locale;
  layout: PageSection[];
}

export const PLANNING_PAGE_KEY = 'docs.planningPage';
export const BOARD_KEY = PLANNING_BOARD;

import type { Assumption, ImportOptions, ImportPlan } from './page-import-plan.js';

export type { Assumption, ImportOptions, ImportPlan };

const SERIES_FIELDS = [
  'title',
  'purpose',
  'weekday',
  'startTime',
  'durationMinutes',
  'timeZone',
  'weekRule',
  'interval',
  'ordinal',
  'afterWeekday',
  'platform',
  'joinUrl',
  'languages',
  'recorded',
  'invitationInfo',
  'contributeNote',
] as const;

function seriesFields(
  series: Omit<Series, 'id' | 'slug' | 'sequence' | 'version' | 'createdAt' | 'updatedAt' | 'groupId'>,
): Record<(typeof SERIES_FIELDS)[number], unknown> {
  const s = series.schedule;
  return {
    title: series.title,
    purpose: series.purpose,
    weekday: s.weekday,
    startTime: s.startTime,
    durationMinutes: s.durationMinutes,
    timeZone: s.timeZone,
    weekRule: s.weekRule.kind,
    ...ruleParams(s.weekRule),
    platform: series.platform,
    joinUrl: series.joinUrl,
    languages: series.languages,
    recorded: series.recorded,
    invitationInfo: series.invitationInfo,
    contributeNote: series.contributeNote,
  };
}

function sameLinks(a: readonly IdeaLink[], b: readonly IdeaLink[]): boolean {
  return a.length === b.length && a.every((l, i) => l.url === b[i]?.url && l.label === b[i]?.label);
}

interface Prepared {
  page: ParsedPage;
  seriesInput: Record<string, unknown>;
  lang: Locale;
  assumptions: Assumption[];
  reading: ScheduleReading;
}

/** An answer that completed (or overrode) the page's schedule, as the preview reports it. */
function answerAssumption(q: ScheduleQuestion, facts: ScheduleFacts): Assumption {
  if (q === 'weekday') return { key: 'docs.weekdayFromOption', params: { weekday: facts.weekday ?? 1 } };
  if (q === 'timeZone') return { key: 'docs.timeZoneFromOption', params: { zone: facts.timeZone ?? '' } };
  if (q === 'weekRule') return { key: 'docs.weekRuleFromOption', params: { rule: facts.weekRule ?? '' } };
  return {
    key: 'docs.timeFromOption',
    params: { start: facts.startTime ?? '', minutes: facts.durationMinutes ?? 0 },
  };
}

/** Checks the page and fills what it does not say from the options, never silently. */
export function prepare(source: string, options: ImportOptions, today: Temporal.PlainDate): Prepared {
  const { page, problems } = parsePlanningPage(source);
  if (!page) throw new ValidationError(problems);
  const assumptions: Assumption[] = [];
  const { reading, used, refused } = answerSchedule(
    combineSchedule(page.schedule, page.scheduleTable),
    options,
  );
  if (reading.missing.length > 0 || refused.length > 0) throw new ScheduleQuestions(reading, refused);
  const facts = reading.facts;
  // A start and an end given together are one answer: the time of the meetings.
  for (const q of used.filter((u) => u !== 'endTime' || !used.includes('startTime')))
    assumptions.push(answerAssumption(q, facts));
  const seriesInput: Record<string, unknown> = {
    title: page.title,
    purpose: page.purpose,
    weekday: facts.weekday,
    startTime: facts.startTime,
    durationMinutes: facts.durationMinutes,
    timeZone: facts.timeZone,
    weekRule: facts.weekRule,
    interval: facts.interval,
    ordinal: facts.ordinal,
    afterWeekday: facts.afterWeekday,
    startDate: seriesStart(facts, today).toString(),
    platform: page.schedule.platform ?? '',
    joinUrl: page.joinUrl ?? '',
    languages: page.languages,
    recorded: page.recorded === true,
    invitationInfo: page.invitationInfo,
    contributeNote: page.contributeNote,
  };
  // Every idea must be storable before anything is stored.
  const ideaProblems: FieldProblem[] = [];
  for (const idea of page.backlog.ideas) {
    try {
      validateIdeaDraft({ title: idea.title, description: idea.description, links: idea.links });
    } catch (err) {
      if (!(err instanceof ValidationError)) throw err;
      for (const p of err.problems) ideaProblems.push({ ...p, field: `line ${idea.line}: ${p.field}` });
    }
  }
  if (ideaProblems.length > 0) throw new ValidationError(ideaProblems);
  return { page, seriesInput, lang: options.lang ?? 'en', assumptions, reading };
}

/**
 * Which stored idea each page item updates: the first not yet taken of the same title
 * (`sameTitle`), stored ideas in the order given, items in page order. Grouped by collation
 * rather than compared pairwise, so a page of thousands against a backlog of thousands is
 * matched in n log n.
 */
function matchByTitle(
  stored: readonly { id: string; title: string }[],
  items: readonly PageIdea[],
): Map<PageIdea, string> {
  type Entry = { id: string; title: string; item?: undefined } | { item: PageIdea; title: string };
  const entries: Entry[] = [
    ...stored.map((s) => ({ id: s.id, title: s.title })),
    ...items.map((item) => ({ item, title: item.title })),
  ];
  const matches = new Map<PageIdea, string>();
  for (const group of sameTitleGroups(entries, (e) => e.title)) {
    const ids = group.flatMap((e) => (e.item === undefined ? [e.id] : []));
    let next = 0;
    for (const e of group) {
      if (e.item === undefined) continue;
      const id = ids[next++];
      if (id !== undefined) matches.set(e.item, id);
    }
  }
  return matches;
}

/** The series the page describes, and which of its fields differ from the stored one. */
async function planSeries(
  repos: Repositories,
  prepared: Prepared,
  stored: { value: PlanningPageSetting | null },
) {
  const slug = stored.value?.seriesSlug ?? slugify(prepared.page.title);
  const existingRow = await repos.series.findBySlug(slug);
  const existing = existingRow ? toSeries(existingRow) : null;
  const seriesInput = existing
    ? {
        ...prepared.seriesInput,
        startDate: existing.schedule.startDate,
        endDate: existing.schedule.endDate ?? '',
        // The page says nothing of reminders: the series keeps what it chose.
        remind24h: existing.remind24h,
        remind15m: existing.remind15m,
      }
    : prepared.seriesInput;
  const { text, schedule } = validateSeriesInput(seriesInput);
  if (!existing)
    prepared.assumptions.push({ key: 'docs.assumedStartDate', params: { date: schedule.startDate } });
  const candidate = { ...text, schedule };
  const changedSeriesFields = existing
    ? SERIES_FIELDS.filter(
        (f) => JSON.stringify(seriesFields(existing)[f]) !== JSON.stringify(seriesFields(candidate)[f]),
      )
    : [...SERIES_FIELDS];
  return { existingRow, existing, text, schedule, changedSeriesFields };
}

/** The backlog texts with the page's intro and disclaimer in its language, and which of them changed. */
async function planTexts(repos: Repositories, page: ParsedPage, lang: string) {
  const texts = await readSettingJson<Record<string, string | null>>(repos, BACKLOG_TEXTS_KEY);
  const newTexts = { ...(texts.value ?? {}) };
  const textChanges: string[] = [];
  for (const [key, value] of [
    [`intro.${lang}`, page.backlog.intro],
    [`disclaimer.${lang}`, page.backlog.disclaimer],
  ] as const) {
    if (value && (newTexts[key] ?? null) !== value) {
      newTexts[key] = value;
      textChanges.push(key);
    }
  }
  return { texts, newTexts, textChanges };
}

/** Which page items become new ideas, which change a stored one, and the backlog ideas the page leaves out. */
async function planIdeas(repos: Repositories, page: ParsedPage) {
  const all = (await repos.ideas.list({})).map((r) => ({ id: r.id, title: r.title, status: r.status }));
  const matchOf = matchByTitle(all, page.backlog.ideas);
  const matched = new Set(matchOf.values());
  const matchedIdeas = await loadIdeas(repos, [...matched]);
  const creates: ParsedPage['backlog']['ideas'] = [];
  const updates: { idea: Idea; links: IdeaLink[]; description: string | null; fields: string[] }[] = [];
  let unchanged = 0;
  for (const item of page.backlog.ideas) {
    const id = matchOf.get(item);
    const idea = id === undefined ? undefined : matchedIdeas.get(id);
    if (!idea) {
      creates.push(item);
      continue;
    }
    const fields: string[] = [];
    if (!sameLinks(idea.links, item.links)) fields.push('links');
    if (item.description && item.description !== idea.description) fields.push('description');
    if (fields.length > 0)
      updates.push({ idea, links: item.links, description: item.description || null, fields });
    else unchanged += 1;
  }
  const notOnPage = sortAlphabetically(
    'en',
    all.filter((i) => i.status === 'backlog' && !matched.has(i.id)),
  ).map((i) => i.title);
  return { creates, updates, unchanged, notOnPage };
}

/** Stores the new ideas and changes the matched ones. */
async function applyIdeas(
  repos: Repositories,
  actor: Actor,
  proposer: Extract<Actor, { kind: 'user' }> | null,
  ideas: Awaited<ReturnType<typeof planIdeas>>,
  at: string,
): Promise<void> {
  const drafts = ideas.creates.map((item) =>
    validateIdeaDraft({ title: item.title, description: item.description, links: item.links }),
  );
  await insertIdeas(repos, proposer, drafts, 'backlog' satisfies IdeaStatus, at);
  for (const u of ideas.updates) {
    const draft = validateIdeaDraft({
      title: u.idea.title,
      description: u.description ?? u.idea.description,
      tags: u.idea.tags,
      links: u.links,
    });
    await editIdea(repos, actor, u.idea, draft, at);
  }
}

/** The stored board link, and whether the page sets a new one. */
async function planBoard(repos: Repositories, page: ParsedPage) {
  const board = await readSettingJson<PageLink>(repos, BOARD_KEY);
  const boardAction: ImportPlan['board'] = !page.board
    ? 'none'
    : JSON.stringify(board.value) === JSON.stringify(page.board)
      ? 'unchanged'
      : 'set';
  return { board, boardAction };
}

/** What the preview says of the series: the change, the schedule, and how it was read. */
function seriesPart(
  prepared: Prepared,
  exists: boolean,
  text: { title: string; platform: string; recorded: boolean },
  fields: string[],
  schedule: ImportPlan['series']['schedule'],
): ImportPlan['series'] {
  return {
    action: exists ? (fields.length > 0 ? 'update' : 'unchanged') : 'create',
    title: text.title,
    fields,
    schedule,
    platform: text.platform,
    recorded: text.recorded,
    sources: prepared.reading.sources,
    notes: prepared.reading.notes,
  };
}

/** Works out every change an import would make; `apply` makes them in the same transaction. */
export async function plan(repos: Repositories, prepared: Prepared) {
  const { page, lang } = prepared;
  const stored = await readSettingJson<PlanningPageSetting>(repos, PLANNING_PAGE_KEY);
  const { existingRow, existing, text, schedule, changedSeriesFields } = await planSeries(
    repos,
    prepared,
    stored,
  );

  const { board, boardAction } = await planBoard(repos, page);

  const { texts, newTexts, textChanges } = await planTexts(repos, page, lang);

  const layoutSetting: PlanningPageSetting = {
    title: page.title,
    seriesSlug: existing?.slug ?? null,
    lang,
    layout: page.layout,
  };
  const layoutChanged =
    JSON.stringify({ ...stored.value, seriesSlug: null }) !==
    JSON.stringify({ ...layoutSetting, seriesSlug: null });

  const ideas = await planIdeas(repos, page);
  const { creates, updates } = ideas;

  const result: ImportPlan = {
    series: seriesPart(prepared, existing !== null, text, changedSeriesFields, schedule),
    board: boardAction,
    boardLink: page.board ?? null,
    texts: textChanges,
    layout: layoutChanged ? 'set' : 'unchanged',
    ideas: {
      create: creates.map((c) => c.title),
      update: updates.map((u) => ({ title: u.idea.title, fields: u.fields })),
      unchanged: ideas.unchanged,
      notOnPage: ideas.notOnPage,
    },
    assumptions: prepared.assumptions,
    unchanged: false,
  };
  result.unchanged =
    result.series.action === 'unchanged' &&
    boardAction !== 'set' &&
    textChanges.length === 0 &&
    !layoutChanged &&
    creates.length === 0 &&
    updates.length === 0;

  async function apply(
    actor: Actor,
    proposer: Extract<Actor, { kind: 'user' }> | null,
    at: string,
  ): Promise<void> {
    let seriesSlug = existing?.slug ?? null;
    if (!existingRow) seriesSlug = (await insertSeries(repos, actor, text, schedule, at)).slug;
    else if (changedSeriesFields.length > 0)
      await updateSeries(repos, actor, existingRow, text, schedule, at);
    if (boardAction === 'set') await writeSettingJson(repos, BOARD_KEY, page.board, board.version, at);
    if (textChanges.length > 0) await writeSettingJson(repos, BACKLOG_TEXTS_KEY, newTexts, texts.version, at);
    if (layoutChanged || seriesSlug !== stored.value?.seriesSlug) {
      await writeSettingJson(repos, PLANNING_PAGE_KEY, { ...layoutSetting, seriesSlug }, stored.version, at);
    }
    await applyIdeas(repos, actor, proposer, ideas, at);
    await audit(
      repos,
      at,
      actor,
      'docs.import',
      { type: 'settings', id: PLANNING_PAGE_KEY },
      `${creates.length} new, ${updates.length} changed ideas`,
    );
  }
  return { plan: result, apply };
}

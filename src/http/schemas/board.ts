import { type Static, Type } from 'typebox';
import { BOARD_LIMITS } from '../../domain/board.js';
import { MAX_IMPORT_ITEMS } from '../../domain/github-project.js';
import { HORIZONS } from '../../domain/roadmap.js';
import { LinkSchema } from '../api/schemas.js';
import { IdeaReference } from './ideas.js';
import { withVersion } from './meetings.js';
import { pageQueryFields } from './paging.js';

/**
 * The inputs of the board's, the roadmap's and the imports' use-cases as the JSON API takes
 * them, one schema each. Content rules (names, neighbours, the files' shapes) stay in the domain.
 */

/** A board as a path names it. */
export const BoardParams = Type.Object({ id: Type.String({ maxLength: 200, description: 'id or slug' }) });

/** A column or an item as a path names it. */
export const ColumnParams = Type.Object({ id: Type.String({ maxLength: 100 }) });

export const ColumnListQuery = Type.Object(pageQueryFields, { additionalProperties: false });

const columnName = Type.String({ maxLength: 1000, description: 'at most 60 characters' });
const doneFlag = Type.Boolean({ description: 'Items here count as done on the roadmap' });

export const ColumnCreate = Type.Object(
  { name: columnName, done: Type.Optional(doneFlag) },
  { additionalProperties: false, examples: [{ name: 'Review', done: false }] },
);
export type ColumnCreate = Static<typeof ColumnCreate>;

export const ColumnUpdate = Type.Object(
  {
    name: Type.Optional(
      Type.String({ maxLength: 1000, description: 'empty gives a starting column its preset name back' }),
    ),
    done: Type.Optional(doneFlag),
    archived: Type.Optional(
      Type.Boolean({ description: 'true archives (the column must be empty), false restores' }),
    ),
  },
  { additionalProperties: false, minProperties: 1, examples: [{ name: 'Shipped', done: true }] },
);
export type ColumnUpdate = Static<typeof ColumnUpdate>;

const neighbour = (description: string) =>
  Type.Optional(Type.Union([Type.String({ maxLength: 100, description }), Type.Null()]));

/** Where a column goes among the open columns of its board; the shape of an item's move, without `column`. */
export const ColumnMove = Type.Object(
  {
    after: neighbour('id of the open column it goes right of'),
    before: neighbour('id of the open column it goes left of'),
    position: Type.Optional(
      Type.Integer({ minimum: 0, maximum: BOARD_LIMITS.columns, description: '0 = leftmost' }),
    ),
  },
  { additionalProperties: false, examples: [{ after: '0193…' }, { position: 0 }] },
);
export type ColumnMove = Static<typeof ColumnMove>;

// The same caps as the domain's, so a long list is refused before its entries are read. The
// board's forms send links one a line and labels and assignees separated by commas.
const itemFields = {
  title: Type.String({ maxLength: 1000 }),
  body: Type.String({ maxLength: 40_000 }),
  links: Type.Array(Type.Union([LinkSchema, Type.String({ maxLength: 2048 })]), {
    maxItems: BOARD_LIMITS.links,
    'x-form': 'lines',
  }),
  assignees: Type.Array(Type.String({ maxLength: 200 }), {
    maxItems: BOARD_LIMITS.assignees,
    'x-form': 'commas',
  }),
  labels: Type.Array(Type.String({ maxLength: 200 }), { maxItems: BOARD_LIMITS.labels, 'x-form': 'commas' }),
  idea: Type.Union([IdeaReference, Type.Null()], { description: 'the linked idea; null unlinks' }),
};

export const ItemCreate = Type.Object(
  {
    title: itemFields.title,
    body: Type.Optional(itemFields.body),
    links: Type.Optional(itemFields.links),
    assignees: Type.Optional(itemFields.assignees),
    labels: Type.Optional(itemFields.labels),
    idea: Type.Optional(itemFields.idea),
    column: Type.Optional(Type.String({ maxLength: 100, description: 'id or preset of a column' })),
  },
  { additionalProperties: false },
);
export type ItemCreate = Static<typeof ItemCreate>;

/** Fields left out stay as they are. */
export const ItemUpdate = Type.Partial(Type.Object(itemFields), {
  additionalProperties: false,
  minProperties: 1,
});
export type ItemUpdate = Static<typeof ItemUpdate>;

/** Now, next or later; null gives the idea back the default of its status. */
export const HorizonChange = Type.Object(
  {
    horizon: Type.Union([Type.Enum([...HORIZONS]), Type.Null()], {
      description: 'null: back to the default (in progress → now, on the roadmap → next)',
    }),
  },
  { additionalProperties: false, examples: [{ horizon: 'later' }] },
);
export type HorizonChange = Static<typeof HorizonChange>;

/** `?dryRun=true` answers what an import would change and changes nothing. */
const dryRun = Type.Optional(
  Type.Union([Type.Literal('true'), Type.Literal('false')], {
    description: 'true: answer the plan, store nothing',
  }),
);

export const GithubImportQuery = Type.Object(
  { dryRun, lang: pageQueryFields.lang },
  { additionalProperties: false },
);

/**
 * The output of `gh project item-list N --owner ORG --format json`; `fields` may carry the
 * `fields` of `gh project field-list … --format json` (the order of the Status options), so
 * `jq -s '.[0] + .[1]' items.json fields.json` makes the body of both.
 */
export const GithubImport = Type.Object(
  {
    items: Type.Array(Type.Unknown(), { maxItems: MAX_IMPORT_ITEMS }),
    totalCount: Type.Optional(Type.Integer({ minimum: 0 })),
    fields: Type.Optional(Type.Array(Type.Unknown(), { maxItems: 1000 })),
  },
  {
    additionalProperties: false,
    examples: [
      {
        items: [
          {
            id: 'PVTI_lADOAB',
            content: { type: 'DraftIssue', title: 'Release notes', body: '' },
            status: 'In Progress',
          },
        ],
        totalCount: 1,
      },
    ],
  },
);
export type GithubImport = Static<typeof GithubImport>;

/**
 * The same import as the maintainers' form sends it: the export as an uploaded file (its size
 * bounded by the upload's limit, `MAX_IMPORT_BYTES` as the API's), the field list as pasted text.
 */
export const GithubImportUpload = Type.Object(
  {
    file: Type.String({ minLength: 1, 'x-form': 'file', 'x-message': 'error.importMissing' }),
    fields: Type.String({ maxLength: 200_000 }),
    dryRun: Type.Boolean(),
  },
  { additionalProperties: false },
);
export type GithubImportUpload = Static<typeof GithubImportUpload>;

/** What a planning page import may be told the page does not say, as the import form asks it. */
const pageOptions = {
  weekday: Type.Optional(
    Type.Union([Type.Integer({ minimum: 1, maximum: 7 }), Type.String({ pattern: '^[1-7]$' })], {
      description: 'ISO weekday 1 (Monday) – 7 of the meetings, when the page does not say',
    }),
  ),
  weekRule: Type.Optional(
    Type.Union([Type.Literal('every'), Type.Literal('odd'), Type.Literal('even')], {
      description: 'the weeks of the meetings, when the page does not say: every week, odd or even ISO weeks',
    }),
  ),
  startTime: Type.Optional(
    Type.String({
      pattern: '^([01][0-9]|2[0-3]):[0-5][0-9]$',
      description: 'local start HH:MM, when the page does not say',
    }),
  ),
  endTime: Type.Optional(
    Type.String({
      pattern: '^([01][0-9]|2[0-3]):[0-5][0-9]$',
      description: 'local end HH:MM, when the page does not say',
    }),
  ),
  timeZone: Type.Optional(
    Type.String({
      maxLength: 100,
      description: 'IANA zone of the times, when the page does not say',
    }),
  ),
};

export const PlanningPageImportQuery = Type.Object(
  {
    dryRun,
    ...pageOptions,
    lang: Type.Optional(
      Type.Union([Type.Literal('en'), Type.Literal('de')], {
        description: 'the language the page is written in (and of the answer); default en',
      }),
    ),
  },
  { additionalProperties: false },
);

/** The page as JSON, for clients that do not send `text/markdown`. */
export const PlanningPageImport = Type.Object(
  {
    markdown: Type.String({ maxLength: 1024 * 1024 }),
    ...pageOptions,
    lang: Type.Optional(Type.Union([Type.Literal('en'), Type.Literal('de')])),
  },
  { additionalProperties: false, examples: [{ markdown: '# Planning meetings\n…', weekday: 1 }] },
);
export type PlanningPageImport = Static<typeof PlanningPageImport>;

/**
 * The page as the maintainers' import form sends it: an uploaded file (bounded by the upload's
 * limit, one byte past `MAX_PAGE_BYTES`, so that the import refuses a larger one beside it) or
 * the pasted text, the options as typed (one the page does not need is ignored), and whether to
 * preview or apply.
 */
export const PlanningPageUpload = Type.Object(
  {
    file: Type.String({ 'x-form': 'file' }),
    text: Type.String(),
    weekday: Type.String(),
    weekRule: Type.String(),
    startTime: Type.String(),
    endTime: Type.String(),
    timeZone: Type.String(),
    lang: Type.String(),
    action: Type.String(),
  },
  { additionalProperties: false },
);
export type PlanningPageUpload = Static<typeof PlanningPageUpload>;

/** The export's options, as `/docs/planning.md` takes them. */
export const PlanningPageQuery = Type.Object(
  {
    lang: Type.Optional(Type.Union([Type.Literal('en'), Type.Literal('de')])),
    include: Type.Optional(Type.Literal('roadmap', { description: 'list roadmap ideas too' })),
  },
  { additionalProperties: false },
);

/** A board's own settings: the title, the group (left out: where it is). */
const boardGroup = Type.Union([Type.String({ maxLength: 100 }), Type.Null()], {
  description: 'The slug of the group; null or empty: no group',
});

/** A new board: its title and the group whose board it is (a lead's must be one they lead). */
export const BoardCreate = Type.Object(
  { title: Type.String({ maxLength: 1000 }), group: Type.Optional(boardGroup) },
  { additionalProperties: false, examples: [{ title: 'Docs board', group: 'sig-docs' }] },
);
export type BoardCreate = Static<typeof BoardCreate>;

export const BoardSettingsBody = Type.Object(
  {
    title: Type.Optional(Type.String({ maxLength: 1000 })),
    group: Type.Optional(boardGroup),
  },
  { additionalProperties: false, minProperties: 1 },
);

/** The settings form of a board: its fields and the version it was read at. */
export const BoardSettings = withVersion(BoardSettingsBody);

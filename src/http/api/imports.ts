import { Type } from 'typebox';
import type { App } from '../../app/app.js';
import type { ImportOptions, ImportPlan } from '../../app/page-import.js';
import { MAX_IMPORT_BYTES } from '../../domain/github-project.js';
import { MAX_PAGE_BYTES } from '../../domain/planning-page.js';
import { ScheduleQuestions } from '../../domain/schedule-reading.js';
import { translator } from '../../web/i18n/index.js';
import { assumptionText } from '../../web/import-plan-text.js';
import { foundSentence } from '../../web/schedule-found-text.js';
import { sendPlanningPage } from '../planning-page-reply.js';
import { describeError } from '../problem.js';
import {
  BoardParams,
  GithubImport,
  GithubImportQuery,
  PlanningPageImport,
  PlanningPageImportQuery,
  PlanningPageQuery,
} from '../schemas/board.js';
import { security } from './board/shapes.js';
import { apiPart } from './route-kinds.js';
import { type ApiServer, Problem } from './schemas.js';

const tags = ['imports'];
const refusals = { 400: Problem, 401: Problem, 403: Problem, 404: Problem, 413: Problem, 422: Problem };

const GithubReport = Type.Object({
  dryRun: Type.Boolean({ description: 'true: nothing was stored' }),
  board: Type.String({ description: 'slug of the board' }),
  columnsCreated: Type.Array(Type.String(), { description: 'columns the import adds, in board order' }),
  created: Type.Integer(),
  updated: Type.Integer(),
  unchanged: Type.Integer(),
  total: Type.Integer({ description: 'items in the export' }),
});

const changedFields = Type.Array(Type.String());
const PlanSchema = Type.Object({
  dryRun: Type.Boolean({ description: 'true: nothing was stored' }),
  unchanged: Type.Boolean({ description: 'applying changes nothing' }),
  series: Type.Object({
    action: Type.Union([Type.Literal('create'), Type.Literal('update'), Type.Literal('unchanged')]),
    title: Type.String(),
    fields: changedFields,
  }),
  board: Type.Union([Type.Literal('set'), Type.Literal('unchanged'), Type.Literal('none')]),
  texts: Type.Array(Type.String({ description: 'intro.en, disclaimer.de …' })),
  layout: Type.Union([Type.Literal('set'), Type.Literal('unchanged')]),
  ideas: Type.Object({
    create: Type.Array(Type.String()),
    update: Type.Array(Type.Object({ title: Type.String(), fields: changedFields })),
    unchanged: Type.Integer(),
    notOnPage: Type.Array(Type.String({ description: 'in the backlog, not on the page: left as they are' })),
  }),
  assumptions: Type.Array(
    Type.Object({
      key: Type.String(),
      message: Type.String({ description: 'what the import filled in, in the answer’s language' }),
    }),
  ),
});

/** The weekday as the form sends it (text) or JSON does (a number). */
const weekdayOf = (value: number | string | undefined) => (value === undefined ? undefined : Number(value));

/** Markdown bodies, read as text. */
function registerMarkdownBodies(server: ApiServer): void {
  // The page comes as it is written; only this plugin's routes read Markdown bodies.
  server.addContentTypeParser('text/markdown', { parseAs: 'string' }, (_request, body, done) =>
    done(null, body),
  );
}

/** `POST /boards/:id/import`: a GitHub Projects export. */
function registerGithubImport(server: ApiServer, app: App): void {
  server.post(
    '/boards/:id/import',
    {
      bodyLimit: MAX_IMPORT_BYTES,
      schema: {
        tags,
        security,
        summary: 'Import a GitHub Projects export into a board (maintainers; `?dryRun=true` stores nothing)',
        description:
          'The body is the output of `gh project item-list N --owner ORG --format json` (at most 20 MB, 413 beyond). The Status field becomes the column; statuses no column answers to become new columns; importing again updates the cards in place. All of it is stored in one transaction, or nothing (422 with the place of the first problem).',
        params: BoardParams,
        querystring: GithubImportQuery,
        body: GithubImport,
        response: { 200: GithubReport, ...refusals },
      },
    },
    async (request) => {
      const board = await app.board.board(request.params.id);
      const { items, totalCount, fields } = request.body;
      const dryRun = request.query.dryRun === 'true';
      const report = await app.githubImport.importItems(
        request.auth.actor,
        board.slug,
        JSON.stringify({ items, totalCount }),
        { fields: fields === undefined ? undefined : JSON.stringify({ fields }), dryRun },
      );
      return { dryRun, ...report };
    },
  );
}

/** `POST /imports/planning-page`. */
function registerPlanningPageImport(server: ApiServer, app: App): void {
  server.post(
    '/imports/planning-page',
    {
      bodyLimit: MAX_PAGE_BYTES,
      schema: {
        tags,
        security,
        summary: 'Import the public planning page (maintainers; `?dryRun=true` stores nothing)',
        description:
          'The body is the page as `text/markdown` (options in the query), or JSON `{ markdown, weekday?, weekRule?, startTime?, endTime?, timeZone?, lang? }`; at most 1 MB (413 beyond). The schedule is read from the page’s sentence (English or German) and from a table of dated meetings; what the page does not say is answered by `weekday`, `weekRule`, `startTime`, `endTime` and `timeZone`, and until it is the answer is 400 with what the page says as `detail` and one entry in `errors` per option to give (nothing is stored). `lang` is the language the page is written in. Answers the changes; without dryRun they are stored in one transaction, or nothing.',
        querystring: PlanningPageImportQuery,
        consumes: ['text/markdown', 'application/json'],
        body: Type.Union([Type.String({ description: 'the page, as text/markdown' }), PlanningPageImport]),
        response: { 200: PlanSchema, ...refusals },
      },
    },
    async (request, reply) => {
      const { query, body } = request;
      const json = typeof body === 'string' ? null : body;
      const given = json ?? query;
      const options: ImportOptions = {
        weekday: weekdayOf(given.weekday),
        weekRule: given.weekRule,
        startTime: given.startTime,
        endTime: given.endTime,
        timeZone: given.timeZone || undefined,
        lang: given.lang ?? 'en',
      };
      const markdown = json ? json.markdown : (body as string);
      const dryRun = query.dryRun === 'true';
      const t = translator(request.locale);
      let plan: ImportPlan;
      try {
        plan = dryRun
          ? await app.docs.previewImport(request.auth.actor, markdown, options)
          : await app.docs.importPage(request.auth.actor, markdown, options);
      } catch (err) {
        if (!(err instanceof ScheduleQuestions)) throw err;
        // The answer says what the page says of its schedule; `errors` names the options to give.
        const d = describeError(err, t);
        return reply
          .code(d.status)
          .type('application/problem+json; charset=utf-8')
          .send({
            type: d.type,
            title: d.title,
            status: d.status,
            detail: foundSentence(err.reading, t, request.locale),
            instance: request.url,
            errors: d.fields,
          });
      }
      return {
        ...plan,
        dryRun,
        assumptions: plan.assumptions.map((a) => ({
          key: a.key,
          message: assumptionText(a, t, request.locale),
        })),
      };
    },
  );
}

/** `GET /planning-page`: the page as Markdown. */
function registerPlanningPageExport(server: ApiServer, app: App): void {
  server.get(
    '/planning-page',
    {
      schema: {
        tags,
        summary: 'The public planning page as Markdown (what /docs/planning.md serves)',
        description:
          '`lang` picks the language, `include=roadmap` lists the roadmap ideas too. Answers 304 to the ETag it gave while nothing changed.',
        querystring: PlanningPageQuery,
        produces: ['text/markdown'],
        response: { 200: Type.String({ description: 'Markdown' }), 400: Problem },
      },
    },
    async (request, reply) => sendPlanningPage(app, request, reply, request.query.include === 'roadmap'),
  );
}

/** Imports (GitHub Projects into a board, the planning page into the hub) and the page's export. */
export const importApiRoutes = apiPart(
  registerMarkdownBodies,
  registerGithubImport,
  registerPlanningPageImport,
  registerPlanningPageExport,
);

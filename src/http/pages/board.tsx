import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import type { App } from '../../app/app.js';
import type { GithubImportReport } from '../../app/github-import.js';
import type { BoardItem } from '../../domain/board.js';
import { ConflictError, ValidationError } from '../../domain/errors.js';
import { authorize } from '../../domain/policy.js';
import { boardPath } from '../../web/components/board-card.js';
import type { FieldErrors } from '../../web/components/form.js';
import { type BoardFormState, BoardPage, type ItemFormValues } from '../../web/pages/board.js';
import { BoardImportPage, type BoardImportValues } from '../../web/pages/board-import.js';
import { ItemEditPage, itemFormValues } from '../../web/pages/board-item.js';
import { RoadmapPage } from '../../web/pages/roadmap.js';
import type { LiveStreams } from '../live-stream.js';
import { HttpError } from '../problem.js';
import { BoardParams, ColumnCreate, ColumnParams } from '../schemas/board.js';
import { attemptForm, formRoute, pageParams, type Refusal } from './form-route.js';
import { FormFields, type PageKit, safeNext } from './kit.js';

const boardOf = pageParams(BoardParams);
/** A column or a card: both are named by an id. */
const idOf = pageParams(ColumnParams);
const ideaOf = pageParams(Type.Object({ idea: Type.String({ maxLength: 200 }) }));

const ITEM_FIELDS = ['title', 'column', 'body', 'links', 'labels', 'assignees', 'idea'] as const;

function itemValues(fields: FormFields): ItemFormValues {
  return Object.fromEntries(ITEM_FIELDS.map((n) => [n, fields.get(n)])) as unknown as ItemFormValues;
}

/** The planning board, its item and column forms, the roadmap and the GitHub Projects import. */
export function boardPageRoutes(app: App, kit: PageKit, live: LiveStreams) {
  const boardPage = async (
    request: FastifyRequest,
    reply: FastifyReply,
    ref: string,
    state: BoardFormState | null = null,
    status = 200,
  ) => {
    // The stream's cursor is taken before the data (see the meeting page).
    const since = live.cursor(await app.live.boardChannel(ref));
    const view = await app.board.view(ref);
    return kit.render(request, reply, BoardPage, { view, state, liveSince: since }, status);
  };

  /** The version field of a small form; a form without one is refused before anything happens. */
  const versionOf = (fields: FormFields) => {
    const version = fields.int('version');
    if (Number.isNaN(version)) throw new ValidationError([{ field: 'version', key: 'error.badVersion' }]);
    return version;
  };

  return async (server: FastifyInstance) => {
    server.get('/board', (request, reply) => boardPage(request, reply, 'default'));
    // Live updates of a board page: as public as the page.
    server.get('/board/events', async (request, reply) =>
      live.send(request, reply, await app.live.boardChannel('default')),
    );
    server.get('/boards/:id/events', async (request, reply) =>
      live.send(request, reply, await app.live.boardChannel(boardOf(request).id)),
    );
    server.get('/boards/:id', (request, reply) => boardPage(request, reply, boardOf(request).id));

    server.post(
      '/boards/:id/items',
      kit.once(async (request, reply) => {
        const { id } = boardOf(request);
        authorize(request.auth.actor, 'board.edit');
        const fields = new FormFields(request.body);
        const values = itemValues(fields);
        const again = ({ errors, message, status }: Refusal) =>
          boardPage(request, reply, id, { form: 'item', values: { ...values }, errors, message }, status);
        return attemptForm(kit, request, fields, again, async () => {
          const item = await app.board.addItem(request.auth.actor, id, { ...values });
          const view = await app.board.view(item.boardId);
          return kit.redirect(reply, `${boardPath(view.board)}#item-${item.id}`, 'board.itemAdded');
        });
      }),
    );

    server.post(
      '/boards/:id/columns',
      kit.once(
        formRoute(kit, {
          action: 'board.edit',
          params: BoardParams,
          body: ColumnCreate,
          run: async (request, reply, { params, body }) => {
            const column = await app.board.addColumn(request.auth.actor, params.id, body);
            const view = await app.board.view(column.boardId);
            return kit.redirect(reply, `${boardPath(view.board)}#column-${column.id}`, 'board.columnAdded');
          },
          again: (request, reply, { params, values, errors, message, status }) =>
            boardPage(request, reply, params.id, { form: 'column', values, errors, message }, status),
        }),
      ),
    );

    /** A form that edits one column or card (board.edit): whose it is, its fields, the version it was read at. */
    const editForm = (request: FastifyRequest) => {
      const { id } = idOf(request);
      authorize(request.auth.actor, 'board.edit');
      const fields = new FormFields(request.body);
      if (!kit.csrfOk(request, fields)) throw new HttpError(403, 'error.csrf');
      return { id, fields, version: versionOf(fields) };
    };

    /** Rename, flag done, move left or right, archive or restore; back to the board. */
    server.post('/columns/:id', async (request, reply) => {
      const { id, fields, version } = editForm(request);
      const actor = request.auth.actor;
      const action = fields.get('action');
      let column: { id: string };
      if (action === 'left' || action === 'right')
        column = await app.board.stepColumn(actor, id, version, action);
      else if (action === 'archive')
        column = await app.board.updateColumn(actor, id, version, { archived: true });
      else if (action === 'restore')
        column = await app.board.updateColumn(actor, id, version, { archived: false });
      else if (action === 'save' || action === '')
        column = await app.board.updateColumn(actor, id, version, {
          name: fields.get('name'),
          done: fields.get('done') === 'true',
        });
      else throw new ValidationError([{ field: 'action', key: 'error.badValue' }]);
      return kit.redirect(
        reply,
        `${safeNext(fields.get('next'), '/board')}#column-${column.id}`,
        'board.columnSaved',
      );
    });

    /** The arrows (direction) and the "Move to" menu (column) of a card. */
    server.post('/items/:id/move', async (request, reply) => {
      const { id, fields, version } = editForm(request);
      const direction = fields.get('direction');
      const item: BoardItem =
        direction !== ''
          ? await app.board.stepItem(request.auth.actor, id, version, direction)
          : await app.board.moveItem(request.auth.actor, id, version, {
              column: fields.get('column'),
              position: fields.get('position'),
            });
      return kit.redirect(
        reply,
        `${safeNext(fields.get('next'), '/board')}#item-${item.id}`,
        'board.itemMoved',
      );
    });

    const editPage = async (
      request: FastifyRequest,
      reply: FastifyReply,
      item: BoardItem,
      extra: {
        values?: ItemFormValues;
        version?: number;
        errors?: FieldErrors;
        message?: string | null;
        status?: number;
        nominateRefused?: { message: string; errors: FieldErrors };
      } = {},
    ) => {
      const view = await app.board.view(item.boardId);
      const series = (await app.meetings.list()).map((s) => ({ slug: s.slug, title: s.title }));
      return kit.render(
        request,
        reply,
        ItemEditPage,
        {
          item,
          boardSlug: view.board.slug,
          values: extra.values ?? itemFormValues(item),
          version: extra.version ?? item.version,
          errors: extra.errors ?? {},
          message: extra.message ?? null,
          nominate: {
            series,
            message: extra.nominateRefused?.message ?? null,
            errors: extra.nominateRefused?.errors ?? {},
          },
        },
        extra.status ?? 200,
      );
    };

    server.post('/items/:id/nominate', async (request, reply) => {
      // The use-case's own rule, asked first: the refusal below shows the card's edit page.
      await app.agenda.authorizeNomination(request.auth.actor, 'item');
      const item = await app.board.item(idOf(request).id);
      const fields = new FormFields(request.body);
      const refused = ({ message, errors, status }: Refusal) =>
        editPage(request, reply, item, { nominateRefused: { message, errors }, status });
      return attemptForm(kit, request, fields, refused, async () => {
        const topic = await app.agenda.nominateItem(request.auth.actor, item.id, fields.get('series'));
        const series = (await app.meetings.list()).find((s) => s.id === topic.seriesId);
        return kit.redirect(
          reply,
          series
            ? `/meetings/${series.slug}/${topic.occurrence}#topic-${topic.id}`
            : `/items/${item.id}/edit`,
          'nominate.done',
        );
      });
    });

    server.get('/items/:id/edit', async (request, reply) => {
      authorize(request.auth.actor, 'board.edit');
      return editPage(request, reply, await app.board.item(idOf(request).id));
    });

    server.post('/items/:id/edit', async (request, reply) => {
      authorize(request.auth.actor, 'board.edit');
      const item = await app.board.item(idOf(request).id);
      const fields = new FormFields(request.body);
      const values = itemValues(fields);
      const version = fields.int('version');
      if (!kit.csrfOk(request, fields))
        return editPage(request, reply, item, { values, message: kit.t(request)('error.csrf'), status: 403 });
      try {
        if (Number.isNaN(version)) throw new ValidationError([{ field: 'version', key: 'error.badVersion' }]);
        const { column: _column, ...input } = values;
        const saved = await app.board.updateItem(request.auth.actor, item.id, version, input);
        const view = await app.board.view(saved.boardId);
        return kit.redirect(reply, `${boardPath(view.board)}#item-${saved.id}`, 'board.itemSaved');
      } catch (err) {
        if (err instanceof ConflictError) {
          // What was typed stays; the form now carries the version it would overwrite.
          const current = err.current as BoardItem;
          return editPage(request, reply, current, {
            values,
            version: current.version,
            message: kit.t(request)('board.conflict'),
            status: 409,
          });
        }
        const problem = kit.formProblem(request, err);
        if (!problem) throw err;
        return editPage(request, reply, item, {
          values,
          errors: problem.errors,
          message: problem.message,
          status: problem.status,
        });
      }
    });

    server.get('/roadmap', async (request, reply) => {
      const groups = await app.roadmap.view(request.locale);
      return kit.render(request, reply, RoadmapPage, { groups });
    });

    server.post('/roadmap/:idea', async (request, reply) => {
      const { idea } = ideaOf(request);
      authorize(request.auth.actor, 'roadmap.edit');
      const fields = new FormFields(request.body);
      if (!kit.csrfOk(request, fields)) throw new HttpError(403, 'error.csrf');
      await app.roadmap.setHorizon(request.auth.actor, idea, versionOf(fields), fields.get('horizon'));
      return kit.redirect(reply, `/roadmap#idea-${idea}`, 'roadmap.saved');
    });

    const importPage = (
      request: FastifyRequest,
      reply: FastifyReply,
      slug: string,
      values: BoardImportValues,
      extra: {
        errors?: FieldErrors;
        message?: string | null;
        preview?: GithubImportReport | null;
        done?: GithubImportReport | null;
        status?: number;
      } = {},
    ) =>
      kit.render(
        request,
        reply,
        BoardImportPage,
        {
          boardSlug: slug,
          values,
          errors: extra.errors ?? {},
          message: extra.message ?? null,
          preview: extra.preview ?? null,
          done: extra.done ?? null,
        },
        extra.status ?? 200,
      );

    server.get('/boards/:id/import', async (request, reply) => {
      authorize(request.auth.actor, 'github.import');
      const { board } = await app.board.view(boardOf(request).id);
      return importPage(request, reply, board.slug, { fields: '', dryRun: true });
    });

    server.post('/boards/:id/import', async (request, reply) => {
      authorize(request.auth.actor, 'github.import');
      const { board } = await app.board.view(boardOf(request).id);
      const fields = new FormFields(request.body);
      const values: BoardImportValues = {
        fields: fields.get('fields'),
        dryRun: fields.get('dryRun') === 'true',
      };
      const again = async ({ errors, message, status }: Refusal) =>
        importPage(request, reply, board.slug, values, {
          // A refusal of the file itself is shown at the file field.
          errors: Object.keys(errors).length > 0 || status === 403 ? errors : { file: [message] },
          message,
          status,
        });
      return attemptForm(kit, request, fields, again, async () => {
        const file = fields.file('file');
        if (!file) throw new ValidationError([{ field: 'file', key: 'error.importMissing' }]);
        const report = await app.githubImport.importItems(
          request.auth.actor,
          board.slug,
          file.toString('utf8'),
          {
            fields: values.fields.trim() === '' ? undefined : values.fields,
            dryRun: values.dryRun,
          },
        );
        return importPage(
          request,
          reply,
          board.slug,
          values,
          values.dryRun ? { preview: report } : { done: report },
        );
      });
    });
  };
}

import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Static, TObject } from 'typebox';
import type { App } from '../../app/app.js';
import type { BoardItem } from '../../domain/board.js';
import { ConflictError } from '../../domain/errors.js';
import { authorize, authorizeAttempt } from '../../domain/policy.js';
import type { Actor } from '../../domain/roles.js';
import { boardPath } from '../../web/components/board-card.js';
import type { FieldErrors } from '../../web/components/form.js';
import { type BoardFormState, emptyItemForm, type ItemFormValues } from '../../web/pages/board.js';
import { ItemEditPage, itemFormValues } from '../../web/pages/board-item.js';
import { Nomination } from '../schemas/agenda.js';
import { BoardParams, ColumnParams, ItemCreate, ItemUpdate } from '../schemas/board.js';
import { withVersion } from '../schemas/meetings.js';
import { formRoute, pageParams } from './form-route.js';
import type { PageKit } from './kit.js';

/** Shows a board (by id or slug), with a refused form filled in as typed. */
export type BoardPage = (
  request: FastifyRequest,
  reply: FastifyReply,
  ref: string,
  state?: BoardFormState | null,
  status?: number,
) => Promise<FastifyReply>;

/** A card: named by its id, as a column is. */
const idOf = pageParams(ColumnParams);

/** What a card's edit page shows besides the card: the form as typed, a refusal. */
interface EditState {
  values?: ItemFormValues;
  version?: number;
  errors?: FieldErrors;
  message?: string | null;
  status?: number;
  nominateRefused?: { message: string; errors: FieldErrors };
}

/** The form as typed, for a page that shows it again: a field the form did not send is empty. */
const typed = (values: Record<string, string>): ItemFormValues => ({ ...emptyItemForm(), ...values });

function itemEditPage(app: App, kit: PageKit) {
  return async (request: FastifyRequest, reply: FastifyReply, item: BoardItem, state: EditState = {}) => {
    const view = await app.board.view(item.boardId);
    const series = (await app.meetings.list()).map((s) => ({ slug: s.slug, title: s.title }));
    return kit.render(
      request,
      reply,
      ItemEditPage,
      {
        item,
        boardSlug: view.board.slug,
        values: state.values ?? itemFormValues(item),
        version: state.version ?? item.version,
        errors: state.errors ?? {},
        message: state.message ?? null,
        nominate: {
          series,
          message: state.nominateRefused?.message ?? null,
          errors: state.nominateRefused?.errors ?? {},
        },
      },
      state.status ?? 200,
    );
  };
}

/**
 * A new card or column from the board's own forms: the board at what was added, or the board
 * again with the form refused as typed.
 */
export function boardAddRoute<B extends TObject>(
  app: App,
  kit: PageKit,
  boardPage: BoardPage,
  form: BoardFormState['form'],
  body: B,
  add: (actor: Actor, boardId: string, body: Static<B>) => Promise<{ id: string; boardId: string }>,
) {
  return kit.once(
    formRoute(kit, {
      action: 'board.edit',
      params: BoardParams,
      body,
      run: async (request, reply, { params, body }) => {
        const added = await add(request.auth.actor, params.id, body);
        const view = await app.board.view(added.boardId);
        return kit.redirect(reply, `${boardPath(view.board)}#${form}-${added.id}`, `board.${form}Added`);
      },
      again: (request, reply, { params, values, errors, message, status }) =>
        boardPage(request, reply, params.id, { form, values, errors, message }, status),
    }),
  );
}

/** A card's edit form: every field is sent, so one left empty clears what it held. */
function editItemRoute(app: App, kit: PageKit) {
  const editPage = itemEditPage(app, kit);
  return formRoute(kit, {
    action: 'board.edit',
    params: ColumnParams,
    body: withVersion(ItemUpdate),
    run: async (request, reply, { params, body: { version, ...input } }) => {
      const saved = await app.board.updateItem(request.auth.actor, params.id, version, {
        body: '',
        idea: null,
        ...input,
      });
      const view = await app.board.view(saved.boardId);
      return kit.redirect(reply, `${boardPath(view.board)}#item-${saved.id}`, 'board.itemSaved');
    },
    again: async (request, reply, { params, values, errors, message, status, cause }) => {
      if (cause instanceof ConflictError) {
        // What was typed stays; the form now carries the version it would overwrite.
        const current = cause.current as BoardItem;
        return editPage(request, reply, current, {
          values: typed(values),
          version: current.version,
          message: kit.t(request)('board.conflict'),
          status: 409,
        });
      }
      const item = await app.board.item(params.id);
      return editPage(request, reply, item, { values: typed(values), errors, message, status });
    },
  });
}

/** A card put on the agenda of a series' next meeting; a refusal shows the card's edit page. */
function nominateItemRoute(app: App, kit: PageKit) {
  const editPage = itemEditPage(app, kit);
  return formRoute(kit, {
    // The use-case's own rule, asked first.
    authorize: (request) => app.agenda.authorizeNomination(request.auth.actor, 'item'),
    params: ColumnParams,
    body: Nomination,
    run: async (request, reply, { params, body }) => {
      const topic = await app.agenda.nominateItem(request.auth.actor, params.id, body.series);
      const series = (await app.meetings.list()).find((s) => s.id === topic.seriesId);
      return kit.redirect(
        reply,
        series
          ? `/meetings/${series.slug}/${topic.occurrence}#topic-${topic.id}`
          : `/items/${params.id}/edit`,
        'nominate.done',
      );
    },
    again: async (request, reply, { params, errors, message, status }) =>
      editPage(request, reply, await app.board.item(params.id), {
        nominateRefused: { message, errors },
        status,
      }),
  });
}

/** A board's cards: adding one, its edit page and form, and its nomination for a meeting. */
export function itemRoutes(app: App, kit: PageKit, boardPage: BoardPage) {
  const editPage = itemEditPage(app, kit);
  return (server: FastifyInstance) => {
    server.post(
      '/boards/:id/items',
      boardAddRoute(app, kit, boardPage, 'item', ItemCreate, app.board.addItem),
    );
    server.get('/items/:id/edit', async (request, reply) => {
      // Refused before anything is read when no lead could be allowed; then with the leads of
      // the group the card's board belongs to.
      authorizeAttempt(request.auth.actor, 'board.edit');
      const item = await app.board.item(idOf(request).id);
      const board = await app.board.board(item.boardId);
      authorize(request.auth.actor, 'board.edit', { groupLeads: await app.groups.leadIds(board.groupId) });
      return editPage(request, reply, item);
    });
    server.post('/items/:id/edit', editItemRoute(app, kit));
    server.post('/items/:id/nominate', nominateItemRoute(app, kit));
  };
}

import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { App } from '../../app/app.js';
import type { BoardItem } from '../../domain/board.js';
import { ValidationError } from '../../domain/errors.js';
import { BoardPage as BoardPageView } from '../../web/pages/board.js';
import type { LiveStreams } from '../live-stream.js';
import { BoardParams, ColumnCreate, ColumnParams } from '../schemas/board.js';
import { uploadRoutes } from '../uploads.js';
import { importRoutes, roadmapRoutes } from './board-import.js';
import { type BoardPage, boardAddRoute, itemRoutes } from './board-items.js';
import { boardSettingsRoutes } from './board-settings.js';
import { pageParams, smallForm } from './form-route.js';
import { type PageKit, safeNext } from './kit.js';

const boardOf = pageParams(BoardParams);
/** A column or a card: both are named by an id. */
const idOf = pageParams(ColumnParams);

function boardPageOf(app: App, kit: PageKit, live: LiveStreams): BoardPage {
  return async (request, reply, ref, state = null, status = 200) => {
    // The stream's cursor is taken before the data (see the meeting page).
    const since = live.cursor(await app.live.boardChannel(ref));
    const view = await app.board.view(ref);
    const following = await app.follows.isFollowing(request.auth.actor, { kind: 'board', id: view.board.id });
    const groupLeads = await app.groups.leadIds(view.board.groupId);
    const mayCreate = await app.groups.mayCreate(request.auth.actor, 'board.edit');
    return kit.render(
      request,
      reply,
      BoardPageView,
      { view, state, liveSince: since, following, groupLeads, mayCreate },
      status,
    );
  };
}

/** A board's page and the stream that keeps it current: as public as the page. */
function viewRoutes(app: App, live: LiveStreams, boardPage: BoardPage) {
  return (server: FastifyInstance) => {
    server.get('/board', (request, reply) => boardPage(request, reply, 'default'));
    server.get('/board/events', async (request, reply) =>
      live.send(request, reply, await app.live.boardChannel('default')),
    );
    server.get('/boards/:id/events', async (request, reply) =>
      live.send(request, reply, await app.live.boardChannel(boardOf(request).id)),
    );
    server.get('/boards/:id', (request, reply) => boardPage(request, reply, boardOf(request).id));
  };
}

/**
 * A small form that edits one column or card (board.edit) from the board: whose it is, its
 * fields, the version it was read at. A refusal is the error page's.
 */
function editForm(kit: PageKit, request: FastifyRequest) {
  const { id } = idOf(request);
  return { id, ...smallForm(kit, request, 'board.edit') };
}

/** A new column, and the buttons of one: rename, flag done, move left or right, archive or restore. */
function columnRoutes(app: App, kit: PageKit, boardPage: BoardPage) {
  return (server: FastifyInstance) => {
    const addColumn = boardAddRoute(app, kit, boardPage, 'column', ColumnCreate, app.board.addColumn);
    server.post('/boards/:id/columns', addColumn);

    server.post('/columns/:id', async (request, reply) => {
      const { id, fields, version } = editForm(kit, request);
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
  };
}

/**
 * A card's "Move" menu: `to` is up, down, left, right or a column's id. The arrows' `direction`
 * and the older "Move to" menu's `column` are still understood, for forms already open.
 */
function moveRoute(app: App, kit: PageKit) {
  return (server: FastifyInstance) => {
    server.post('/items/:id/move', async (request, reply) => {
      const { id, fields, version } = editForm(kit, request);
      const actor = request.auth.actor;
      const to = fields.get('to');
      const direction = fields.get('direction');
      const item: BoardItem =
        to !== ''
          ? await app.board.moveItem(actor, id, version, { to })
          : direction !== ''
            ? await app.board.stepItem(actor, id, version, direction)
            : await app.board.moveItem(actor, id, version, {
                column: fields.get('column'),
                position: fields.get('position'),
              });
      return kit.redirect(
        reply,
        `${safeNext(fields.get('next'), '/board')}#item-${item.id}`,
        'board.itemMoved',
      );
    });
  };
}

/** The planning board, its item and column forms, the roadmap and the GitHub Projects import. */
export function boardPageRoutes(app: App, kit: PageKit, live: LiveStreams) {
  const boardPage = boardPageOf(app, kit, live);
  return async (server: FastifyInstance) => {
    viewRoutes(app, live, boardPage)(server);
    columnRoutes(app, kit, boardPage)(server);
    moveRoute(app, kit)(server);
    itemRoutes(app, kit, boardPage)(server);
    roadmapRoutes(app, kit)(server);
    await server.register(uploadRoutes(importRoutes(app, kit)));
    boardSettingsRoutes(app, kit)(server);
  };
}

import { Type } from 'typebox';
import type { App } from '../../../app/app.js';
import type { Config } from '../../../config.js';
import { headerSafe } from '../../pages/kit.js';
import { BoardCreate, BoardParams, BoardSettingsBody } from '../../schemas/board.js';
import { sendUpdate } from '../if-match.js';
import { type ApiServer, bearerWrite, GroupQuery, Problem } from '../schemas.js';
import { BoardSchema, ColumnSchema, ItemSchema, presentBoard, presentView } from './shapes.js';

const tags = ['board'];

/** `GET /boards` and `POST /boards`. */
export function registerBoardList(server: ApiServer, app: App, config: Config): void {
  server.get(
    '/boards',
    {
      schema: {
        tags,
        summary: 'All boards (the default one first, even before anything was put on it), or a group’s',
        querystring: GroupQuery,
        response: {
          200: Type.Object({ items: Type.Array(BoardSchema), nextCursor: Type.Null() }),
          400: Problem,
        },
      },
    },
    async (request) => ({
      items: (await app.board.boards(request.query.group)).map(presentBoard),
      nextCursor: null,
    }),
  );

  server.post(
    '/boards',
    {
      schema: bearerWrite(
        {
          tags,
          summary:
            'Create a board with the columns Todo, In progress and Done, in a group or none (maintainers; a group’s leads in their group)',
          body: BoardCreate,
        },
        { 201: BoardSchema },
      ),
    },
    async (request, reply) => {
      const board = await app.board.createBoard(request.auth.actor, request.body);
      return reply
        .code(201)
        .header('location', headerSafe(`${config.basePath}/api/v1/boards/${board.slug}`))
        .send(presentBoard(board));
    },
  );
}

/** `GET /boards/:id`: the whole board, as its page shows it. */
export function registerBoardView(server: ApiServer, app: App): void {
  server.get(
    '/boards/:id',
    {
      schema: {
        tags,
        summary: 'A board with its columns in order and each column’s items in order',
        params: BoardParams,
        response: {
          200: Type.Intersect([
            BoardSchema,
            Type.Object({
              columns: Type.Array(
                Type.Intersect([ColumnSchema, Type.Object({ items: Type.Array(ItemSchema) })]),
              ),
            }),
          ]),
          400: Problem,
          404: Problem,
        },
      },
    },
    async (request) => presentView(await app.board.view(request.params.id)),
  );
}

/** `PATCH /boards/:id`: the board's title and group, as its settings form changes them. */
export function registerBoardEdit(server: ApiServer, app: App): void {
  server.patch(
    '/boards/:id',
    {
      schema: bearerWrite(
        {
          tags,
          summary:
            'Rename a board, or move it into a group (maintainers; a group’s leads); send the ETag as If-Match',
          params: BoardParams,
          headers: Type.Object({ 'if-match': Type.Optional(Type.String()) }),
          body: BoardSettingsBody,
        },
        { 200: BoardSchema },
      ),
    },
    async (request, reply) =>
      sendUpdate(
        reply,
        request.headers['if-match'],
        () => app.board.board(request.params.id),
        async (version) => {
          const input = { title: request.body.title, group: request.body.group };
          return app.board.updateBoard(request.auth.actor, request.params.id, version, input);
        },
        presentBoard,
      ),
  );
}

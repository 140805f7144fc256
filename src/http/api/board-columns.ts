import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply } from 'fastify';
import { type TSchema, Type } from 'typebox';
import type { App } from '../../app/app.js';
import type { Config } from '../../config.js';
import type { BoardColumn } from '../../domain/board.js';
import { headerSafe } from '../pages/kit.js';
import {
  BoardParams,
  ColumnCreate,
  ColumnListQuery,
  ColumnMove,
  ColumnParams,
  ColumnUpdate,
} from '../schemas/board.js';
import { ColumnSchema, IfMatch, Nullable, presentColumn, problems, security } from './board.js';
import { versionFromIfMatch } from './if-match.js';
import { Problem } from './schemas.js';

const tags = ['columns'];

/** An update of one column: named by its id, If-Match required, the column as it is now answered. */
const versioned = <B extends TSchema>(summary: string, description: string, body: B) => ({
  tags,
  security,
  summary,
  description,
  params: ColumnParams,
  headers: IfMatch,
  body,
  response: { 200: ColumnSchema, ...problems },
});

/** The columns of a board: read publicly, written by maintainers (policy action `board.edit`). */
export function boardColumnApiRoutes(app: App, config: Config): FastifyPluginAsyncTypebox {
  const send = (reply: FastifyReply, column: BoardColumn) =>
    reply.header('etag', `"${column.version}"`).send(presentColumn(column));
  /** The version If-Match names; `*` reads the current one (404 for an unknown column). */
  const versionOf = (id: string, header: string | undefined) =>
    versionFromIfMatch(header, async () => (await app.board.column(id)).version);

  return async (server) => {
    server.get(
      '/boards/:id/columns',
      {
        schema: {
          tags,
          summary: 'A board’s columns in board order, the archived ones included',
          description:
            'Before its first write the default board shows its starting columns, whose ids are their presets (todo, in_progress, done) and whose version is 0.',
          params: BoardParams,
          querystring: ColumnListQuery,
          response: {
            200: Type.Object({ items: Type.Array(ColumnSchema), nextCursor: Nullable(Type.String()) }),
            400: Problem,
            404: Problem,
          },
        },
      },
      async (request) => {
        const page = await app.board.columnPage(request.params.id, {
          cursor: request.query.cursor,
          limit: request.query.limit ? Number(request.query.limit) : 100,
        });
        return { items: page.items.map(presentColumn), nextCursor: page.nextCursor };
      },
    );

    server.post(
      '/boards/:id/columns',
      {
        schema: {
          tags,
          security,
          summary: 'Add a column at the right end of a board (maintainers)',
          description:
            'A board has at most 20 open columns (422 beyond). The default board is created by its first column.',
          params: BoardParams,
          body: ColumnCreate,
          response: { 201: ColumnSchema, ...problems },
        },
      },
      async (request, reply) => {
        const column = await app.board.addColumn(request.auth.actor, request.params.id, request.body);
        reply.code(201).header('location', headerSafe(`${config.basePath}/api/v1/columns/${column.id}`));
        return send(reply, column);
      },
    );

    server.get(
      '/columns/:id',
      {
        schema: {
          tags,
          summary: 'One column',
          params: ColumnParams,
          response: { 200: ColumnSchema, 404: Problem },
        },
      },
      async (request, reply) => send(reply, await app.board.column(request.params.id)),
    );

    server.patch(
      '/columns/:id',
      {
        schema: versioned(
          'Rename a column, flag it done, archive or restore it (maintainers); If-Match required',
          'Columns are never deleted: archiving (`archived: true`, only while the column is empty) takes one off the board, and `archived: false` brings it back. Fields left out stay as they are; a stale version gets 409 with the current column.',
          ColumnUpdate,
        ),
      },
      async (request, reply) => {
        const { id } = request.params;
        const version = await versionOf(id, request.headers['if-match']);
        return send(reply, await app.board.updateColumn(request.auth.actor, id, version, request.body));
      },
    );

    server.post(
      '/columns/:id/move',
      {
        schema: versioned(
          'Move a column among the open columns of its board (maintainers); If-Match required',
          'Place it right of (`after`) or left of (`before`) another open column, or at an index (0 = leftmost); with none of them at the right end. Only the moved column is written.',
          ColumnMove,
        ),
      },
      async (request, reply) =>
        send(
          reply,
          await app.board.moveColumn(
            request.auth.actor,
            request.params.id,
            await versionOf(request.params.id, request.headers['if-match']),
            request.body,
          ),
        ),
    );
  };
}

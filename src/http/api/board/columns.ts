import { type TSchema, Type } from 'typebox';
import type { App } from '../../../app/app.js';
import type { Config } from '../../../config.js';
import { headerSafe } from '../../pages/kit.js';
import {
  BoardParams,
  ColumnCreate,
  ColumnListQuery,
  ColumnMove,
  ColumnParams,
  ColumnUpdate,
} from '../../schemas/board.js';
import { createdRoute, versionedRead, versionedUpdate } from '../if-match.js';
import { type ApiServer, bearerWrite, Problem } from '../schemas.js';
import { ColumnSchema, IfMatch, Nullable, presentColumn, problems, security } from './shapes.js';

/** The columns of a board: read publicly, written by maintainers (policy action `board.edit`). */

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

/** `GET /boards/:id/columns` and `POST /boards/:id/columns`. */
export function registerColumnList(server: ApiServer, app: App, config: Config): void {
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

  createdRoute(
    server,
    {
      url: '/boards/:id/columns',
      schema: bearerWrite(
        {
          tags,
          summary: 'Add a column at the right end of a board (maintainers)',
          description:
            'A board has at most 20 open columns (422 beyond). The default board is created by its first column.',
          params: BoardParams,
          body: ColumnCreate,
        },
        { 201: ColumnSchema },
      ),
    },
    app.board.addColumn,
    {
      place: (column) => headerSafe(`${config.basePath}/api/v1/columns/${column.id}`),
      present: presentColumn,
    },
  );
}

/** `GET /columns/:id` with its ETag. */
export function registerColumnRead(server: ApiServer, app: App): void {
  const response = { 200: ColumnSchema, 404: Problem };
  const about = { tags, summary: 'One column', params: ColumnParams, response };
  versionedRead(server, '/columns/:id', about, app.board.column, presentColumn);
}

/** `PATCH /columns/:id` and `POST /columns/:id/move`, both by If-Match. */
export function registerColumnUpdates(server: ApiServer, app: App): void {
  const column = { read: app.board.column, present: presentColumn };
  const schema = versioned(
    'Rename a column, flag it done, archive or restore it (maintainers); If-Match required',
    'Columns are never deleted: archiving (`archived: true`, only while the column is empty) takes one off the board, and `archived: false` brings it back. Fields left out stay as they are; a stale version gets 409 with the current column.',
    ColumnUpdate,
  );
  versionedUpdate(server, { method: 'PATCH', url: '/columns/:id', schema }, column, app.board.updateColumn);
  const move = versioned(
    'Move a column among the open columns of its board (maintainers); If-Match required',
    'Place it right of (`after`) or left of (`before`) another open column, or at an index (0 = leftmost); with none of them at the right end. Only the moved column is written.',
    ColumnMove,
  );
  versionedUpdate(
    server,
    { method: 'POST', url: '/columns/:id/move', schema: move },
    column,
    app.board.moveColumn,
  );
}

import { Type } from 'typebox';
import type { App } from '../../../app/app.js';
import type { Config } from '../../../config.js';
import { BoardParams, ItemCreate, ItemUpdate } from '../../schemas/board.js';
import { pageQueryFields } from '../../schemas/paging.js';
import { ITEM_EXAMPLE, MOVE_EXAMPLE, withExample } from '../examples.js';
import { createdRoute, versionedRead, versionedUpdate } from '../if-match.js';
import { type ApiServer, bearerWrite, Problem } from '../schemas.js';
import { IfMatch, ItemParams, ItemSchema, Nullable, presentItem } from './shapes.js';

const tags = ['board'];

/** `GET /boards/:id/items`: a page at a time. */
export function registerItemList(server: ApiServer, app: App): void {
  server.get(
    '/boards/:id/items',
    {
      schema: {
        tags,
        summary: 'A board’s items, a page at a time (in id order; use the board for the display order)',
        params: BoardParams,
        querystring: Type.Object(
          {
            column: Type.Optional(Type.String({ maxLength: 100, description: 'id or preset of a column' })),
            ...pageQueryFields,
          },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object({ items: Type.Array(ItemSchema), nextCursor: Nullable(Type.String()) }),
          400: Problem,
          404: Problem,
        },
      },
    },
    async (request) => {
      const q = request.query;
      const page = await app.board.itemPage(request.params.id, {
        column: q.column,
        cursor: q.cursor,
        limit: q.limit ? Number(q.limit) : 100,
      });
      return { items: page.items.map(presentItem), nextCursor: page.nextCursor };
    },
  );
}

/** `POST /boards/:id/items`: a new item at the end of a column. */
export function registerItemCreate(server: ApiServer, app: App, config: Config): void {
  createdRoute(
    server,
    {
      url: '/boards/:id/items',
      schema: bearerWrite(
        {
          tags,
          summary: 'Put a new item on a board, at the end of a column (maintainers)',
          description:
            'Without `column` the item goes to the first column. The default board is created by its first item.',
          params: BoardParams,
          body: ItemCreate,
        },
        { 201: ItemSchema },
      ),
    },
    app.board.addItem,
    { place: (item) => `${config.basePath}/api/v1/items/${item.id}`, present: presentItem },
  );
}

/** `GET /items/:id` with its ETag. */
export function registerItemRead(server: ApiServer, app: App): void {
  const response = { 200: ItemSchema, 404: Problem };
  const about = { tags, summary: 'One item', params: ItemParams, response };
  versionedRead(server, '/items/:id', about, app.board.item, presentItem);
}

/** `PATCH /items/:id`: fields left out stay. */
export function registerItemEdit(server: ApiServer, app: App): void {
  versionedUpdate(
    server,
    {
      method: 'PATCH',
      url: '/items/:id',
      schema: bearerWrite(
        {
          tags,
          summary: 'Edit an item (maintainers); If-Match required',
          description: 'Fields left out stay as they are. A stale version gets 409 with the current item.',
          params: ItemParams,
          headers: IfMatch,
          body: ItemUpdate,
        },
        { 200: ItemSchema },
      ),
    },
    { read: app.board.item, present: presentItem },
    app.board.updateItem,
  );
}

/** `POST /items/:id/move`: within or between columns. */
export function registerItemMove(server: ApiServer, app: App): void {
  versionedUpdate(
    server,
    {
      method: 'POST',
      url: '/items/:id/move',
      schema: bearerWrite(
        {
          tags,
          summary: 'Move an item within or between columns (maintainers); If-Match required',
          description:
            'Place it after or before another item of the target column, or at an index (0 = top); with none of them at the end. Or send `to` alone: one step up, down, left or right, or the end of a named column. Only the moved item is written, so moves of different items never conflict.',
          params: ItemParams,
          headers: IfMatch,
          body: Type.Object(
            {
              to: Type.Optional(
                Type.String({
                  minLength: 1,
                  maxLength: 100,
                  description:
                    'up, down, left, right, or a column (id or preset) to go to the end of; alone, as the board menu sends it',
                }),
              ),
              column: Type.Optional(
                Type.String({
                  minLength: 1,
                  maxLength: 100,
                  description: 'id or preset; default: its column',
                }),
              ),
              after: Type.Optional(Nullable(Type.String({ maxLength: 100 }))),
              before: Type.Optional(Nullable(Type.String({ maxLength: 100 }))),
              position: Type.Optional(Type.Integer({ minimum: 0, maximum: 100_000 })),
            },
            { additionalProperties: false, examples: [MOVE_EXAMPLE] },
          ),
        },
        { 200: withExample(ItemSchema, ITEM_EXAMPLE) },
      ),
    },
    { read: app.board.item, present: presentItem },
    app.board.moveItem,
  );
}

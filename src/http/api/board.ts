import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply } from 'fastify';
import { Type } from 'typebox';
import type { App } from '../../app/app.js';
import type { BoardView } from '../../app/board.js';
import type { Config } from '../../config.js';
import { type Board, type BoardColumn, type BoardItem, githubRef } from '../../domain/board.js';
import { headerSafe } from '../pages/kit.js';
import { BoardParams, ColumnParams, ItemCreate, ItemUpdate } from '../schemas/board.js';
import { pageQueryFields } from '../schemas/paging.js';
import { ITEM_EXAMPLE, MOVE_EXAMPLE, withExample } from './examples.js';
import { created, versionFromIfMatch } from './if-match.js';
import { Problem, WriteProblems } from './schemas.js';

const tags = ['board'];
export const security = [{ bearer: [] }];
export const problems = WriteProblems;

export const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(schema: T) =>
  Type.Union([schema, Type.Null()]);

const BoardSchema = Type.Object({
  id: Type.String(),
  slug: Type.String({ description: '`default` is the board /board shows' }),
  title: Type.String(),
  version: Type.Integer({ description: '0 for the default board before its first write' }),
});

export const ColumnSchema = Type.Object({
  id: Type.String(),
  name: Type.String({ description: 'Empty while a starting column keeps its preset name' }),
  preset: Nullable(Type.String({ description: 'todo, in_progress or done' })),
  done: Type.Boolean({ description: 'Items here count as done on the roadmap' }),
  archived: Type.Boolean(),
  version: Type.Integer(),
});

const ItemSchema = Type.Object({
  id: Type.String(),
  boardId: Type.String(),
  column: Type.String({ description: 'id of the column' }),
  title: Type.String(),
  body: Type.String({ description: 'Markdown' }),
  links: Type.Array(
    Type.Object({
      label: Type.String(),
      url: Type.String(),
      ref: Nullable(Type.String({ description: 'owner/repo#123 for GitHub issues and pull requests' })),
    }),
  ),
  assignees: Type.Array(Type.String()),
  labels: Type.Array(Type.String()),
  repository: Nullable(Type.String()),
  idea: Nullable(Type.Object({ id: Type.String(), slug: Type.String(), title: Type.String() })),
  positionKey: Type.String({ description: 'Fractional key; order is (positionKey, id), compared as bytes' }),
  externalId: Nullable(Type.String({ description: 'GitHub Projects item id of an imported item' })),
  createdAt: Type.String({ format: 'date-time' }),
  updatedAt: Type.String({ format: 'date-time' }),
  version: Type.Integer(),
});

const presentBoard = (b: Board) => ({ id: b.id, slug: b.slug, title: b.title, version: b.version });
export const presentColumn = (c: BoardColumn) => ({
  id: c.id,
  name: c.name,
  preset: c.preset,
  done: c.done,
  archived: c.archived,
  version: c.version,
});
export const presentItem = (i: BoardItem) => ({
  id: i.id,
  boardId: i.boardId,
  column: i.columnId,
  title: i.title,
  body: i.body,
  links: i.links.map((l) => ({ ...l, ref: githubRef(l.url) })),
  assignees: i.assignees,
  labels: i.labels,
  repository: i.repository,
  idea:
    i.ideaId && i.ideaSlug && i.ideaTitle !== null
      ? { id: i.ideaId, slug: i.ideaSlug, title: i.ideaTitle }
      : null,
  positionKey: i.positionKey,
  externalId: i.externalId,
  createdAt: i.createdAt,
  updatedAt: i.updatedAt,
  version: i.version,
});
const presentView = (v: BoardView) => ({
  ...presentBoard(v.board),
  columns: [...v.columns, ...v.archived].map((c) => ({
    ...presentColumn(c),
    items: c.items.map(presentItem),
  })),
});

const ItemParams = ColumnParams;
export const IfMatch = Type.Object({ 'if-match': Type.Optional(Type.String()) });

/** Boards and their items: read publicly, written by maintainers. */
export function boardApiRoutes(app: App, config: Config): FastifyPluginAsyncTypebox {
  /** The version an update names by If-Match (`*`: the stored one). */
  const itemVersion = (id: string, ifMatch: string | undefined) =>
    versionFromIfMatch(ifMatch, async () => (await app.board.item(id)).version);
  const sendItem = (reply: FastifyReply, item: BoardItem) =>
    reply.header('etag', `"${item.version}"`).send(presentItem(item));
  return async (server) => {
    server.get(
      '/boards',
      {
        schema: {
          tags,
          summary: 'All boards (the default one first, even before anything was put on it)',
          response: {
            200: Type.Object({ items: Type.Array(BoardSchema), nextCursor: Type.Null() }),
          },
        },
      },
      async () => ({ items: (await app.board.boards()).map(presentBoard), nextCursor: null }),
    );

    server.post(
      '/boards',
      {
        schema: {
          tags,
          security,
          summary: 'Create a board with the columns Todo, In progress and Done (maintainers)',
          body: Type.Object({ title: Type.String({ maxLength: 1000 }) }, { additionalProperties: false }),
          response: { 201: BoardSchema, ...problems },
        },
      },
      async (request, reply) => {
        const board = await app.board.createBoard(request.auth.actor, request.body);
        return reply
          .code(201)
          .header('location', headerSafe(`${config.basePath}/api/v1/boards/${board.slug}`))
          .send(presentBoard(board));
      },
    );

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

    server.post(
      '/boards/:id/items',
      {
        schema: {
          tags,
          security,
          summary: 'Put a new item on a board, at the end of a column (maintainers)',
          description:
            'Without `column` the item goes to the first column. The default board is created by its first item.',
          params: BoardParams,
          body: ItemCreate,
          response: { 201: ItemSchema, ...problems },
        },
      },
      async (request, reply) => {
        const item = await app.board.addItem(request.auth.actor, request.params.id, request.body);
        return created(reply, `${config.basePath}/api/v1/items/${item.id}`, item.version, presentItem(item));
      },
    );

    server.get(
      '/items/:id',
      {
        schema: {
          tags,
          summary: 'One item',
          params: ItemParams,
          response: { 200: ItemSchema, 404: Problem },
        },
      },
      async (request, reply) => {
        const item = await app.board.item(request.params.id);
        return sendItem(reply, item);
      },
    );

    server.patch(
      '/items/:id',
      {
        schema: {
          tags,
          security,
          summary: 'Edit an item (maintainers); If-Match required',
          description: 'Fields left out stay as they are. A stale version gets 409 with the current item.',
          params: ItemParams,
          headers: IfMatch,
          body: ItemUpdate,
          response: { 200: ItemSchema, ...problems },
        },
      },
      async (request, reply) => {
        const version = await itemVersion(request.params.id, request.headers['if-match']);
        return sendItem(
          reply,
          await app.board.updateItem(request.auth.actor, request.params.id, version, request.body),
        );
      },
    );

    server.post(
      '/items/:id/move',
      {
        schema: {
          tags,
          security,
          summary: 'Move an item within or between columns (maintainers); If-Match required',
          description:
            'Place it after or before another item of the target column, or at an index (0 = top); with none of them at the end. Only the moved item is written, so moves of different items never conflict.',
          params: ItemParams,
          headers: IfMatch,
          body: Type.Object(
            {
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
          response: { 200: withExample(ItemSchema, ITEM_EXAMPLE), ...problems },
        },
      },
      async (request, reply) => {
        const version = await itemVersion(request.params.id, request.headers['if-match']);
        return sendItem(
          reply,
          await app.board.moveItem(request.auth.actor, request.params.id, version, request.body),
        );
      },
    );
  };
}

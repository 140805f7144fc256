import { Type } from 'typebox';
import type { BoardView } from '../../../app/board.js';
import { type Board, type BoardColumn, type BoardItem, githubRef } from '../../../domain/board.js';
import { ColumnParams } from '../../schemas/board.js';
import { BEARER, GroupIdSchema, WriteProblems } from '../schemas.js';

/** What the board API answers (boards, columns, items) and the fields its item bodies share. */

export const security = BEARER;
export const problems = WriteProblems;

export const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(schema: T) =>
  Type.Union([schema, Type.Null()]);

export const BoardSchema = Type.Object({
  id: Type.String(),
  slug: Type.String({ description: '`default` is the board /board shows' }),
  title: Type.String(),
  groupId: GroupIdSchema,
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

export const ItemSchema = Type.Object({
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

export const presentBoard = (b: Board) => ({
  id: b.id,
  slug: b.slug,
  title: b.title,
  groupId: b.groupId,
  version: b.version,
});
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
export const presentView = (v: BoardView) => ({
  ...presentBoard(v.board),
  columns: [...v.columns, ...v.archived].map((c) => ({
    ...presentColumn(c),
    items: c.items.map(presentItem),
  })),
});

export const ItemParams = ColumnParams;
export const IfMatch = Type.Object({ 'if-match': Type.Optional(Type.String()) });

import { type Static, Type } from 'typebox';

/**
 * A list's paging, the same on every list of the API: at most `limit` items after the `cursor`
 * the page before answered (`nextCursor`). Lists answer `{ items, nextCursor }`.
 */
export const pageQueryFields = {
  // Query values arrive as text and are not coerced (see server.ts), so numbers are patterns here.
  limit: Type.Optional(
    Type.String({ pattern: '^([1-9][0-9]?|[1-4][0-9]{2}|500)$', description: '1–500, default 100' }),
  ),
  cursor: Type.Optional(Type.String({ maxLength: 100, description: 'nextCursor of the page before' })),
  lang: Type.Optional(Type.Union([Type.Literal('en'), Type.Literal('de')])),
};

export const PageQuery = Type.Object(pageQueryFields, { additionalProperties: false });
export type PageQuery = Static<typeof PageQuery>;

/** The page a PageQuery asks for. */
export function pageOf(query: { limit?: string | undefined; cursor?: string | undefined }): {
  cursor: string | undefined;
  limit: number;
} {
  return { cursor: query.cursor, limit: query.limit === undefined ? 100 : Number(query.limit) };
}

import { type Static, Type } from 'typebox';
import { SEARCH_KINDS } from '../../domain/search.js';

/**
 * The question of a search, the same for `GET /api/v1/search` and the `/search` page: words,
 * and which kinds of things to look in. Query values arrive as text (see server.ts).
 */
export const SearchQuery = Type.Object(
  {
    q: Type.Optional(
      Type.String({
        maxLength: 500,
        description:
          'Words to find, each whole, the last also as the start of a word; accents and ä/ae alike',
        examples: ['Überwachung build'],
      }),
    ),
    kind: Type.Optional(
      Type.Union([Type.Enum([...SEARCH_KINDS]), Type.Literal('')], {
        description: 'Only things of this kind; empty or left out for all',
      }),
    ),
    group: Type.Optional(
      Type.String({
        maxLength: 60,
        description:
          'Only what belongs to this group (its slug): its ideas, series and boards, and their topics, minutes, decisions, cards and comments; an unknown group is refused',
      }),
    ),
    limit: Type.Optional(
      Type.String({ pattern: '^([1-9]|[1-4][0-9]|50)$', description: '1–50, default 20' }),
    ),
    cursor: Type.Optional(Type.String({ maxLength: 100, description: 'nextCursor of the page before' })),
    lang: Type.Optional(Type.Union([Type.Literal('en'), Type.Literal('de')])),
  },
  { additionalProperties: false },
);
export type SearchQuery = Static<typeof SearchQuery>;

/** What a SearchQuery asks the use-case. */
export function searchRequest(query: SearchQuery) {
  return {
    q: query.q ?? '',
    kinds: query.kind ? [query.kind] : [],
    group: query.group?.trim() || undefined,
    cursor: query.cursor,
    limit: query.limit === undefined ? 20 : Number(query.limit),
  };
}

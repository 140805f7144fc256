import type { FastifyInstance } from 'fastify';
import type { App } from '../../app/app.js';
import { SEARCH_KINDS, type SearchKind } from '../../domain/search.js';
import { SearchPage } from '../../web/pages/search.js';
import { SearchQuery, searchRequest } from '../schemas/search.js';
import type { PageKit } from './kit.js';

const isKind = (value: unknown): value is SearchKind => SEARCH_KINDS.includes(value as SearchKind);

/** `/search`: the hub-wide search the header's box sends to, with the API's query fields. */
export function searchPageRoutes(app: App, kit: PageKit) {
  return async (server: FastifyInstance) => {
    server.get('/search', { schema: { querystring: SearchQuery } }, async (request, reply) => {
      const query = request.query as SearchQuery;
      const q = (query.q ?? '').trim();
      const kind = isKind(query.kind) ? query.kind : '';
      const cursor = query.cursor ?? '';
      const group = (query.group ?? '').trim();
      const [results, groups] = await Promise.all([
        q === '' ? null : app.search.search(request.auth.actor, searchRequest(query)),
        app.groups.list(),
      ]);
      const choices = groups.map((g) => ({ slug: g.group.slug, name: g.group.name }));
      return kit.render(request, reply, SearchPage, {
        view: { q, kind, group, cursor, results },
        groups: choices,
      });
    });
  };
}

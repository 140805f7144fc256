import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { App } from '../../app/app.js';
import type { Identity } from '../../app/identities.js';
import { IdentityParams, IdentitySchema } from '../schemas/account-links.js';
import { noContentRoute } from './route-kinds.js';
import { BEARER, Problem } from './schemas.js';

const tags = ['sessions'];
const security = BEARER;

const present = (i: Identity) => ({
  id: i.id,
  provider: i.provider,
  email: i.email,
  login: i.login,
  created: i.createdAt,
  lastUsed: i.lastUsedAt,
});

/**
 * One's sign-ins through other sites. Linking one is a round trip through the provider's own
 * login in a browser, so only the list and the unlinking are here.
 */
export function identityApiRoutes(app: App): FastifyPluginAsyncTypebox {
  return async (server) => {
    server.get(
      '/me/identities',
      {
        schema: {
          tags,
          security,
          summary: 'The sign-ins through other sites linked to one’s account, and whether it has a password',
          response: {
            200: Type.Object({
              items: Type.Array(IdentitySchema),
              nextCursor: Type.Union([Type.String(), Type.Null()]),
              hasPassword: Type.Boolean(),
            }),
            401: Problem,
            403: Problem,
          },
        },
      },
      async (request) => {
        const { identities, hasPassword } = await app.identities.listIdentities(request.auth.actor);
        // A person links a handful at most, so the list is one page.
        return { items: identities.map(present), nextCursor: null, hasPassword };
      },
    );

    noContentRoute(
      server,
      {
        method: 'DELETE',
        url: '/me/identities/:id',
        schema: {
          tags,
          security,
          summary: 'Unlink a sign-in through another site',
          description:
            'The last way to sign in stays (a password counts as one): 422. Someone else’s is not found (404).',
          params: IdentityParams,
          response: { 204: Type.Null(), 401: Problem, 403: Problem, 404: Problem, 422: Problem },
        },
      },
      (request) => app.identities.unlink(request.auth.actor, request.params.id),
    );
  };
}

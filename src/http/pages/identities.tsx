import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import type { App } from '../../app/app.js';
import { oidcProvider } from '../../app/external-sign-in.js';
import { githubProvider } from '../../app/github-sign-in.js';
import type { Config } from '../../config.js';
import { SignInRefusedPage } from '../../web/components/external-sign-in.js';
import { buttonRoute } from './form-route.js';
import type { PageKit } from './kit.js';
import { externalSignInRoutes } from './sign-in-external.js';

const IdentityParams = Type.Object({ id: Type.String({ maxLength: 64 }) }, { additionalProperties: false });

/**
 * Sign-in through other sites and the profile's linked sign-ins. The routes exist whether or not
 * a provider is set up (they answer 404 then), so the hub's routes do not depend on settings.
 */
export function identityPageRoutes(app: App, kit: PageKit, config: Config) {
  return async (server: FastifyInstance) => {
    await server.register(
      externalSignInRoutes(app, kit, config, config.oidc ? oidcProvider(config.oidc) : null, 'oidc'),
    );
    await server.register(
      externalSignInRoutes(app, kit, config, config.github ? githubProvider(config.github) : null, 'github'),
    );
    server.post(
      '/profile/identities/:id/unlink',
      buttonRoute(kit, {
        action: 'identity.unlink',
        params: IdentityParams,
        run: (request, params) => app.identities.unlink(request.auth.actor, params.id),
        to: '/profile',
        notice: 'identity.unlinked',
        again: async (request, reply, { message, status }) =>
          kit.render(request, reply, SignInRefusedPage, { message }, status),
      }),
    );
  };
}

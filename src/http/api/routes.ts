import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { App } from '../../app/app.js';
import type { Config } from '../../config.js';
import { HttpError } from '../problem.js';
import { verifyCsrfToken } from '../session.js';
import { accountLinkApiRoutes } from './account-links.js';
import { accountApiRoutes } from './accounts.js';
import { actionItemApiRoutes } from './action-items.js';
import { boardApiRoutes, boardColumnApiRoutes } from './board/index.js';
import { commentReviewApiRoutes } from './comment-review.js';
import { commentApiRoutes } from './comments.js';
import { decisionApiRoutes } from './decisions.js';
import { followApiRoutes } from './follows.js';
import { groupApiRoutes } from './groups.js';
import { ideaReviewApiRoutes } from './idea-review.js';
import { ideaApiRoutes } from './ideas.js';
import { identityApiRoutes } from './identities.js';
import { importApiRoutes } from './imports.js';
import { meetingApiRoutes } from './meetings/index.js';
import { minutesApiRoutes } from './minutes.js';
import { notificationApiRoutes } from './notifications.js';
import { ownDataApiRoutes } from './own-data.js';
import { peopleApiRoutes } from './people.js';
import { proposalApiRoutes } from './proposals.js';
import { roadmapApiRoutes } from './roadmap.js';
import { searchApiRoutes } from './search.js';
import { sessionApiRoutes } from './sessions.js';
import { settingsApiRoutes } from './settings.js';
import { topicApiRoutes } from './topics.js';
import { webhookApiRoutes } from './webhooks.js';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** `/api/openapi.json` and the versioned JSON API under `/api/v1`. */
export function apiRoutes(app: App, config: Config, secret: string): FastifyPluginAsyncTypebox {
  return async (server) => {
    server.get('/openapi.json', async (_request, reply) =>
      reply.header('cache-control', 'no-cache').send(server.swagger()),
    );

    await server.register(
      async (v1) => {
        // A browser session may use the API too, but then a state change must carry the CSRF
        // token from the page (X-CSRF-Token); bearer tokens are not sent by browsers on their own.
        v1.addHook('preHandler', (request, _reply, done) => {
          const checked = !SAFE_METHODS.has(request.method) && request.auth.via === 'session';
          const forged =
            checked && !verifyCsrfToken(request, config, secret, request.headers['x-csrf-token']);
          done(forged ? new HttpError(403, 'error.csrf') : undefined);
        });

        await v1.register(accountApiRoutes(app, config));
        await v1.register(ownDataApiRoutes(app));
        await v1.register(accountLinkApiRoutes(app, config, secret));
        await v1.register(sessionApiRoutes(app));
        await v1.register(identityApiRoutes(app));
        await v1.register(settingsApiRoutes(app, config));
        await v1.register(ideaApiRoutes(app, config));
        await v1.register(meetingApiRoutes(app, config));
        await v1.register(topicApiRoutes(app, config));
        await v1.register(minutesApiRoutes(app, config));
        await v1.register(decisionApiRoutes(app, config));
        await v1.register(actionItemApiRoutes(app, config));
        await v1.register(boardApiRoutes(app, config));
        await v1.register(boardColumnApiRoutes(app, config));
        await v1.register(roadmapApiRoutes(app));
        await v1.register(importApiRoutes(app, config));
        await v1.register(followApiRoutes(app));
        await v1.register(notificationApiRoutes(app, config));
        await v1.register(peopleApiRoutes(app));
        await v1.register(commentApiRoutes(app, config));
        await v1.register(searchApiRoutes(app));
        await v1.register(commentReviewApiRoutes(app, config));
        await v1.register(ideaReviewApiRoutes(app, config));
        await v1.register(webhookApiRoutes(app, config));
        await v1.register(proposalApiRoutes(app, config));
        await v1.register(groupApiRoutes(app, config));
      },
      { prefix: '/v1' },
    );
  };
}

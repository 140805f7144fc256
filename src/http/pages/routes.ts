import type { FastifyInstance } from 'fastify';
import type { App } from '../../app/app.js';
import { liveChannel } from '../../app/live-channels.js';
import type { Config } from '../../config.js';
import { changeStamp } from '../change-stamp.js';
import type { Feeds } from '../feeds.js';
import type { LiveStreams } from '../live-stream.js';
import { accountPageRoutes } from './accounts.js';
import { adminPageRoutes } from './admin.js';
import { webhookPageRoutes } from './admin-webhooks.js';
import { backlogPageRoutes } from './backlog.js';
import { boardPageRoutes } from './board.js';
import { commentPageRoutes } from './comments.js';
import { docsPageRoutes } from './docs.js';
import { followPageRoutes } from './follows.js';
import { groupPageRoutes } from './groups.js';
import { ideaReviewPageRoutes } from './idea-review.js';
import { ideaPageRoutes } from './ideas.js';
import { identityPageRoutes } from './identities.js';
import type { PageKit } from './kit.js';
import { meetingPageRoutes } from './meetings/index.js';
import { notificationPageRoutes } from './notifications.js';
import { ownDataPageRoutes } from './own-data.js';
import { passwordResetPageRoutes } from './password-reset.js';
import { proposalPageRoutes } from './proposals.js';
import { searchPageRoutes } from './search.js';
import { sessionPageRoutes } from './sessions.js';

/** Server-rendered pages: readable without JavaScript, every form a plain POST with a CSRF token. */
export function pageRoutes(app: App, kit: PageKit, config: Config, feeds: Feeds, live: LiveStreams) {
  return async (server: FastifyInstance) => {
    // Pages render Markdown and set their Content-Security-Policy by it (see kit.ts).
    server.addHook('onRequest', async (request) => {
      // The header counts the reader's unread notifications (a visitor has none to count): one
      // indexed count, asked beside the settings, which are kept until a setting changes. The
      // inbox's cursor is taken first, so that a notification in between reaches the page live.
      const { actor } = request.auth;
      if (request.auth.user && actor.kind === 'user')
        request.inboxCursor = live.cursor(liveChannel.inbox(actor.userId));
      const [settings, unread] = await Promise.all([
        changeStamp(app, request).then((stamp) => app.settings.pageSettings(stamp)),
        request.auth.user ? app.notifications.unreadCount(request.auth.actor) : undefined,
      ]);
      request.remoteImages = settings.remoteImages;
      request.hubName = settings.hubName;
      request.planningBoard = settings.planningBoard;
      if (unread !== undefined) request.unread = unread;
    });
    await server.register(accountPageRoutes(app, kit, config));
    await server.register(passwordResetPageRoutes(app, kit, config));
    await server.register(sessionPageRoutes(app, kit, config));
    await server.register(identityPageRoutes(app, kit, config));
    await server.register(adminPageRoutes(app, kit, config));
    await server.register(webhookPageRoutes(app, kit));
    await server.register(ownDataPageRoutes(app, kit, config));
    await server.register(backlogPageRoutes(app, kit));
    await server.register(ideaPageRoutes(app, kit));
    await server.register(ideaReviewPageRoutes(app, kit));
    await server.register(proposalPageRoutes(app, kit, live));
    await server.register(groupPageRoutes(app, kit));
    await server.register(docsPageRoutes(app, kit));
    await server.register(meetingPageRoutes(app, kit, feeds, config, live));
    await server.register(boardPageRoutes(app, kit, live));
    await server.register(followPageRoutes(app, kit));
    await server.register(commentPageRoutes(app, kit, live));
    await server.register(searchPageRoutes(app, kit));
    await server.register(notificationPageRoutes(app, kit, config, live));
  };
}

import type { FastifyInstance } from 'fastify';
import type { App } from '../../../app/app.js';
import type { Config } from '../../../config.js';
import type { Feeds } from '../../feeds.js';
import type { LiveStreams } from '../../live-stream.js';
import type { PageKit } from '../kit.js';
import { agendaRoutes } from './agenda.js';
import { invitationRoutes } from './invitations.js';
import { occurrenceRoutes } from './occurrence.js';
import { recordRoutes } from './record.js';
import { seriesRoutes } from './series.js';
import { meetingViews } from './views.js';

/**
 * The meeting pages, one room each: the series (and the meetings page), one meeting and its
 * changes, its agenda, its record (minutes, decisions, action items), and the invitations.
 */
export function meetingPageRoutes(app: App, kit: PageKit, feeds: Feeds, config: Config, live: LiveStreams) {
  const views = meetingViews(app, kit, config, live);
  return async (server: FastifyInstance) => {
    await server.register(seriesRoutes(app, kit, views, feeds));
    await server.register(occurrenceRoutes(app, kit, views, feeds, live));
    await server.register(agendaRoutes(app, kit, views));
    await server.register(recordRoutes(app, kit, views, config));
    await server.register(invitationRoutes(app, kit, views));
  };
}

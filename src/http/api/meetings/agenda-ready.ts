import { Type } from 'typebox';
import type { App } from '../../../app/app.js';
import { type ApiServer, bearerWrite } from '../schemas.js';
import { OccurrenceParams, tags } from './shapes.js';

const AgendaReady = Type.Object({
  sent: Type.Boolean({ description: 'whether this request sent it (false: it went out before)' }),
  sentAt: Type.String({ format: 'date-time', description: 'when the agenda went out' }),
});

/**
 * `POST /series/:slug/occurrences/:date/agenda-ready`: a maintainer sends the agenda to the
 * series' followers and invitation subscribers now instead of 24 hours before; once per meeting.
 */
export function registerAgendaReady(server: ApiServer, app: App): void {
  server.post(
    '/series/:slug/occurrences/:date/agenda-ready',
    {
      schema: bearerWrite(
        {
          tags,
          summary: 'Mark the agenda ready: followers and subscribers get it now, once (maintainers)',
          params: OccurrenceParams,
          body: Type.Optional(Type.Object({}, { additionalProperties: false })),
        },
        { 200: AgendaReady },
      ),
    },
    async (request) =>
      app.reminders.markAgendaReady(request.auth.actor, request.params.slug, request.params.date),
  );
}

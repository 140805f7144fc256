import type { App } from '../../app/app.js';
import type { Config } from '../../config.js';
import { ActionItemChange, ActionItemProposal, MeetingParams, RecordParams } from '../schemas/minutes.js';
import * as shape from './record-shapes.js';
import { apiPart, updateRoute } from './route-kinds.js';
import { type ApiServer, bearerWrite, ifMatchUpdate } from './schemas.js';

const tags = ['actions'];

/** A meeting's action items, one of them, and a new one. */
function registerMeetingActions(server: ApiServer, app: App, config: Config): void {
  shape.recordReads(
    server,
    { tags, item: shape.ActionItemSchema, present: shape.presentAction },
    {
      url: '/series/:slug/occurrences/:date/actions',
      summary: 'A meeting’s action items (before publication for maintainers and the note-taker only)',
      page: app.minutes.actionItemPage,
    },
    {
      url: '/actions/:id',
      summary: 'One action item (before publication for maintainers and the note-taker only)',
      read: app.minutes.actionItem,
    },
  );

  server.post(
    '/series/:slug/occurrences/:date/actions',
    {
      schema: bearerWrite(
        {
          tags,
          summary: 'Add an action item to a meeting (maintainers and the meeting’s note-taker)',
          params: MeetingParams,
          body: ActionItemProposal,
        },
        { 201: shape.ActionItemSchema },
      ),
    },
    async (request, reply) => {
      const { text, assignee, due, ideaId } = request.body;
      const { actor } = request.auth;
      const { slug, date } = request.params;
      const action = await shape.inApiFields(() =>
        app.minutes.addActionItem(actor, slug, date, { text, assignee, dueDate: due, idea: ideaId }),
      );
      reply.header('location', `${config.basePath}/api/v1/actions/${action.id}`);
      return shape.versioned(reply, 201, shape.presentAction(action));
    },
  );
}

/** `PATCH /actions/:id`. */
function registerAction(server: ApiServer, app: App): void {
  updateRoute(
    server,
    {
      method: 'PATCH',
      url: '/actions/:id',
      schema: ifMatchUpdate(
        {
          tags,
          summary: 'Change an action item or tick it off; If-Match required',
          description:
            'Text, assignee and due date: maintainers and the meeting’s note-taker. `done`: maintainers, ' +
            'as the tick box on the meeting’s page.',
          params: RecordParams,
          body: ActionItemChange,
        },
        shape.ActionItemSchema,
      ),
    },
    {
      current: (request) => app.minutes.actionItem(request.auth.actor, request.params.id),
      update: (request, version) => {
        const { text, assignee, due, done } = request.body;
        return shape.inApiFields(() =>
          app.minutes.editActionItem(request.auth.actor, request.params.id, version, {
            text,
            assignee,
            dueDate: due,
            done,
          }),
        );
      },
      present: shape.presentAction,
    },
  );
}

/** Action items of a meeting: written by maintainers and its note-taker, ticked off by maintainers. */
export const actionItemApiRoutes = apiPart(registerMeetingActions, registerAction);

import type { App } from '../../app/app.js';
import type { Config } from '../../config.js';
import { ActionItemChange, ActionItemProposal, MeetingParams, RecordParams } from '../schemas/minutes.js';
import { sendUpdate } from './if-match.js';
import * as shape from './record-shapes.js';
import { apiPart } from './route-kinds.js';
import { type ApiServer, BEARER, IfMatchHeader } from './schemas.js';

const tags = ['actions'];
const security = BEARER;

/** `GET` and `POST …/actions`: a meeting's action items, and a new one. */
function registerMeetingActions(server: ApiServer, app: App, config: Config): void {
  shape.meetingListRoute(
    server,
    '/series/:slug/occurrences/:date/actions',
    {
      tags,
      summary: 'A meeting’s action items (before publication for maintainers and the note-taker only)',
    },
    shape.ActionItemSchema,
    app.minutes.actionItemPage,
    shape.presentAction,
  );

  server.post(
    '/series/:slug/occurrences/:date/actions',
    {
      schema: {
        tags,
        security,
        summary: 'Add an action item to a meeting (maintainers and the meeting’s note-taker)',
        params: MeetingParams,
        body: ActionItemProposal,
        response: { 201: shape.ActionItemSchema, ...shape.recordProblems },
      },
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

/** `GET` and `PATCH /actions/:id`. */
function registerAction(server: ApiServer, app: App): void {
  shape.recordRoute(
    server,
    '/actions/:id',
    { tags, summary: 'One action item (before publication for maintainers and the note-taker only)' },
    shape.ActionItemSchema,
    app.minutes.actionItem,
    shape.presentAction,
  );

  server.patch(
    '/actions/:id',
    {
      schema: {
        tags,
        security,
        summary: 'Change an action item or tick it off; If-Match required',
        description:
          'Text, assignee and due date: maintainers and the meeting’s note-taker. `done`: maintainers, ' +
          'as the tick box on the meeting’s page.',
        params: RecordParams,
        headers: IfMatchHeader,
        body: ActionItemChange,
        response: { 200: shape.ActionItemSchema, ...shape.recordProblems },
      },
    },
    async (request, reply) => {
      const { actor } = request.auth;
      const { id } = request.params;
      const { text, assignee, due, done } = request.body;
      return sendUpdate(
        reply,
        request.headers['if-match'],
        () => app.minutes.actionItem(actor, id),
        (version) =>
          shape.inApiFields(() =>
            app.minutes.editActionItem(actor, id, version, { text, assignee, dueDate: due, done }),
          ),
        shape.presentAction,
      );
    },
  );
}

/** Action items of a meeting: written by maintainers and its note-taker, ticked off by maintainers. */
export const actionItemApiRoutes = apiPart(registerMeetingActions, registerAction);

import { Type } from 'typebox';
import type { App } from '../../app/app.js';
import type { Config } from '../../config.js';
import { MeetingParams, MinutesDraft, NoteTaker } from '../schemas/minutes.js';
import { MINUTES_EXAMPLE } from './examples.js';
import { sendUpdate, sendUpsert } from './if-match.js';
import * as shape from './record-shapes.js';
import { apiPart, noContentRoute } from './route-kinds.js';
import { type ApiServer, BEARER, bearerWrite, IfMatchHeader, Problem } from './schemas.js';

const tags = ['minutes'];
const _security = BEARER;

/** The stored version of a meeting's notes, 0 while there are none. */
const minutesVersion = (app: App, slug: string, date: string) => async () => ({
  version: await app.minutes.minutesVersion(slug, date),
});

/** `GET …/minutes`: the notes with the meeting's decisions and action items. */
function registerMinutesRead(server: ApiServer, app: App): void {
  server.get(
    '/series/:slug/occurrences/:date/minutes',
    {
      schema: {
        tags,
        summary: 'A meeting’s minutes, decisions and action items (drafts for maintainers only)',
        params: MeetingParams,
        response: {
          200: Type.Object(
            {
              minutes: shape.Nullable(shape.MinutesSchema),
              decisions: Type.Array(shape.DecisionSchema),
              actionItems: Type.Array(shape.ActionItemSchema),
            },
            { examples: [MINUTES_EXAMPLE] },
          ),
          400: Problem,
          404: Problem,
        },
      },
    },
    async (request) => {
      const view = await app.minutes.forOccurrence(
        request.auth.actor,
        request.params.slug,
        request.params.date,
      );
      return {
        minutes: view.minutes && shape.presentMinutes(view.minutes),
        decisions: view.decisions.map(shape.presentDecision),
        actionItems: view.actionItems.map(shape.presentAction),
      };
    },
  );
}

/** `PUT …/minutes`: the first draft without If-Match (201), every later one with it. */
function registerMinutesWrite(server: ApiServer, app: App, config: Config): void {
  server.put(
    '/series/:slug/occurrences/:date/minutes',
    {
      schema: bearerWrite(
        {
          tags,
          summary:
            'Write a meeting’s notes (maintainers and the meeting’s note-taker); If-Match once they exist',
          description:
            'The first draft is created without If-Match (201); after that If-Match names the version read. ' +
            'A stale version answers 409 with the stored notes in `current`, to merge by hand. ' +
            'Published minutes can still be corrected this way.',
          params: MeetingParams,
          headers: IfMatchHeader,
          body: MinutesDraft,
        },
        { 200: shape.MinutesSchema, 201: shape.MinutesSchema },
      ),
    },
    async (request, reply) => {
      const { actor } = request.auth;
      const { slug, date } = request.params;
      const { text, attendees, attendeeNames } = request.body;
      await app.minutes.authorizeFor(actor, 'minutes.write', slug, date);
      return sendUpsert(
        reply,
        request.headers['if-match'],
        minutesVersion(app, slug, date),
        (version) =>
          shape.withMinutesConflict(() =>
            app.minutes.save(actor, slug, date, version, {
              body: text,
              attendeeCount: attendees ?? null,
              attendeeNames: attendeeNames ?? '',
            }),
          ),
        shape.presentMinutes,
        `${config.basePath}/api/v1/series/${encodeURIComponent(slug)}/occurrences/${encodeURIComponent(date)}/minutes`,
      );
    },
  );
}

/** `POST …/minutes/publish` by If-Match. */
function registerPublication(server: ApiServer, app: App): void {
  server.post(
    '/series/:slug/occurrences/:date/minutes/publish',
    {
      schema: bearerWrite(
        {
          tags,
          summary: 'Publish a meeting’s minutes (maintainers); If-Match required',
          description:
            'As on the meeting’s page: final decisions move their ideas, the overview of current projects ' +
            'is kept as it is now, accepted topics not discussed go on to the next meeting, and the ' +
            'objection windows of decisions waiting for lazy consensus open.',
          params: MeetingParams,
          headers: IfMatchHeader,
        },
        { 200: shape.MinutesSchema },
      ),
    },
    async (request, reply) => {
      const { actor } = request.auth;
      const { slug, date } = request.params;
      await app.minutes.authorizeFor(actor, 'minutes.publish', slug, date);
      return sendUpdate(
        reply,
        request.headers['if-match'],
        minutesVersion(app, slug, date),
        (version) => shape.withMinutesConflict(() => app.minutes.publish(actor, slug, date, version)),
        shape.presentMinutes,
      );
    },
  );
}

/** `POST …/start`: a maintainer starts the meeting ahead of its time. */
function registerStart(server: ApiServer, app: App): void {
  server.post(
    '/series/:slug/occurrences/:date/start',
    {
      schema: bearerWrite(
        {
          tags,
          summary: 'Start a meeting before its time (maintainers)',
          description:
            'Its notes, decisions and action items can be written from then on, as from its scheduled ' +
            'start (before, they answer 422). A meeting already begun or cancelled answers 422.',
          params: MeetingParams,
        },
        { 200: shape.MinutesSchema },
      ),
    },
    async (request, reply) => {
      const { slug, date } = request.params;
      const minutes = await app.minutes.start(request.auth.actor, slug, date);
      return shape.versioned(reply, 200, shape.presentMinutes(minutes));
    },
  );
}

/** `PUT` and `DELETE …/note-taker`. */
function registerNoteTaker(server: ApiServer, app: App): void {
  server.put(
    '/series/:slug/occurrences/:date/note-taker',
    {
      schema: bearerWrite(
        {
          tags,
          summary: 'Name the member who writes a meeting’s notes and action items (maintainers)',
          params: MeetingParams,
          body: NoteTaker,
        },
        { 200: shape.MinutesSchema },
      ),
    },
    async (request, reply) => {
      const { slug, date } = request.params;
      const minutes = await shape.inApiFields(() =>
        app.minutes.setNoteTaker(request.auth.actor, slug, date, request.body.email),
      );
      return shape.versioned(reply, 200, shape.presentMinutes(minutes));
    },
  );

  noContentRoute(
    server,
    {
      method: 'DELETE',
      url: '/series/:slug/occurrences/:date/note-taker',
      schema: bearerWrite(
        {
          tags,
          summary: 'Name no note-taker for a meeting any more (maintainers)',
          params: MeetingParams,
        },
        { 204: Type.Null() },
      ),
    },
    (request) => app.minutes.setNoteTaker(request.auth.actor, request.params.slug, request.params.date, null),
  );
}

/** The notes of a meeting: public once published, written by maintainers and its note-taker. */
export const minutesApiRoutes = apiPart(
  registerMinutesRead,
  registerMinutesWrite,
  registerPublication,
  registerStart,
  registerNoteTaker,
);

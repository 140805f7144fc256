import type { FastifyInstance } from 'fastify';
import type { Static, TObject } from 'typebox';
import type { App } from '../../../app/app.js';
import type { Config } from '../../../config.js';
import { ConflictError, NotFoundError } from '../../../domain/errors.js';
import type { Minutes } from '../../../domain/minutes.js';
import type { Action } from '../../../domain/policy.js';
import type { Actor } from '../../../domain/roles.js';
import type { MinutesFormState } from '../../../web/components/minutes.js';
import type { MessageKey } from '../../../web/i18n/index.js';
import { inApiFields } from '../../api/record-shapes.js';
import { MeetingPageParams } from '../../schemas/agenda.js';
import { IdParams, NoInput, RecordItemParams, SeriesPageParams } from '../../schemas/meetings.js';
import {
  ActionItemDone,
  ActionItemProposal,
  DecisionProposal,
  MinutesForm,
  MinutesPublication,
  NoteTaker,
  Objection,
} from '../../schemas/minutes.js';
import { formRoute, nextPath, pageParams } from '../form-route.js';
import type { PageKit } from '../kit.js';
import type { MeetingViews } from './views.js';

// The Markdown and Atom writers (the feed package) are loaded on first use, not at start.
const minutesExport = () => import('../../../web/minutes-export.js');

const meetingParams = pageParams(MeetingPageParams);
const seriesParams = pageParams(SeriesPageParams);

/** A minutes form: on a refusal the occurrence page comes back with the input at that form. */
function minutesFormOf(app: App, kit: PageKit, views: MeetingViews) {
  return <B extends TObject>(
    form: MinutesFormState['form'],
    action: Action,
    body: B,
    work: (actor: Actor, slug: string, date: string, input: Static<B>) => Promise<unknown>,
    notice: MessageKey,
  ) =>
    formRoute(kit, {
      // Who may write depends on the meeting (its named note-taker), so it is asked of it.
      authorize: (request, { series, date }) =>
        app.minutes.authorizeFor(request.auth.actor, action, series, date),
      params: MeetingPageParams,
      body,
      run: async (request, reply, { params: { series, date }, body: input }) => {
        // The use-case names some fields as it stores them; the form's are the API's.
        await inApiFields(() => work(request.auth.actor, series, date, input));
        return kit.redirect(reply, `/meetings/${series}/${date}#minutes`, notice);
      },
      again: (
        request,
        reply,
        { params, values: { version: _read, ...typed }, errors, message, status, cause },
      ) => {
        const conflict = cause instanceof ConflictError;
        return views.occurrence(request, reply, params.series, params.date, {
          status,
          minutes: {
            form,
            // The version is the page's, not the reader's: only what was typed comes back.
            values: typed,
            errors: conflict ? {} : errors,
            message: conflict ? kit.t(request)('minutes.conflict') : message,
            theirs: conflict ? (cause.current as Minutes | null) : undefined,
          },
        });
      },
    });
}

/** The forms that write a meeting's record: notes, publishing, decisions, action items, the note-taker. */
function writeRoutes(app: App, kit: PageKit, views: MeetingViews) {
  const minutesForm = minutesFormOf(app, kit, views);
  return (server: FastifyInstance) => {
    server.post(
      '/meetings/:series/:date/minutes',
      minutesForm(
        'minutes',
        'minutes.write',
        MinutesForm,
        (actor, slug, date, { version, text, attendees, attendeeNames }) =>
          app.minutes.save(actor, slug, date, version, {
            body: text,
            attendeeCount: attendees,
            attendeeNames,
          }),
        'minutes.saved',
      ),
    );
    server.post(
      '/meetings/:series/:date/minutes/publish',
      minutesForm(
        'minutes',
        'minutes.publish',
        MinutesPublication,
        (actor, slug, date, { version }) => app.minutes.publish(actor, slug, date, version),
        'minutes.published',
      ),
    );
    server.post(
      '/meetings/:series/:date/decisions',
      kit.once(
        minutesForm(
          'decision',
          'decision.record',
          DecisionProposal,
          (actor, slug, date, { ideaId, ...input }) =>
            app.minutes.decide(actor, slug, date, { ...input, idea: ideaId }),
          'minutes.decided',
        ),
      ),
    );
    server.post(
      '/meetings/:series/:date/actions',
      kit.once(
        minutesForm(
          'action',
          'action.write',
          ActionItemProposal,
          (actor, slug, date, { text, assignee, due, ideaId }) =>
            app.minutes.addActionItem(actor, slug, date, { text, assignee, dueDate: due, idea: ideaId }),
          'minutes.actionAdded',
        ),
      ),
    );
    server.post(
      '/meetings/:series/:date/start',
      minutesForm(
        'start',
        'meeting.start',
        NoInput,
        (actor, slug, date) => app.minutes.start(actor, slug, date),
        'meetings.started',
      ),
    );
    server.post(
      '/meetings/:series/:date/note-taker',
      minutesForm(
        'noteTaker',
        'minutes.nameNoteTaker',
        NoteTaker,
        (actor, slug, date, { email }) => app.minutes.setNoteTaker(actor, slug, date, email),
        'minutes.noteTakerSet',
      ),
    );
  };
}

/** An objection to a decision waiting for lazy consensus, and an action item ticked off. */
function replyRoutes(app: App, kit: PageKit, views: MeetingViews) {
  return (server: FastifyInstance) => {
    server.post(
      '/meetings/:series/:date/decisions/:id/objections',
      formRoute(kit, {
        action: 'decision.object',
        params: RecordItemParams,
        body: Objection,
        run: async (request, reply, { params: { series, date, id }, body }) => {
          await app.minutes.object(request.auth.actor, id, body);
          return kit.redirect(
            reply,
            `/meetings/${series}/${date}#decision-${id}`,
            'decision.objected.notice',
          );
        },
        again: (request, reply, { params, values, errors, message, status }) =>
          views.occurrence(request, reply, params.series, params.date, {
            status,
            minutes: { form: 'objection', decisionId: params.id, values, errors, message },
          }),
      }),
    );

    server.post(
      '/actions/:id/done',
      formRoute(kit, {
        action: 'action.setDone',
        params: IdParams,
        body: ActionItemDone,
        run: async (request, reply, { params, body }) => {
          await app.minutes.setActionDone(request.auth.actor, params.id, body.version, body.done);
          return kit.redirect(reply, nextPath(request, '/meetings'), 'minutes.actionChanged');
        },
        again: (request, reply, { errors, message, status }) =>
          views.refusal(request, reply, message, errors, status),
      }),
    );
  };
}

/** Published minutes as Markdown, and a series' minutes as an Atom feed. */
function exportRoutes(app: App, config: Config) {
  return (server: FastifyInstance) => {
    server.get('/meetings/:series/:date/minutes.md', async (request, reply) => {
      const { series: slug, date } = meetingParams(request);
      const { series, occurrence } = await app.meetings.occurrence(slug, date);
      const view = await app.minutes.forOccurrence({ kind: 'anonymous' }, slug, date);
      if (!view.minutes) throw new NotFoundError('minutes', date);
      const { minutesMarkdown } = await minutesExport();
      return reply
        .type('text/markdown; charset=utf-8')
        .send(minutesMarkdown(series, occurrence.key, { ...view, minutes: view.minutes }, request.locale));
    });

    server.get('/meetings/:series/minutes.atom', async (request, reply) => {
      const { series: slug } = seriesParams(request);
      const { series } = await app.meetings.get(slug);
      const entries = await app.minutes.published(slug);
      const link = (path: string) => new URL(path.replace(/^\//u, ''), config.baseUrl).toString();
      const { minutesAtom } = await minutesExport();
      const body = minutesAtom(
        series,
        entries,
        {
          page: link(`/meetings/${slug}`),
          feed: link(`/meetings/${slug}/minutes.atom`),
          occurrence: (key) => link(`/meetings/${slug}/${key}`),
        },
        request.locale,
        { remote: request.remoteImages, origin: config.baseUrl.origin },
      );
      return reply
        .type('application/atom+xml; charset=utf-8')
        .header('cache-control', 'public, max-age=300')
        .send(body);
    });
  };
}

/** A meeting's record: the minutes, decisions and action items, their forms and their exports. */
export function recordRoutes(app: App, kit: PageKit, views: MeetingViews, config: Config) {
  return async (server: FastifyInstance) => {
    writeRoutes(app, kit, views)(server);
    replyRoutes(app, kit, views)(server);
    exportRoutes(app, config)(server);
  };
}

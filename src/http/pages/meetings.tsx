import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Temporal } from 'temporal-polyfill';
import type { App } from '../../app/app.js';
import type { Config } from '../../config.js';
import { ConflictError, NotFoundError, RateLimitError, ValidationError } from '../../domain/errors.js';
import type { Minutes } from '../../domain/minutes.js';
import { type Action, authorize, authorizeAttempt } from '../../domain/policy.js';
import type { TopicFormState } from '../../web/components/agenda.js';
import type { FieldErrors } from '../../web/components/form.js';
import type { MinutesFormState } from '../../web/components/minutes.js';
import type { MessageKey } from '../../web/i18n/index.js';
import { minutesAtom, minutesMarkdown } from '../../web/minutes-export.js';
import { InvitationStatusPage } from '../../web/pages/invitation.js';
import { type InvitationState, MeetingsPage, SeriesPage } from '../../web/pages/meetings.js';
import { type ChangeFormState, OccurrencePage } from '../../web/pages/occurrence.js';
import {
  emptySeriesForm,
  SeriesFormPage,
  type SeriesFormValues,
  seriesFormValues,
} from '../../web/pages/series-form.js';
import type { Feeds } from '../feeds.js';
import type { LiveStreams } from '../live-stream.js';
import { HttpError } from '../problem.js';
import { limitPerClient } from '../rate-limit.js';
import { MeetingPageParams, TopicProposal } from '../schemas/agenda.js';
import { formRoute } from './form-route.js';
import { FormFields, type PageKit, safeNext } from './kit.js';

const UPCOMING = 8;

function seriesFormFrom(fields: FormFields): SeriesFormValues {
  const names = [
    'title',
    'purpose',
    'weekday',
    'startTime',
    'durationMinutes',
    'timeZone',
    'weekRule',
    'interval',
    'startDate',
    'endDate',
    'platform',
    'joinUrl',
    'languages',
    'invitationInfo',
    'contributeNote',
  ] as const;
  const values = Object.fromEntries(names.map((n) => [n, fields.get(n)])) as Omit<
    SeriesFormValues,
    'recorded'
  >;
  return { ...values, recorded: fields.get('recorded') === 'true' };
}

export function meetingPageRoutes(app: App, kit: PageKit, feeds: Feeds, config: Config, live: LiveStreams) {
  const invitationsEnabled = config.smtpUrl !== undefined;
  const hasEnded = (end: Temporal.ZonedDateTime) => end.epochMilliseconds <= app.now().getTime();

  const occurrencePage = async (
    request: FastifyRequest,
    reply: FastifyReply,
    slug: string,
    key: string,
    form?: ChangeFormState,
    status = 200,
    topicForm?: TopicFormState,
    minutesState?: MinutesFormState,
  ) => {
    // The stream's cursor is taken before the data: a change committed in between then makes the
    // page fetch itself once more, never the reverse.
    const since = live.cursor(await app.live.agendaChannel(slug, key));
    const { series, occurrence, topics, timebox, overview, work } = await app.agenda.forOccurrence(slug, key);
    const minutes = await app.minutes.forOccurrence(request.auth.actor, slug, key);
    return kit.send(
      reply,
      <OccurrencePage
        ctx={kit.ctx(request, reply)}
        liveSince={since}
        series={series}
        occurrence={occurrence}
        form={form}
        over={hasEnded(occurrence.end)}
        agenda={{ topics, timebox, overview, work }}
        topicForm={topicForm}
        minutes={minutes}
        minutesState={minutesState}
      />,
      status,
    );
  };

  /** Runs an occurrence change from a form; on a problem the occurrence page comes back with the input. */
  const change = async (
    request: FastifyRequest,
    reply: FastifyReply,
    work: (fields: FormFields) => Promise<void>,
  ) => {
    const { series: slug, date } = request.params as { series: string; date: string };
    const fields = new FormFields(request.body);
    const values = {
      reason: fields.get('reason'),
      newDate: fields.get('newDate'),
      newStartTime: fields.get('newStartTime'),
      newDurationMinutes: fields.get('newDurationMinutes'),
    };
    authorize(request.auth.actor, 'occurrence.change');
    if (!kit.csrfOk(request, fields))
      return occurrencePage(
        request,
        reply,
        slug,
        date,
        { errors: {}, message: kit.t(request)('error.csrf'), values },
        403,
      );
    try {
      await work(fields);
      // A called-off extra meeting is gone, and its page with it: back to the series then.
      const stillThere = await app.meetings.occurrence(slug, date).then(
        () => true,
        () => false,
      );
      return kit.redirect(
        reply,
        stillThere ? `/meetings/${slug}/${date}` : `/meetings/${slug}`,
        'meetings.changed',
      );
    } catch (err) {
      const problem = kit.formProblem(request, err);
      if (!problem) throw err;
      return occurrencePage(
        request,
        reply,
        slug,
        date,
        { errors: problem.errors, message: problem.message, values },
        problem.status,
      );
    }
  };

  const seriesPage = async (
    request: FastifyRequest,
    reply: FastifyReply,
    slug: string,
    invitation: InvitationState,
    status = 200,
  ) => {
    const { series, occurrences } = await app.meetings.upcoming(slug, UPCOMING);
    return kit.send(
      reply,
      <SeriesPage
        ctx={kit.ctx(request, reply)}
        series={series}
        occurrences={occurrences}
        invitation={invitation}
      />,
      status,
    );
  };

  return async (server: FastifyInstance) => {
    const invitationRequests = limitPerClient(server, app.limits, 'invitationRequestsPerClient');

    server.post(
      '/meetings/:series/invitations',
      kit.once(async (request, reply) => {
        const { series: slug } = request.params as { series: string };
        const fields = new FormFields(request.body);
        const email = fields.get('email');
        const state = { enabled: invitationsEnabled, email, errors: {} };
        if (!invitationsEnabled) return seriesPage(request, reply, slug, state, 404);
        if (!kit.csrfOk(request, fields))
          return seriesPage(
            request,
            reply,
            slug,
            { ...state, errors: { email: [kit.t(request)('error.csrf')] } },
            403,
          );
        try {
          // Counted once the form is known to come from our page.
          await invitationRequests(request);
          await app.invitations.request(slug, email, request.locale);
          return kit.redirect(reply, `/meetings/${slug}#invite`, 'invite.sent');
        } catch (err) {
          const problem = kit.formProblem(request, err);
          if (!problem) throw err;
          if (err instanceof RateLimitError) {
            reply.header('retry-after', String(err.retryAfterSeconds));
            return seriesPage(request, reply, slug, { ...state, errors: { email: [problem.message] } }, 429);
          }
          return seriesPage(request, reply, slug, { ...state, errors: problem.errors }, problem.status);
        }
      }),
    );

    const linkQuery = (request: FastifyRequest) => {
      const q = request.query as Record<string, unknown>;
      return {
        s: typeof q.s === 'string' ? q.s.slice(0, 100) : '',
        t: typeof q.t === 'string' ? q.t.slice(0, 100) : '',
      };
    };

    // The link in the mail only shows a button; the POST confirms. Mail scanners and link
    // previews fetch links, and must not subscribe anyone by doing so.
    server.get('/meetings/:series/invitations/confirm', async (request, reply) => {
      const { series: slug } = request.params as { series: string };
      const { s, t: token } = linkQuery(request);
      const t = kit.t(request);
      const { series } = await app.meetings.get(slug);
      return kit.send(
        reply,
        <InvitationStatusPage
          ctx={kit.ctx(request, reply)}
          title={t('invite.title')}
          message={t('invite.confirmAsk', { title: series.title })}
          confirmAction={kit
            .ctx(request, reply)
            .url(`/meetings/${slug}/invitations/confirm`, { s, t: token })}
        />,
      );
    });

    server.post('/meetings/:series/invitations/confirm', async (request, reply) => {
      const { s, t: token } = linkQuery(request);
      const t = kit.t(request);
      try {
        const { series } = await app.invitations.confirm(s, token);
        return kit.send(
          reply,
          <InvitationStatusPage
            ctx={kit.ctx(request, reply)}
            title={t('invite.title')}
            message={t('invite.confirmed', { title: series.title })}
          />,
        );
      } catch (err) {
        const problem = kit.formProblem(request, err);
        if (!problem) throw err;
        return kit.send(
          reply,
          <InvitationStatusPage
            ctx={kit.ctx(request, reply)}
            title={t('invite.title')}
            message={t('error.badLink')}
          />,
          400,
        );
      }
    });

    server.get('/meetings/:series/invitations/unsubscribe', async (request, reply) => {
      const { series: slug } = request.params as { series: string };
      const { s, t: token } = linkQuery(request);
      const t = kit.t(request);
      const { series } = await app.meetings.get(slug);
      const action = kit
        .ctx(request, reply)
        .url(`/meetings/${slug}/invitations/unsubscribe`, { s, t: token });
      return kit.send(
        reply,
        <InvitationStatusPage
          ctx={kit.ctx(request, reply)}
          title={t('invite.unsubscribeTitle')}
          message={t('invite.unsubscribeConfirm', { title: series.title })}
          unsubscribeAction={action}
        />,
      );
    });

    // RFC 8058 one-click: mail providers POST here without cookies; the signed link is the proof.
    server.post('/meetings/:series/invitations/unsubscribe', async (request, reply) => {
      const { s, t: token } = linkQuery(request);
      const t = kit.t(request);
      try {
        const { series } = await app.invitations.unsubscribe(s, token);
        return kit.send(
          reply,
          <InvitationStatusPage
            ctx={kit.ctx(request, reply)}
            title={t('invite.unsubscribeTitle')}
            message={t('invite.unsubscribed', { title: series.title })}
          />,
        );
      } catch (err) {
        const problem = kit.formProblem(request, err);
        if (!problem) throw err;
        return kit.send(
          reply,
          <InvitationStatusPage
            ctx={kit.ctx(request, reply)}
            title={t('invite.unsubscribeTitle')}
            message={t('error.badLink')}
          />,
          400,
        );
      }
    });

    server.post(
      '/meetings/:series/:date/topics',
      kit.once(
        formRoute(kit, {
          // Visitors who are not signed in see no topic form, so no message in it: they are
          // refused with an error page that says why (and offers to sign in).
          action: 'topic.propose',
          params: MeetingPageParams,
          body: TopicProposal,
          run: async (request, reply, { params, body }) => {
            const topic = await app.agenda.propose(request.auth.actor, params.series, params.date, body);
            return kit.redirect(
              reply,
              `/meetings/${params.series}/${params.date}#topic-${topic.id}`,
              topic.status === 'accepted' ? 'agenda.topicAdded' : 'agenda.topicProposed',
            );
          },
          again: (request, reply, { params, values, errors, message, status }) =>
            occurrencePage(request, reply, params.series, params.date, undefined, status, {
              values,
              errors: Object.keys(errors).length > 0 ? errors : { title: [message] },
            }),
        }),
      ),
    );

    /** Topic changes come from small forms on the occurrence page, which they return to. */
    const topicChange =
      (
        work: (request: FastifyRequest, id: string, version: number, fields: FormFields) => Promise<unknown>,
      ) =>
      async (request: FastifyRequest, reply: FastifyReply) => {
        const { id } = request.params as { id: string };
        const fields = new FormFields(request.body);
        if (!kit.csrfOk(request, fields)) throw new HttpError(403, 'error.csrf');
        try {
          const version = fields.int('version');
          if (Number.isNaN(version))
            throw new ValidationError([{ field: 'version', key: 'error.badVersion' }]);
          await work(request, id, version, fields);
          return kit.redirect(reply, safeNext(fields.get('next'), '/meetings'), 'agenda.topicChanged');
        } catch (err) {
          // Refused for a reason the reader can act on: show the agenda as it is now, with why.
          const problem =
            err instanceof ConflictError
              ? { status: 409, message: kit.t(request)('agenda.changedMeanwhile'), errors: {} }
              : kit.formProblem(request, err);
          const meeting = problem ? await app.agenda.meetingOf(id) : null;
          if (!problem || !meeting) throw err;
          const detail = [problem.message, ...Object.values(problem.errors).flat()].join(' ');
          return occurrencePage(request, reply, meeting.slug, meeting.key, undefined, problem.status, {
            values: {},
            errors: {},
            changeMessage: detail,
          });
        }
      };

    server.post(
      '/topics/:id/status',
      topicChange((request, id, version, fields) =>
        app.agenda.setStatus(request.auth.actor, id, version, fields.get('status')),
      ),
    );
    server.post(
      '/topics/:id/move',
      topicChange((request, id, version, fields) =>
        app.agenda.move(request.auth.actor, id, version, fields.get('direction')),
      ),
    );
    server.post(
      '/topics/:id/minutes',
      topicChange((request, id, version, fields) =>
        app.agenda.setMinutes(request.auth.actor, id, version, fields.get('minutes')),
      ),
    );

    /** A minutes form: on a problem the occurrence page comes back with the input at that form. */
    const minutesForm =
      (
        form: MinutesFormState['form'],
        action: Action,
        names: string[],
        work: (request: FastifyRequest, slug: string, date: string, fields: FormFields) => Promise<unknown>,
        notice: MessageKey,
      ) =>
      async (request: FastifyRequest, reply: FastifyReply) => {
        const { series: slug, date } = request.params as { series: string; date: string };
        await app.minutes.authorizeFor(request.auth.actor, action, slug, date);
        const fields = new FormFields(request.body);
        const values = Object.fromEntries(names.map((n) => [n, fields.get(n)]));
        const again = (message: string, errors = {}, status = 422, theirs?: Minutes | null) =>
          occurrencePage(request, reply, slug, date, undefined, status, undefined, {
            form,
            values,
            errors,
            message,
            theirs,
          });
        if (!kit.csrfOk(request, fields)) return again(kit.t(request)('error.csrf'), {}, 403);
        try {
          await work(request, slug, date, fields);
          return kit.redirect(reply, `/meetings/${slug}/${date}#minutes`, notice);
        } catch (err) {
          if (err instanceof ConflictError) {
            return again(kit.t(request)('minutes.conflict'), {}, 409, err.current as Minutes | null);
          }
          const problem = kit.formProblem(request, err);
          if (!problem) throw err;
          return again(problem.message, problem.errors, problem.status);
        }
      };

    server.post(
      '/meetings/:series/:date/minutes',
      minutesForm(
        'minutes',
        'minutes.write',
        ['body', 'attendeeCount', 'attendeeNames'],
        (request, slug, date, fields) =>
          app.minutes.save(request.auth.actor, slug, date, fields.int('version'), {
            body: fields.get('body'),
            attendeeCount: fields.get('attendeeCount'),
            attendeeNames: fields.get('attendeeNames'),
          }),
        'minutes.saved',
      ),
    );
    server.post(
      '/meetings/:series/:date/minutes/publish',
      minutesForm(
        'minutes',
        'minutes.publish',
        [],
        (request, slug, date, fields) =>
          app.minutes.publish(request.auth.actor, slug, date, fields.int('version')),
        'minutes.published',
      ),
    );
    server.post(
      '/meetings/:series/:date/decisions',
      kit.once(
        minutesForm(
          'decision',
          'decision.record',
          ['text', 'idea', 'status', 'reason', 'objectionHours'],
          (request, slug, date, fields) =>
            app.minutes.decide(request.auth.actor, slug, date, {
              text: fields.get('text'),
              idea: fields.get('idea'),
              status: fields.get('status'),
              reason: fields.get('reason'),
              objectionHours: fields.get('objectionHours'),
            }),
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
          ['text', 'assignee', 'dueDate', 'idea'],
          (request, slug, date, fields) =>
            app.minutes.addActionItem(request.auth.actor, slug, date, {
              text: fields.get('text'),
              assignee: fields.get('assignee'),
              dueDate: fields.get('dueDate'),
              idea: fields.get('idea'),
            }),
          'minutes.actionAdded',
        ),
      ),
    );
    server.post(
      '/meetings/:series/:date/note-taker',
      minutesForm(
        'noteTaker',
        'minutes.nameNoteTaker',
        ['noteTaker'],
        (request, slug, date, fields) =>
          app.minutes.setNoteTaker(request.auth.actor, slug, date, fields.get('noteTaker')),
        'minutes.noteTakerSet',
      ),
    );

    server.post('/meetings/:series/:date/decisions/:id/objections', async (request, reply) => {
      const { series: slug, date, id } = request.params as { series: string; date: string; id: string };
      authorizeAttempt(request.auth.actor, 'decision.object');
      const fields = new FormFields(request.body);
      const values = { reason: fields.get('reason') };
      const again = (message: string, errors = {}, status = 422) =>
        occurrencePage(request, reply, slug, date, undefined, status, undefined, {
          form: 'objection',
          decisionId: id,
          values,
          errors,
          message,
        });
      if (!kit.csrfOk(request, fields)) return again(kit.t(request)('error.csrf'), {}, 403);
      try {
        await app.minutes.object(request.auth.actor, id, values);
        return kit.redirect(reply, `/meetings/${slug}/${date}#decision-${id}`, 'decision.objected.notice');
      } catch (err) {
        const problem = kit.formProblem(request, err);
        if (!problem) throw err;
        return again(problem.message, problem.errors, problem.status);
      }
    });

    server.post('/actions/:id/done', async (request, reply) => {
      const { id } = request.params as { id: string };
      authorize(request.auth.actor, 'action.setDone');
      const fields = new FormFields(request.body);
      if (!kit.csrfOk(request, fields)) throw new HttpError(403, 'error.csrf');
      const version = fields.int('version');
      if (Number.isNaN(version)) throw new ValidationError([{ field: 'version', key: 'error.badVersion' }]);
      await app.minutes.setActionDone(request.auth.actor, id, version, fields.get('done') === 'true');
      return kit.redirect(reply, safeNext(fields.get('next'), '/meetings'), 'minutes.actionChanged');
    });

    server.get('/meetings/:series/:date/minutes.md', async (request, reply) => {
      const { series: slug, date } = request.params as { series: string; date: string };
      const { series, occurrence } = await app.meetings.occurrence(slug, date);
      const view = await app.minutes.forOccurrence({ kind: 'anonymous' }, slug, date);
      if (!view.minutes) throw new NotFoundError('minutes', date);
      return reply
        .type('text/markdown; charset=utf-8')
        .send(minutesMarkdown(series, occurrence.key, { ...view, minutes: view.minutes }, request.locale));
    });

    server.get('/meetings/:series/minutes.atom', async (request, reply) => {
      const { series: slug } = request.params as { series: string };
      const { series } = await app.meetings.get(slug);
      const entries = await app.minutes.published(slug);
      const link = (path: string) => new URL(path.replace(/^\//u, ''), config.baseUrl).toString();
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

    server.get('/meetings', async (request, reply) => {
      const overview = await app.meetings.overview(UPCOMING);
      return kit.send(reply, <MeetingsPage ctx={kit.ctx(request, reply)} overview={overview} />);
    });

    const formPage = (
      request: FastifyRequest,
      reply: FastifyReply,
      mode: 'new' | { slug: string; version: number },
      values: SeriesFormValues,
      errors: FieldErrors = {},
      message: string | null = null,
      status = 200,
    ) =>
      kit.send(
        reply,
        <SeriesFormPage
          ctx={kit.ctx(request, reply)}
          mode={mode}
          values={values}
          errors={errors}
          message={message}
        />,
        status,
      );

    server.get('/meetings/new', async (request, reply) => {
      authorize(request.auth.actor, 'series.edit');
      const today = Temporal.Instant.fromEpochMilliseconds(app.now().getTime())
        .toZonedDateTimeISO('Europe/Berlin')
        .toPlainDate();
      return formPage(request, reply, 'new', emptySeriesForm(today.toString()));
    });

    server.post(
      '/meetings/new',
      kit.once(async (request, reply) => {
        authorize(request.auth.actor, 'series.edit');
        const fields = new FormFields(request.body);
        const values = seriesFormFrom(fields);
        if (!kit.csrfOk(request, fields))
          return formPage(request, reply, 'new', values, {}, kit.t(request)('error.csrf'), 403);
        try {
          const series = await app.meetings.create(request.auth.actor, values);
          return kit.redirect(reply, `/meetings/${series.slug}`, 'meetings.created');
        } catch (err) {
          const problem = kit.formProblem(request, err);
          if (!problem) throw err;
          return formPage(request, reply, 'new', values, problem.errors, problem.message, problem.status);
        }
      }),
    );

    server.get('/meetings/:series', async (request, reply) => {
      const { series: param } = request.params as { series: string };
      if (param.endsWith('.ics')) return feeds.series(request, reply, param.slice(0, -4));
      return seriesPage(request, reply, param, { enabled: invitationsEnabled, email: '', errors: {} });
    });

    server.get('/meetings/:series/badge.svg', async (request, reply) => {
      const { series } = request.params as { series: string };
      return feeds.badge(request, reply, series);
    });

    server.get('/meetings/:series/edit', async (request, reply) => {
      authorize(request.auth.actor, 'series.edit');
      const { series: slug } = request.params as { series: string };
      const { series } = await app.meetings.get(slug);
      return formPage(
        request,
        reply,
        { slug: series.slug, version: series.version },
        seriesFormValues(series),
      );
    });

    server.post('/meetings/:series/edit', async (request, reply) => {
      authorize(request.auth.actor, 'series.edit');
      const { series: slug } = request.params as { series: string };
      const fields = new FormFields(request.body);
      const values = seriesFormFrom(fields);
      const version = fields.int('version');
      const mode = { slug, version: Number.isNaN(version) ? 0 : version };
      if (!kit.csrfOk(request, fields))
        return formPage(request, reply, mode, values, {}, kit.t(request)('error.csrf'), 403);
      try {
        const series = await app.meetings.update(request.auth.actor, slug, mode.version, values);
        return kit.redirect(reply, `/meetings/${series.slug}`, 'meetings.saved');
      } catch (err) {
        if (err instanceof ConflictError) {
          const { series } = await app.meetings.get(slug);
          return formPage(
            request,
            reply,
            { slug, version: series.version },
            values,
            {},
            kit.t(request)('meetings.conflict'),
            409,
          );
        }
        const problem = kit.formProblem(request, err);
        if (!problem) throw err;
        return formPage(request, reply, mode, values, problem.errors, problem.message, problem.status);
      }
    });

    server.post(
      '/meetings/:series/extra',
      kit.once(async (request, reply) => {
        authorize(request.auth.actor, 'occurrence.change');
        const { series: slug } = request.params as { series: string };
        const fields = new FormFields(request.body);
        if (!kit.csrfOk(request, fields)) throw new HttpError(403, 'error.csrf');
        const key = await app.meetings.addExtra(request.auth.actor, slug, {
          date: fields.get('date'),
          startTime: fields.get('startTime'),
          durationMinutes: fields.get('durationMinutes'),
          reason: fields.get('reason'),
        });
        return kit.redirect(reply, `/meetings/${slug}/${key}`, 'meetings.changed');
      }),
    );

    server.get('/meetings/:series/:date', async (request, reply) => {
      const { series: slug, date } = request.params as { series: string; date: string };
      if (date.endsWith('.ics')) return feeds.occurrence(request, reply, slug, date.slice(0, -4));
      return occurrencePage(request, reply, slug, date);
    });

    // The occurrence page's live updates: as public as the page.
    server.get('/meetings/:series/:date/events', async (request, reply) => {
      const { series: slug, date } = request.params as { series: string; date: string };
      return live.send(request, reply, await app.live.agendaChannel(slug, date));
    });

    server.post('/meetings/:series/:date/cancel', async (request, reply) =>
      change(request, reply, async (fields) => {
        const { series, date } = request.params as { series: string; date: string };
        await app.meetings.cancel(request.auth.actor, series, date, fields.get('reason'));
      }),
    );

    server.post('/meetings/:series/:date/move', async (request, reply) =>
      change(request, reply, async (fields) => {
        const { series, date } = request.params as { series: string; date: string };
        await app.meetings.move(request.auth.actor, series, date, {
          date: fields.get('newDate'),
          startTime: fields.get('newStartTime'),
          durationMinutes: fields.get('newDurationMinutes'),
          reason: fields.get('reason'),
        });
      }),
    );

    server.post('/meetings/:series/:date/restore', async (request, reply) =>
      change(request, reply, async () => {
        const { series, date } = request.params as { series: string; date: string };
        await app.meetings.restore(request.auth.actor, series, date);
      }),
    );
  };
}

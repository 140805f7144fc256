import type { FastifyReply, FastifyRequest } from 'fastify';
import type { App } from '../../../app/app.js';
import type { Config } from '../../../config.js';
import type { TopicFormState } from '../../../web/components/agenda.js';
import type { FieldErrors } from '../../../web/components/form.js';
import type { GroupFieldState } from '../../../web/components/group-field.js';
import type { MinutesFormState } from '../../../web/components/minutes.js';
import { ErrorPage } from '../../../web/pages/error.js';
import { type InvitationState, SeriesPage } from '../../../web/pages/meetings.js';
import { type ChangeFormState, OccurrencePage } from '../../../web/pages/occurrence.js';
import { SeriesFormPage, type SeriesFormValues } from '../../../web/pages/series-form.js';
import type { LiveStreams } from '../../live-stream.js';
import type { PageKit } from '../kit.js';

/** How many meetings a series' page and the meetings page list ahead. */
export const UPCOMING = 8;

/** What the occurrence page shows again after a refused form: the input at the form it came from. */
export interface OccurrenceState {
  status?: number;
  change?: ChangeFormState;
  topic?: TopicFormState;
  minutes?: MinutesFormState;
}

/** A refusal of a small form that has no page of its own to come back to: why, in words. */
function refusalView(kit: PageKit) {
  return async (
    request: FastifyRequest,
    reply: FastifyReply,
    message: string,
    errors: FieldErrors,
    status: number,
  ) => {
    const detail = [message, ...Object.values(errors).flat()].join(' ');
    return kit.render(request, reply, ErrorPage, { message: detail }, status);
  };
}

/** A series' page, with the invitation form as it was sent. */
function seriesView(app: App, kit: PageKit, invitationsEnabled: boolean) {
  return async (
    request: FastifyRequest,
    reply: FastifyReply,
    slug: string,
    invitation: InvitationState = { enabled: invitationsEnabled, email: '', errors: {} },
    status = 200,
  ) => {
    const { series, occurrences } = await app.meetings.upcoming(slug, UPCOMING);
    const [following, groupLeads] = await Promise.all([
      app.follows.isFollowing(request.auth.actor, { kind: 'series', id: series.id }),
      app.groups.leadIds(series.groupId),
    ]);
    return kit.render(
      request,
      reply,
      SeriesPage,
      { series, occurrences, invitation, following, groupLeads },
      status,
    );
  };
}

/** The meeting pages every room of routes shows, with a form's state after a refusal. */
export function meetingViews(app: App, kit: PageKit, config: Config, live: LiveStreams) {
  const invitationsEnabled = config.smtpUrl !== undefined;

  async function occurrence(
    request: FastifyRequest,
    reply: FastifyReply,
    slug: string,
    key: string,
    state: OccurrenceState = {},
  ) {
    // The stream's cursor is taken before the data: a change committed in between then makes the
    // page fetch itself once more, never the reverse.
    const since = live.cursor(await app.live.agendaChannel(slug, key));
    const { series, occurrence, topics, timebox, overview, work, ideas, comments, proposals } =
      await app.agenda.forOccurrence(slug, key);
    const minutes = await app.minutes.forOccurrence(request.auth.actor, slug, key);
    const [agendaSentAt, phase, groupLeads] = await Promise.all([
      app.reminders.agendaSentAt(series.id, occurrence.key),
      app.minutes.phase(slug, key),
      // The page's buttons for the series' group's leads, asked once for every part of it.
      app.groups.leadIds(series.groupId),
    ]);
    return kit.render(
      request,
      reply,
      OccurrencePage,
      {
        liveSince: since,
        series,
        occurrence,
        form: state.change,
        over: occurrence.end.epochMilliseconds <= app.now().getTime(),
        agenda: { topics, timebox, overview, work, ideas, comments, proposals },
        topicForm: state.topic,
        minutes,
        minutesState: state.minutes,
        agendaSentAt,
        phase,
        groupLeads,
      },
      state.status ?? 200,
    );
  }

  async function seriesForm(
    request: FastifyRequest,
    reply: FastifyReply,
    mode: 'new' | { slug: string; version: number },
    values: SeriesFormValues,
    state: { errors?: FieldErrors; message?: string | null; status?: number; group?: GroupFieldState } = {},
  ) {
    return kit.render(
      request,
      reply,
      SeriesFormPage,
      { mode, values, errors: state.errors ?? {}, message: state.message ?? null, group: state.group },
      state.status ?? 200,
    );
  }

  return {
    invitationsEnabled,
    occurrence,
    series: seriesView(app, kit, invitationsEnabled),
    seriesForm,
    refusal: refusalView(kit),
  };
}

export type MeetingViews = ReturnType<typeof meetingViews>;

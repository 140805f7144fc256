import { can } from '../../domain/policy.js';
import type { Occurrence } from '../../domain/recurrence.js';
import type { Series } from '../../domain/series.js';
import { Agenda, type AgendaView, type TopicFormState } from '../components/agenda.js';
import { ErrorSummary, Field, type FieldErrors, PostButton, PostForm } from '../components/form.js';
import { IDEA_PICKER_SCRIPT } from '../components/idea-picker.js';
import { Layout } from '../components/layout.js';
import { LiveRegion } from '../components/live-region.js';
import { MeetingTime } from '../components/meeting-time.js';
import { type MinutesFormState, MinutesSection, type MinutesView } from '../components/minutes.js';
import { Section } from '../components/section.js';
import { formatDay, formatSpan, statusKey } from '../meeting-format.js';
import type { PageContext } from '../page-context.js';

export interface ChangeFormState {
  errors: FieldErrors;
  message: string | null;
  values: Record<string, string>;
}

interface OccurrenceProps {
  ctx: PageContext;
  series: Series;
  occurrence: Occurrence;
  form?: ChangeFormState | undefined;
  /** True once the meeting has ended: it can no longer be changed. */
  over: boolean;
  agenda: AgendaView;
  /** A topic proposal that came back with problems, with what was typed. */
  topicForm?: TopicFormState | undefined;
  minutes: MinutesView;
  minutesState?: MinutesFormState | undefined;
  /** When the agenda went out to followers and subscribers (marked ready, or 24 hours before); null before. */
  agendaSentAt?: string | null | undefined;
  /** The cursor of the page's live channel when its data was read (see LiveBus.cursor). */
  liveSince?: string | undefined;
}

/** What every part of the page knows: the meeting and its path. */
interface OnThePage {
  ctx: PageContext;
  occurrence: Occurrence;
  /** Path of the occurrence, e.g. `/meetings/planning/2026-11-30`. */
  base: string;
}

/** A maintainer's button that sends the agenda now, or the word that it went out. */
function AgendaReady({ ctx, base, sentAt }: { ctx: PageContext; base: string; sentAt: string | null }) {
  const { t } = ctx;
  if (sentAt) return <p class="hint agenda-ready">{t('agenda.readySent')}</p>;
  return (
    <div class="agenda-ready stack">
      <PostButton ctx={ctx} action={`${base}/agenda-ready`} label={t('agenda.markReady')} />
      <p class="hint">{t('agenda.markReadyHint')}</p>
    </div>
  );
}

/** The maintainers' forms that cancel, move or restore a meeting that is still ahead. */
function ManageOccurrence({
  ctx,
  occurrence,
  base,
  form,
}: OnThePage & { form: ChangeFormState | undefined }) {
  const { t } = ctx;
  const errors = form?.errors ?? {};
  const values = form?.values ?? {};
  return (
    <Section name="manage" title={t('meetings.manage')} class="panel">
      <ErrorSummary errors={errors} message={form?.message ?? null} />
      {occurrence.status !== 'cancelled' && (
        <PostForm ctx={ctx} action={`${base}/cancel`} class="stack">
          <Field name="reason" label={t('meetings.cancelReason')} errors={errors}>
            {(attrs) => (
              <input {...attrs} type="text" value={values.reason ?? ''} required maxLength={2000} />
            )}
          </Field>
          <button type="submit">{t('meetings.cancel')}</button>
        </PostForm>
      )}
      {occurrence.status !== 'extra' && (
        <PostForm ctx={ctx} action={`${base}/move`} class="stack">
          <Field name="newDate" label={t('meetings.newDate')} errors={errors}>
            {(attrs) => (
              <input
                {...attrs}
                type="date"
                value={values.newDate ?? occurrence.start.toPlainDate().toString()}
                required
              />
            )}
          </Field>
          <Field name="newStartTime" label={t('meetings.newStartTime')} errors={errors}>
            {(attrs) => (
              <input
                {...attrs}
                type="time"
                value={
                  values.newStartTime ?? occurrence.start.toPlainTime().toString({ smallestUnit: 'minute' })
                }
                required
              />
            )}
          </Field>
          <Field name="newDurationMinutes" label={t('meetings.newDuration')} errors={errors}>
            {(attrs) => (
              <input
                {...attrs}
                type="number"
                min={1}
                max={1440}
                value={
                  values.newDurationMinutes ?? String(occurrence.start.until(occurrence.end).total('minutes'))
                }
                required
              />
            )}
          </Field>
          <button type="submit">{t('meetings.move')}</button>
        </PostForm>
      )}
      {(occurrence.status === 'cancelled' || occurrence.status === 'moved') && (
        <PostButton ctx={ctx} action={`${base}/restore`} label={t('meetings.restore')} />
      )}
    </Section>
  );
}

/** What the meeting is: called off or moved, when, how to join, in which language. */
function OccurrenceHead({
  ctx,
  series,
  occurrence,
  title,
  base,
}: OnThePage & { series: Series; title: string }) {
  const { t } = ctx;
  return (
    <>
      {occurrence.status === 'cancelled' && (
        <div class="admonition admonition-danger" role="note">
          <p class="admonition-title">{t('meetings.cancelledBanner')}</p>
          {occurrence.reason && <p>{t('meetings.reason', { reason: occurrence.reason })}</p>}
        </div>
      )}
      <div class="page-head">
        <h1>{title}</h1>
        {occurrence.status !== 'scheduled' && (
          <span class={`chip chip-meeting-${occurrence.status}`}>{t(statusKey(occurrence))}</span>
        )}
      </div>
      <p class="meeting-when">
        <MeetingTime ctx={ctx} occurrence={occurrence} />
      </p>
      {occurrence.status === 'moved' && occurrence.originalStart && (
        <p>
          {t('meetings.movedFrom', {
            time: formatSpan(
              occurrence.originalStart,
              occurrence.originalStart.add({ minutes: series.schedule.durationMinutes }),
              ctx.locale,
            ),
          })}
          {occurrence.reason && ` ${t('meetings.reason', { reason: occurrence.reason })}`}
        </p>
      )}
      <p class="actions">
        {series.joinUrl && occurrence.status !== 'cancelled' && (
          <a class="button primary" href={series.joinUrl} rel="noopener">
            {t('meetings.join', { platform: series.platform || t('meetings.joinLink') })}
          </a>
        )}
        <a class="button" href={ctx.url(`${base}.ics`)}>
          {t('meetings.addToCalendar')}
        </a>
      </p>
      <p class="muted small">
        {[series.languages, series.recorded ? t('meetings.recorded') : t('meetings.notRecorded')]
          .filter(Boolean)
          .join(' · ')}
      </p>
    </>
  );
}

export function OccurrencePage({
  ctx,
  series,
  occurrence,
  form,
  over,
  agenda,
  topicForm,
  minutes,
  minutesState,
  liveSince,
  agendaSentAt,
}: OccurrenceProps) {
  const { t } = ctx;
  const title = t('meetings.occurrenceTitle', {
    title: series.title,
    date: formatDay(occurrence.start, ctx.locale),
  });
  const base = `/meetings/${series.slug}/${occurrence.key}`;
  return (
    <Layout
      ctx={ctx}
      title={title}
      scripts={
        can(ctx.actor, 'topic.arrange')
          ? ['live.js', 'local-time.js', 'drag.js', 'agenda-drag.js', IDEA_PICKER_SCRIPT]
          : ['live.js', 'local-time.js', IDEA_PICKER_SCRIPT]
      }
    >
      <p>
        <a href={ctx.url(`/meetings/${series.slug}`)}>← {t('meetings.backToSeries')}</a>
      </p>
      <LiveRegion ctx={ctx} id="occurrence-live" events={ctx.url(`${base}/events`, { since: liveSince })}>
        <OccurrenceHead ctx={ctx} series={series} occurrence={occurrence} title={title} base={base} />

        <Section name="agenda" title={t('meetings.agenda')} id="agenda">
          <Agenda
            ctx={ctx}
            view={agenda}
            proposeAction={ctx.url(`${base}/topics`)}
            canPropose={!over && occurrence.status !== 'cancelled'}
            form={topicForm}
          />
          {can(ctx.actor, 'agenda.markReady') && !over && occurrence.status !== 'cancelled' && (
            <AgendaReady ctx={ctx} base={base} sentAt={agendaSentAt ?? null} />
          )}
        </Section>

        <MinutesSection ctx={ctx} view={minutes} base={base} state={minutesState} />

        {/* A change sent while the meeting was still ahead can arrive after it ended: say why it failed. */}
        {over && form && <ErrorSummary errors={form.errors} message={form.message} />}
        {can(ctx.actor, 'occurrence.change') && !over && (
          <ManageOccurrence ctx={ctx} occurrence={occurrence} base={base} form={form} />
        )}
      </LiveRegion>
    </Layout>
  );
}

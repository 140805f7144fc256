import type { MeetingPhase } from '../../domain/meeting-phase.js';
import { can } from '../../domain/policy.js';
import type { Occurrence } from '../../domain/recurrence.js';
import type { Series } from '../../domain/series.js';
import { Agenda, type AgendaView, type TopicFormState } from '../components/agenda.js';
import { ErrorSummary, PostButton, PostForm } from '../components/form.js';
import { IDEA_PICKER_SCRIPT } from '../components/idea-picker.js';
import { Layout } from '../components/layout.js';
import { LiveRegion } from '../components/live-region.js';
import { type ChangeFormState, ManageOccurrence } from '../components/manage-occurrence.js';
import { MeetingTime } from '../components/meeting-time.js';
import { type MinutesFormState, MinutesSection, type MinutesView } from '../components/minutes.js';
import { NoteTakerForm } from '../components/minutes-editor.js';
import { RunSheet, runSheetState } from '../components/run-sheet.js';
import { Section } from '../components/section.js';
import { SeriesLinks } from '../components/series-links.js';
import { formatDay, formatSpan, statusKey } from '../meeting-format.js';
import type { PageContext } from '../page-context.js';

export type { ChangeFormState };

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
  /** Where the meeting stands by the hub's clock, when it began or begins, when that changes next. */
  phase: { phase: MeetingPhase; begins: string; changes: string | null };
  /** The leads of the series' group: they run its meetings as maintainers do. */
  groupLeads: readonly string[];
}

/** What every part of the page knows: the meeting and its path. */
interface OnThePage {
  ctx: PageContext;
  occurrence: Occurrence;
  /** Path of the occurrence, e.g. `/meetings/planning/2026-11-30`. */
  base: string;
}

/** What the meeting is: called off or moved, when, how to join, in which language. */
function OccurrenceHead({
  ctx,
  series,
  occurrence,
  title,
  base,
  phase,
  noteTakerName,
}: OnThePage & { series: Series; title: string; phase: MeetingPhase; noteTakerName: string | null }) {
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
        {occurrence.status !== 'cancelled' && (
          <span class={`chip chip-phase-${phase}`}>{t(`meetings.phase.${phase}`)}</span>
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
        {series.joinUrl &&
          occurrence.status !== 'cancelled' &&
          (phase === 'before' || phase === 'during') && (
            <a class="button primary" href={series.joinUrl} rel="noopener">
              {t('meetings.join', { platform: series.platform || t('meetings.joinLink') })}
            </a>
          )}
        <a class="button" href={ctx.url(`${base}.ics`)}>
          {t('meetings.addToCalendar')}
        </a>
      </p>
      <p class="muted small">
        {[
          series.languages,
          series.recorded ? t('meetings.recorded') : t('meetings.notRecorded'),
          noteTakerName && t('minutes.noteTakerIs', { name: noteTakerName }),
        ]
          .filter(Boolean)
          .join(' · ')}
      </p>
      <SeriesLinks ctx={ctx} series={series} />
    </>
  );
}

/** Before the meeting, for maintainers and the group's leads: start it early, change it, name its note-taker. */
function BeforeTools({
  ctx,
  occurrence,
  base,
  form,
  minutesState,
  groupLeads,
}: OnThePage & {
  form: ChangeFormState | undefined;
  minutesState: MinutesFormState | undefined;
  groupLeads: readonly string[];
}) {
  const { t } = ctx;
  const may = (action: 'minutes.nameNoteTaker' | 'meeting.start' | 'occurrence.change') =>
    can(ctx.actor, action, { groupLeads });
  const mayNameNoteTaker = may('minutes.nameNoteTaker');
  const noteTaker = minutesState?.form === 'noteTaker' && mayNameNoteTaker ? minutesState : undefined;
  return (
    <div class="meeting-tools">
      {may('meeting.start') && occurrence.status !== 'cancelled' && (
        <PostForm ctx={ctx} action={`${base}/start`} class="start-form">
          <button type="submit" class="primary">
            {t('meetings.startNow')}
          </button>{' '}
          <span class="hint">{t('meetings.startHint')}</span>
        </PostForm>
      )}
      {may('occurrence.change') && (
        <ManageOccurrence ctx={ctx} occurrence={occurrence} base={base} form={form} />
      )}
      {mayNameNoteTaker && (
        <details class="panel" open={noteTaker !== undefined}>
          <summary>{t('minutes.noteTaker')}</summary>
          <NoteTakerForm ctx={ctx} base={base} state={noteTaker} />
        </details>
      )}
    </div>
  );
}

/** The meeting under way: the run sheet, its record as it is written, the agenda below. */
function DuringBody(props: OccurrenceProps & OnThePage) {
  const { ctx, agenda, minutes, minutesState, phase, base, topicForm, occurrence, groupLeads } = props;
  const sheet = runSheetState(agenda.topics, phase.begins, ctx.now);
  const idea = sheet.current?.ideaId ? agenda.ideas?.get(sheet.current.ideaId) : undefined;
  const proposal = sheet.current?.proposalId ? agenda.proposals?.get(sheet.current.proposalId) : undefined;
  // The decision form starts from the topic under discussion: its idea, its proposal.
  const defaults = {
    ...(idea ? { ideaId: idea.slug } : {}),
    ...(proposal ? { proposal: String(proposal.number) } : {}),
  };
  return (
    <>
      <RunSheet ctx={ctx} state={sheet} ideas={agenda.ideas} groupLeads={groupLeads} />
      <MinutesSection
        ctx={ctx}
        view={minutes}
        base={base}
        state={minutesState}
        phase="during"
        defaults={idea || proposal ? defaults : undefined}
        groupLeads={groupLeads}
      />
      <Section name="agenda" title={ctx.t('meetings.agenda')} id="agenda">
        <Agenda
          ctx={ctx}
          view={agenda}
          groupLeads={groupLeads}
          proposeAction={ctx.url(`${base}/topics`)}
          canPropose={occurrence.status !== 'cancelled'}
          form={topicForm}
        />
      </Section>
    </>
  );
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

/**
 * Whether a refused record form is missing from the page in this phase, or for this reader, so
 * that its refusal must be said above the page (a start or a note-taker after the meeting began,
 * a decision sent from a page opened earlier, a form the reader may not use).
 */
function refusedOffPage(
  ctx: PageContext,
  phase: MeetingPhase,
  state: MinutesFormState,
  subject: { noteTakerId: string | null; groupLeads: readonly string[] },
) {
  const writer = can(ctx.actor, 'minutes.write', subject);
  switch (state.form) {
    case 'objection':
      return false;
    case 'noteTaker':
      return phase !== 'before' || !can(ctx.actor, 'minutes.nameNoteTaker', subject);
    case 'start':
      return true;
    case 'decision':
      return phase === 'before' || phase === 'published' || !can(ctx.actor, 'decision.record', subject);
    case 'action':
      return phase === 'before' || phase === 'published' || !writer;
    case 'minutes':
      return phase === 'before' || !writer;
  }
}

/**
 * Why a form was refused, where its form is not on the page (another phase, or a reader who may
 * not use it): said above the page.
 */
function OffPageRefusals(props: OccurrenceProps) {
  const { ctx, agenda, minutes, minutesState, phase, topicForm, form, groupLeads } = props;
  const changeRefusal =
    form && (phase.phase !== 'before' || !can(ctx.actor, 'occurrence.change', { groupLeads }));
  const recordRefusal =
    minutesState &&
    refusedOffPage(ctx, phase.phase, minutesState, {
      noteTakerId: minutes.minutes?.noteTakerId ?? null,
      groupLeads,
    });
  // Published minutes show the agenda only if topics stayed on it; a topic refused there needs a word.
  const topicRefusal = topicForm && phase.phase === 'published' && agenda.topics.length === 0;
  return (
    <>
      {topicRefusal && (
        <ErrorSummary errors={{}} message={Object.values(topicForm.errors).flat().join(' ')} />
      )}
      {changeRefusal && <ErrorSummary errors={form.errors} message={form.message} />}
      {recordRefusal && <ErrorSummary errors={minutesState.errors} message={minutesState.message} />}
    </>
  );
}

/** Before: the agenda. After: the minutes draft, the agenda as it was. Published: the record. */
function PhaseBody(props: OccurrenceProps & OnThePage) {
  const { ctx, agenda, minutes, minutesState, phase, base, topicForm, occurrence, form, over, groupLeads } =
    props;
  const refusal = <OffPageRefusals {...props} />;
  if (phase.phase === 'during')
    return (
      <>
        {refusal}
        <DuringBody {...props} />
      </>
    );
  const agendaSection = (
    <Section name="agenda" title={ctx.t('meetings.agenda')} id="agenda">
      <Agenda
        ctx={ctx}
        view={agenda}
        groupLeads={groupLeads}
        proposeAction={ctx.url(`${base}/topics`)}
        canPropose={phase.phase === 'before' && !over && occurrence.status !== 'cancelled'}
        form={topicForm}
        readOnly={phase.phase === 'published'}
        underTopics={
          phase.phase === 'before' &&
          can(ctx.actor, 'agenda.markReady', { groupLeads }) &&
          !over &&
          occurrence.status !== 'cancelled' && (
            <AgendaReady ctx={ctx} base={base} sentAt={props.agendaSentAt ?? null} />
          )
        }
      />
    </Section>
  );
  if (phase.phase === 'before')
    return (
      <>
        {refusal}
        {agendaSection}
        <BeforeTools
          ctx={ctx}
          occurrence={occurrence}
          base={base}
          form={form}
          minutesState={minutesState}
          groupLeads={groupLeads}
        />
      </>
    );
  return (
    <>
      <MinutesSection
        ctx={ctx}
        view={minutes}
        base={base}
        state={minutesState}
        phase={phase.phase}
        groupLeads={groupLeads}
      />
      {/* A change sent while the meeting was still ahead can arrive after it began: say why it failed. */}
      {refusal}
      {/* Published: the topics as they were, if any stayed (the undiscussed ones moved on). */}
      {(phase.phase === 'after' || agenda.topics.length > 0) && agendaSection}
    </>
  );
}

export function OccurrencePage(props: OccurrenceProps) {
  const { ctx, series, occurrence, liveSince, phase, groupLeads } = props;
  const { t } = ctx;
  const title = t('meetings.occurrenceTitle', {
    title: series.title,
    date: formatDay(occurrence.start, ctx.locale),
  });
  const base = `/meetings/${series.slug}/${occurrence.key}`;
  const arrange = can(ctx.actor, 'topic.arrange', { groupLeads }) && phase.phase !== 'published';
  return (
    <Layout
      ctx={ctx}
      title={title}
      scripts={
        arrange
          ? ['live.js', 'local-time.js', 'drag.js', 'agenda-drag.js', IDEA_PICKER_SCRIPT]
          : ['live.js', 'local-time.js', IDEA_PICKER_SCRIPT]
      }
    >
      <p>
        <a href={ctx.url(`/meetings/${series.slug}`)}>← {t('meetings.backToSeries')}</a>
      </p>
      <LiveRegion
        ctx={ctx}
        id="occurrence-live"
        events={ctx.url(`${base}/events`, { since: liveSince })}
        changes={phase.changes}
      >
        <OccurrenceHead
          ctx={ctx}
          series={series}
          occurrence={occurrence}
          title={title}
          base={base}
          phase={phase.phase}
          // Once it began, the minutes section names the note-taker.
          noteTakerName={phase.phase === 'before' ? (props.minutes.minutes?.noteTakerName ?? null) : null}
        />
        <PhaseBody {...props} occurrence={occurrence} base={base} />
      </LiveRegion>
    </Layout>
  );
}

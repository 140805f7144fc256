import { can } from '../../domain/policy.js';
import type { Occurrence } from '../../domain/recurrence.js';
import type { Series } from '../../domain/series.js';
import { Admonition } from '../components/admonition.js';
import { ButtonLink } from '../components/button.js';
import { BadgeSnippet, CalendarSubscription } from '../components/calendar-subscription.js';
import { FollowButton } from '../components/follow.js';
import { type FieldErrors, OnceField, PostForm } from '../components/form.js';
import { Layout } from '../components/layout.js';
import { Markdown } from '../components/markdown.js';
import { NextMeetingCard, OccurrenceLink } from '../components/meeting-card.js';
import { Section } from '../components/section.js';
import { SeriesLinks } from '../components/series-links.js';
import { scheduleSentence } from '../meeting-format.js';
import type { PageContext } from '../page-context.js';
import { InvitationForm } from './invitation.js';

export interface SeriesOverview {
  series: Series;
  occurrences: Occurrence[];
}

export function MeetingsPage({
  ctx,
  overview,
  mayCreate = can(ctx.actor, 'series.edit'),
}: {
  ctx: PageContext;
  overview: SeriesOverview[];
  /** Whether the reader may make a series: maintainers, and the leads of a group in it. */
  mayCreate?: boolean;
}) {
  const { t } = ctx;
  return (
    <Layout ctx={ctx} title={t('meetings.title')} scripts={['local-time.js']}>
      <div class="page-head">
        <h1>{t('meetings.title')}</h1>
        {mayCreate && <ButtonLink href={ctx.url('/meetings/new')}>{t('meetings.new')}</ButtonLink>}
      </div>
      <p>{t('meetings.intro')}</p>
      {overview.length === 0 ? (
        <p class="empty">
          {can(ctx.actor, 'series.edit') ? t('meetings.emptyMaintainer') : t('meetings.empty')}
        </p>
      ) : (
        overview.map(({ series, occurrences }) => (
          <article key={series.id} class="series-summary">
            <NextMeetingCard ctx={ctx} series={series} next={occurrences[0] ?? null} />
            <p>{scheduleSentence(series.schedule, t, ctx.locale)}</p>
            <OccurrenceList ctx={ctx} series={series} occurrences={occurrences.slice(1)} />
          </article>
        ))
      )}
    </Layout>
  );
}

/** A series with some of its occurrences, as a list of them shows it. */
interface SeriesOccurrences {
  ctx: PageContext;
  series: Series;
  occurrences: Occurrence[];
}

export function OccurrenceList({ ctx, series, occurrences }: SeriesOccurrences) {
  if (occurrences.length === 0) return null;
  return (
    <ul class="occurrence-list">
      {occurrences.map((o) => (
        <li key={o.key} class={`occurrence occurrence-${o.status}`}>
          <OccurrenceLink ctx={ctx} series={series} occurrence={o} />
          {o.reason && <span class="muted"> — {o.reason}</span>}
        </li>
      ))}
    </ul>
  );
}

export interface InvitationState {
  enabled: boolean;
  email: string;
  errors: FieldErrors;
}

export function SeriesPage({
  ctx,
  series,
  occurrences,
  invitation,
  following = false,
  groupLeads = [],
}: {
  ctx: PageContext;
  series: Series;
  occurrences: Occurrence[];
  invitation: InvitationState;
  /** Whether the reader follows the series. */
  following?: boolean;
  /** The leads of the series' group: they edit it and add meetings as maintainers do. */
  groupLeads?: readonly string[];
}) {
  const { t } = ctx;
  const subject = { groupLeads };
  return (
    <Layout ctx={ctx} title={series.title} scripts={['local-time.js']}>
      <p>
        <a href={ctx.url('/meetings')}>← {t('meetings.title')}</a>
      </p>
      <div class="page-head">
        <h1>{series.title}</h1>
        <FollowButton ctx={ctx} action={`/meetings/${series.slug}/follow`} following={following} />
        {can(ctx.actor, 'series.edit', subject) && (
          <ButtonLink href={ctx.url(`/meetings/${series.slug}/edit`)}>{t('meetings.edit')}</ButtonLink>
        )}
      </div>
      <p class="schedule-sentence">{scheduleSentence(series.schedule, t, ctx.locale)}</p>
      {series.purpose && <Markdown ctx={ctx} source={series.purpose} />}
      <NextMeetingCard ctx={ctx} series={series} next={occurrences[0] ?? null} />
      <SeriesLinks ctx={ctx} series={series} />
      {series.contributeNote && (
        <Admonition kind="info" label={t('meetings.contribute')}>
          <Markdown ctx={ctx} source={series.contributeNote} />
        </Admonition>
      )}
      <InvitationForm
        ctx={ctx}
        slug={series.slug}
        enabled={invitation.enabled}
        email={invitation.email}
        errors={invitation.errors}
      />
      {series.invitationInfo && (
        <Section name="invitation" title={t('meetings.invitation')}>
          <Markdown ctx={ctx} source={series.invitationInfo} />
        </Section>
      )}
      <ScheduleSection ctx={ctx} series={series} occurrences={occurrences} />
      {can(ctx.actor, 'occurrence.change', subject) && <ExtraMeetingSection ctx={ctx} series={series} />}
      <Section name="badge" title={t('meetings.badge')}>
        <BadgeSnippet ctx={ctx} series={series} />
      </Section>
    </Layout>
  );
}

/** The next occurrences and the calendar subscription (exact where weeks are odd or even). */
function ScheduleSection({ ctx, series, occurrences }: SeriesOccurrences) {
  return (
    <Section name="schedule" title={ctx.t('meetings.next')}>
      <OccurrenceList ctx={ctx} series={series} occurrences={occurrences} />
      <CalendarSubscription ctx={ctx} series={series} />
    </Section>
  );
}

/** A meeting outside the schedule, on a date and at a time of its own. */
function ExtraMeetingSection({ ctx, series }: { ctx: PageContext; series: Series }) {
  const { t } = ctx;
  return (
    <Section name="extra" title={t('meetings.addExtra')} class="panel">
      <PostForm ctx={ctx} action={`/meetings/${series.slug}/extra`} class="inline-form">
        <OnceField ctx={ctx} />
        <label>
          {t('meetings.newDate')} <input type="date" name="date" required />
        </label>
        <label>
          {t('series.startTime')}{' '}
          <input type="time" name="startTime" value={series.schedule.startTime} required />
        </label>
        <label>
          {t('series.duration')}{' '}
          <input
            type="number"
            name="durationMinutes"
            min={1}
            max={1440}
            value={String(series.schedule.durationMinutes)}
            required
          />
        </label>
        <button type="submit">{t('meetings.addExtra')}</button>
      </PostForm>
    </Section>
  );
}

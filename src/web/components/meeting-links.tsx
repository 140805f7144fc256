import type { Topic } from '../../domain/agenda.js';
import type { MeetingPhase } from '../../domain/meeting-phase.js';
import type { Decision } from '../../domain/minutes.js';
import { formatPlainDate } from '../meeting-format.js';
import type { PageContext } from '../page-context.js';
import { ProposalChip } from './proposal-chip.js';
import { Section } from './section.js';
import { StatusChip } from './status-chip.js';
import { Time } from './time.js';

/** Where a topic or decision stands: the meeting's series and date. */
export interface AtMeeting {
  seriesSlug: string;
  seriesTitle: string;
  occurrence: string;
}

/** The meeting where something about an idea or proposal happened, by series and date. */
export function MeetingLink({ ctx, at, anchor }: { ctx: PageContext; at: AtMeeting; anchor: string }) {
  return (
    <a href={ctx.url(`/meetings/${at.seriesSlug}/${at.occurrence}#${anchor}`)}>
      {at.seriesTitle}, {formatPlainDate(at.occurrence, ctx.locale)}
    </a>
  );
}

/**
 * A topic at a meeting it was on, with where that meeting stands when the page knows it;
 * `carriedTo` names the meeting it was carried over to from there (it is no longer on this one).
 */
export type TopicAtMeeting = Topic & AtMeeting & { phase?: MeetingPhase; carriedTo?: string | null };

/** What became of the topic at that meeting: its status, or where it went on to. */
function TopicOutcome({ ctx, topic }: { ctx: PageContext; topic: TopicAtMeeting }) {
  const { t } = ctx;
  return topic.carriedTo
    ? t('agenda.carriedTo', { date: formatPlainDate(topic.carriedTo, ctx.locale) })
    : t(`topicStatus.${topic.status}`);
}

/** The meetings an idea or proposal was brought to, with what became of each topic. */
export function MeetingsBroughtTo({
  ctx,
  meetings,
  title,
}: {
  ctx: PageContext;
  meetings: readonly TopicAtMeeting[];
  title: string;
}) {
  const { t } = ctx;
  return (
    <Section name="meetings" title={title}>
      <ul class="idea-meetings">
        {meetings.map((topic) => (
          <li key={`${topic.id}-${topic.occurrence}`}>
            {/* A meeting it left shows it in its minutes only, by their decisions. */}
            <MeetingLink ctx={ctx} at={topic} anchor={topic.carriedTo ? 'minutes' : `topic-${topic.id}`} />:{' '}
            {topic.title} (<TopicOutcome ctx={ctx} topic={topic} />)
            {topic.phase && (
              <>
                {' '}
                <span class={`chip chip-phase-${topic.phase}`}>{t(`meetings.phase.${topic.phase}`)}</span>
              </>
            )}
          </li>
        ))}
      </ul>
    </Section>
  );
}

/** Where a lazy-consensus decision stands: open for objections until when, or objected. */
function DecisionState({ ctx, decision }: { ctx: PageContext; decision: Decision }) {
  const { t } = ctx;
  if (decision.state === 'objected') return <span class="muted small"> ({t('decision.stateObjected')})</span>;
  if (decision.state !== 'proposed') return null;
  return (
    <span class="muted small">
      {' '}
      ({t('decision.stateProposed')}
      {decision.objectionDeadline && (
        <>
          {' '}
          {t('decision.openUntil')} <Time ctx={ctx} iso={decision.objectionDeadline} />
        </>
      )}
      )
    </span>
  );
}

/** Decisions taken about an idea or proposal, with the status or state each moves it to. */
export function DecisionsTaken({
  ctx,
  decisions,
  title,
}: {
  ctx: PageContext;
  decisions: readonly (Decision & AtMeeting)[];
  title: string;
}) {
  const { t } = ctx;
  return (
    <Section name="decisions" title={title}>
      <ul class="idea-decisions">
        {decisions.map((d) => (
          <li key={d.id}>
            <MeetingLink ctx={ctx} at={d} anchor={`decision-${d.id}`} />: {d.text}
            {d.toStatus && (
              <>
                {' '}
                → <StatusChip status={d.toStatus} t={t} />
              </>
            )}
            {d.toState && (
              <>
                {' '}
                → <ProposalChip state={d.toState} t={t} />
              </>
            )}
            <DecisionState ctx={ctx} decision={d} />
          </li>
        ))}
      </ul>
    </Section>
  );
}

import type { Topic } from '../../domain/agenda.js';
import type { Idea } from '../../domain/idea.js';
import type { PageContext } from '../page-context.js';
import { Section } from './section.js';
import { TopicActions } from './topic-actions.js';

/** The topic under discussion and how far the meeting is behind or ahead of its timebox. */
export interface RunSheetState {
  current: Topic | null;
  next: Topic | null;
  /** Whole minutes left for the current topic; negative when it runs over. */
  minutesLeft: number;
}

/**
 * Where the meeting stands: the first accepted topic not yet discussed is under discussion, and
 * its time runs out when the minutes of the topics up to it, counted from when the meeting
 * began, are spent.
 */
export function runSheetState(agenda: readonly Topic[], begins: string, now: Date): RunSheetState {
  const order = agenda.filter((t) => t.status === 'accepted' || t.status === 'discussed');
  const at = order.findIndex((t) => t.status === 'accepted');
  if (at < 0) return { current: null, next: null, minutesLeft: 0 };
  const upTo = order.slice(0, at + 1).reduce((sum, t) => sum + t.minutes, 0);
  const due = Date.parse(begins) + upTo * 60_000;
  return {
    current: order[at] ?? null,
    next: order.slice(at + 1).find((t) => t.status === 'accepted') ?? null,
    minutesLeft: Math.floor((due - now.getTime()) / 60_000),
  };
}

/** The run sheet: the topic now, its time left, the one after, for whoever runs the meeting. */
export function RunSheet({
  ctx,
  state,
  ideas,
  groupLeads,
}: {
  ctx: PageContext;
  state: RunSheetState;
  ideas: ReadonlyMap<string, Idea> | undefined;
  /** The leads of the meeting's group, who move its topics on as maintainers do. */
  groupLeads: readonly string[];
}) {
  const { t } = ctx;
  const { current, next, minutesLeft } = state;
  const idea = current?.ideaId ? ideas?.get(current.ideaId) : undefined;
  return (
    <Section name="run-sheet" title={t('runSheet.heading')} id="run-sheet" class="panel run-sheet">
      {current ? (
        <div class="run-current">
          <p class="muted small">{t('runSheet.current')}</p>
          <p class="run-topic">
            <strong>{current.title}</strong>{' '}
            <span class={`chip${minutesLeft < 0 ? ' chip-overtime' : ''}`}>
              {minutesLeft >= 0
                ? t('runSheet.timeLeft', { minutes: minutesLeft })
                : t('runSheet.overtime', { minutes: -minutesLeft })}
            </span>
          </p>
          {idea && (
            <p class="small">
              {t('agenda.ideaLink')}: <a href={ctx.url(`/ideas/${idea.slug}`)}>{idea.title}</a>
            </p>
          )}
          <TopicActions ctx={ctx} topic={current} first last groupLeads={groupLeads} />
        </div>
      ) : (
        <p>{t('runSheet.allDiscussed')}</p>
      )}
      <p class="run-next">
        <span class="muted small">{t('runSheet.next')}:</span>{' '}
        {next ? (
          <>
            {next.title} <span class="chip">{t('agenda.minutes', { minutes: next.minutes })}</span>
          </>
        ) : (
          t('runSheet.noNext')
        )}
      </p>
    </Section>
  );
}

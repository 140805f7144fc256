import type { MeetingPhase } from '../../domain/meeting-phase.js';
import type { ActionItem, Decision, Minutes } from '../../domain/minutes.js';
import { can } from '../../domain/policy.js';
import { formatPlainDate } from '../meeting-format.js';
import type { PageContext } from '../page-context.js';
import { WorkList } from './agenda.js';
import { ErrorSummary, Field, PostForm } from './form.js';
import { Markdown } from './markdown.js';
import { type EditorMode, MinutesEditor, type MinutesFormState } from './minutes-editor.js';

export type { MinutesFormState } from './minutes-editor.js';

import { ListOrEmpty } from './list.js';
import { ProposalChip, ProposalLink } from './proposal-chip.js';
import { Section } from './section.js';
import { StatusChip } from './status-chip.js';
import { Time } from './time.js';

export interface MinutesView {
  minutes: Minutes | null;
  decisions: Decision[];
  actionItems: ActionItem[];
}

/** A decision on the meeting's page at `base`. */
interface DecisionPlace {
  ctx: PageContext;
  decision: Decision;
  base: string;
}

/** The form that objects to a decision while it is open, unfolded when it was refused. */
function ObjectionForm({
  ctx,
  decision,
  base,
  mine,
}: DecisionPlace & { mine: MinutesFormState | undefined }) {
  const { t } = ctx;
  return (
    <details open={mine !== undefined}>
      <summary>{t('decision.object')}</summary>
      <PostForm ctx={ctx} action={`${base}/decisions/${decision.id}/objections`} class="stack" novalidate>
        <Field
          name="reason"
          scope={`objection-${decision.id}`}
          label={t('decision.objectionReason')}
          errors={mine?.errors ?? {}}
        >
          {(attrs) => <textarea {...attrs} rows={2} value={mine?.values.reason ?? ''} />}
        </Field>
        <button type="submit">{t('decision.object')}</button>
      </PostForm>
    </details>
  );
}

function DecisionLine({
  ctx,
  decision,
  base,
  state,
  draft,
}: {
  ctx: PageContext;
  decision: Decision;
  base: string;
  state: MinutesFormState | undefined;
  /** Whether the minutes holding it are unpublished, so a direct decision has not taken effect yet. */
  draft: boolean;
}) {
  const { t } = ctx;
  const mine = state?.form === 'objection' && state.decisionId === decision.id ? state : undefined;
  return (
    <li id={`decision-${decision.id}`}>
      {decision.text} (<a href={ctx.url(`/decisions/${decision.id}/comments`)}>{t('comment.discuss')}</a>)
      {decision.ideaSlug && decision.ideaTitle && (
        <>
          {' '}
          (
          {decision.toStatus ? (
            <>
              <a href={ctx.url(`/ideas/${decision.ideaSlug}`)}>{decision.ideaTitle}</a> →{' '}
              <StatusChip status={decision.toStatus} t={t} />
            </>
          ) : (
            <a href={ctx.url(`/ideas/${decision.ideaSlug}`)}>{decision.ideaTitle}</a>
          )}
          )
        </>
      )}
      {decision.proposalNumber !== null && (
        <>
          {' '}
          (<ProposalLink ctx={ctx} number={decision.proposalNumber} title={decision.proposalTitle ?? ''} />
          {decision.toState && (
            <>
              {' '}
              → <ProposalChip state={decision.toState} t={t} />
            </>
          )}
          )
        </>
      )}
      {decision.state === 'proposed' && (
        <p class="notice small">
          {decision.objectionDeadline ? (
            <>
              {t('decision.proposedUntil')} <Time ctx={ctx} iso={decision.objectionDeadline} />
            </>
          ) : (
            t('decision.proposedDraft', { hours: decision.objectionHours ?? 0 })
          )}
        </p>
      )}
      {decision.state === 'final' && draft && decision.toStatus && (
        <p class="notice small">{t('decision.pendingPublication')}</p>
      )}
      {decision.state === 'final' && draft && decision.toState && (
        <p class="notice small">{t('decision.pendingProposal')}</p>
      )}
      {decision.state === 'objected' && <p class="notice small">{t('decision.objected')}</p>}
      {decision.objections.length > 0 && (
        <ul class="objections small">
          {decision.objections.map((o) => (
            <li key={o.id}>
              {t('decision.objectionBy', { name: o.userName ?? t('decision.formerMember') })} {o.reason}
            </li>
          ))}
        </ul>
      )}
      {decision.open && ctx.actor.kind === 'user' && (
        <ObjectionForm ctx={ctx} decision={decision} base={base} mine={mine} />
      )}
    </li>
  );
}

/** One action item, with the button that marks it done or open again. */
function ActionItemLine({
  ctx,
  item: a,
  base,
  groupLeads,
}: {
  ctx: PageContext;
  item: ActionItem;
  base: string;
  groupLeads: readonly string[];
}) {
  const { t } = ctx;
  return (
    <li key={a.id} class={a.done ? 'action-done' : ''}>
      {a.text}
      {a.assignee && <> — {a.assignee}</>}
      {a.dueDate && (
        <>
          {' '}
          ({t('minutes.due')}: {formatPlainDate(a.dueDate, ctx.locale)})
        </>
      )}
      {a.done && (
        <>
          {' '}
          <span class="chip chip-done">{t('minutes.done')}</span>
        </>
      )}
      {can(ctx.actor, 'action.setDone', { groupLeads }) && (
        <PostForm ctx={ctx} action={`/actions/${a.id}/done`} class="inline">
          <input type="hidden" name="version" value={String(a.version)} />
          <input type="hidden" name="done" value={a.done ? 'false' : 'true'} />
          <input type="hidden" name="next" value={`${base}#minutes`} />{' '}
          <button type="submit" class="small-button">
            {a.done ? t('minutes.markOpen') : t('minutes.markDone')}
          </button>
        </PostForm>
      )}
    </li>
  );
}

/** The notes as written: draft or published (with its Markdown export), attendees, the text. */
function MinutesNotes({ ctx, minutes, base }: { ctx: PageContext; minutes: Minutes; base: string }) {
  const { t } = ctx;
  return (
    <>
      {minutes.status === 'draft' && <p class="notice notice-warning">{t('minutes.draft')}</p>}
      {minutes.status === 'published' && minutes.publishedAt && (
        <p class="muted small">
          {t('minutes.publishedOn', { date: formatPlainDate(minutes.publishedAt.slice(0, 10), ctx.locale) })}{' '}
          {minutes.updatedAt > minutes.publishedAt && (
            <>
              {t('minutes.editedOn', {
                date: formatPlainDate(minutes.updatedAt.slice(0, 10), ctx.locale),
              })}{' '}
            </>
          )}
          <a href={ctx.url(`${base}/minutes.md`)}>{t('minutes.markdown')}</a>
        </p>
      )}
      {minutes.attendeeCount !== null && <p>{t('minutes.attendees', { count: minutes.attendeeCount })}</p>}
      {minutes.attendeeNames && <p class="muted">{minutes.attendeeNames}</p>}
      {minutes.body && <Markdown ctx={ctx} source={minutes.body} />}
    </>
  );
}

/** The roadmap and work in progress as they were when the minutes were published. */
function OverviewThen({ ctx, minutes }: { ctx: PageContext; minutes: Minutes }) {
  const { t } = ctx;
  if (!minutes.overview) return null;
  return (
    <>
      <h3>{t('minutes.overviewThen')}</h3>
      <ul class="overview">
        {minutes.overview.map((i) => (
          <li key={i.slug}>
            <a href={ctx.url(`/ideas/${i.slug}`)}>{i.title}</a> <StatusChip status={i.status} t={t} />
          </li>
        ))}
      </ul>
      <WorkList ctx={ctx} work={minutes.overviewWork ?? []} />
    </>
  );
}

const EDITOR_MODES: Record<Exclude<MeetingPhase, 'before'>, EditorMode> = {
  during: 'run',
  after: 'draft',
  published: 'published',
};

/** The record of a meeting, and for maintainers the forms that write it. */
export function MinutesSection({
  ctx,
  view,
  base,
  state,
  phase,
  defaults,
  groupLeads,
}: {
  ctx: PageContext;
  view: MinutesView;
  /** Path of the occurrence, e.g. `/meetings/planning/2026-11-30`. */
  base: string;
  state?: MinutesFormState | undefined;
  /** During, after or published: before the meeting the page shows no record. */
  phase: Exclude<MeetingPhase, 'before'>;
  /** What fresh decision and action item forms hold (the current topic's idea). */
  defaults?: Record<string, string> | undefined;
  /** The leads of the series' group: they keep its record as maintainers do. */
  groupLeads: readonly string[];
}) {
  const { t } = ctx;
  const { minutes, decisions, actionItems } = view;
  const subject = { noteTakerId: minutes?.noteTakerId ?? null, groupLeads };
  // The named note-taker writes notes and action items; publishing and decisions stay with
  // maintainers and the group's leads.
  const writer = can(ctx.actor, 'minutes.write', subject);
  const maySeeDrafts = can(ctx.actor, 'minutes.readDraft', subject);
  const form = (name: MinutesFormState['form']) => (state?.form === name ? state : undefined);
  return (
    <Section name="minutes" title={t('minutes.heading')} id="minutes">
      {!minutes && !maySeeDrafts && (
        <p class="empty">{t(phase === 'during' ? 'meetings.underway' : 'meetings.writingUp')}</p>
      )}
      {minutes && <MinutesNotes ctx={ctx} minutes={minutes} base={base} />}

      <h3>{t('minutes.decisions')}</h3>
      {/* Above the list, so it shows even when the decision named in the request is gone or closed. */}
      <ErrorSummary
        errors={form('objection')?.errors ?? {}}
        message={form('objection')?.message ?? null}
        scope={`objection-${state?.decisionId ?? ''}`}
      />
      <ListOrEmpty items={decisions} empty={t('minutes.noDecisions')} emptyClass="muted" class="decisions">
        {(d) => (
          <DecisionLine
            key={d.id}
            ctx={ctx}
            decision={d}
            base={base}
            state={state}
            draft={minutes?.status !== 'published'}
          />
        )}
      </ListOrEmpty>

      <h3>{t('minutes.actions')}</h3>
      <ListOrEmpty items={actionItems} empty={t('minutes.noActions')} emptyClass="muted" class="actions-list">
        {(a) => <ActionItemLine key={a.id} ctx={ctx} item={a} base={base} groupLeads={groupLeads} />}
      </ListOrEmpty>

      {minutes?.status === 'published' && <OverviewThen ctx={ctx} minutes={minutes} />}

      {minutes?.noteTakerName && (
        <p class="muted small">{t('minutes.noteTakerIs', { name: minutes.noteTakerName })}</p>
      )}
      {writer && (phase !== 'published' || can(ctx.actor, 'minutes.publish', subject)) && (
        <MinutesEditor
          ctx={ctx}
          groupLeads={groupLeads}
          minutes={minutes}
          base={base}
          state={state}
          mode={EDITOR_MODES[phase]}
          defaults={defaults}
        />
      )}
    </Section>
  );
}

import type { IdeaStatus } from '../../domain/idea-status.js';
import type { Decision } from '../../domain/minutes.js';
import { can } from '../../domain/policy.js';
import {
  allowedStates,
  PROPOSAL_STATES,
  type Proposal,
  type ProposalHistoryEntry,
  type ProposalState,
} from '../../domain/proposal.js';
import { ButtonLink } from '../components/button.js';
import { CommentThread, type ThreadView, threadScripts } from '../components/comments.js';
import { FollowButton } from '../components/follow.js';
import { ErrorSummary, Field, type FieldErrors, PostForm } from '../components/form.js';
import { Layout } from '../components/layout.js';
import { ListOrEmpty } from '../components/list.js';
import { LiveRegion } from '../components/live-region.js';
import { Markdown } from '../components/markdown.js';
import {
  type AtMeeting,
  DecisionsTaken,
  MeetingsBroughtTo,
  type TopicAtMeeting,
} from '../components/meeting-links.js';
import { type NominateForm, NominateSection } from '../components/nominate.js';
import { ProposalChip } from '../components/proposal-chip.js';
import { Section } from '../components/section.js';
import { StatusChip } from '../components/status-chip.js';
import { Time } from '../components/time.js';
import type { PageContext } from '../page-context.js';

const pathOf = (number: number) => `/proposals/${number}`;

/** Every proposal by number, filtered by state. */
export function ProposalListPage({
  ctx,
  proposals,
  states,
}: {
  ctx: PageContext;
  proposals: Proposal[];
  states: readonly ProposalState[];
}) {
  const { t } = ctx;
  return (
    <Layout ctx={ctx} title={t('proposals.title')}>
      <h1>{t('proposals.title')}</h1>
      <p>{t('proposals.intro')}</p>
      <p>
        {can(ctx.actor, 'proposal.create') && (
          <>
            <ButtonLink href={ctx.url('/proposals/new')}>{t('proposals.new')}</ButtonLink>{' '}
          </>
        )}
        <a href={ctx.url('/docs/proposals.md')}>{t('proposals.export')}</a>
      </p>
      <search aria-label={t('proposals.filter')}>
        <form method="get" action={ctx.url('/proposals')} class="filters">
          <div class="filter-row">
            <label>
              {t('proposals.filter')}{' '}
              <select name="state">
                <option value="">{t('proposals.filterAll')}</option>
                {PROPOSAL_STATES.map((s) => (
                  <option key={s} value={s} selected={states.includes(s)}>
                    {t(`proposal.state.${s}`)}
                  </option>
                ))}
              </select>
            </label>
            <button type="submit">{t('proposals.show')}</button>
          </div>
        </form>
      </search>
      <ListOrEmpty items={proposals} empty={t('proposals.none')} class="proposal-list">
        {(p) => (
          <li key={p.id} class="idea-row">
            <div class="idea-row-head">
              <a class="idea-title" href={ctx.url(pathOf(p.number))}>
                {p.number}. {p.title}
              </a>{' '}
              <ProposalChip state={p.state} t={t} />
            </div>
            {p.authors.length > 0 && <p class="hint">{p.authors.join(', ')}</p>}
          </li>
        )}
      </ListOrEmpty>
    </Layout>
  );
}

function HistoryLine({ ctx, entry }: { ctx: PageContext; entry: ProposalHistoryEntry }) {
  const { t } = ctx;
  const to = t(`proposal.state.${entry.toState}`);
  const text = entry.fromState
    ? t('proposals.historyChanged', { from: t(`proposal.state.${entry.fromState}`), to })
    : t('proposals.historyCreated', { state: to });
  return (
    <li>
      <Time ctx={ctx} iso={entry.at} /> — {text}
      {entry.actorName && <> {t('proposals.by', { name: entry.actorName })}</>}
      {entry.reason && (
        <>
          : <q>{entry.reason}</q>
        </>
      )}
      {entry.meeting && (
        <>
          {' '}
          (<a href={ctx.url(`/meetings/${entry.meeting}#minutes`)}>{t('history.decidedIn')}</a>)
        </>
      )}
    </li>
  );
}

/** What a refused state change shows again. */
export interface StateFormState {
  errors: FieldErrors;
  message: string | null;
  input: { state: string; reason: string };
}

function StateForm({ ctx, proposal, form }: { ctx: PageContext; proposal: Proposal; form?: StateFormState }) {
  const { t } = ctx;
  const next = allowedStates(proposal.state);
  if (next.length === 0) return <p class="hint">{t('proposals.final')}</p>;
  const errors = form?.errors ?? {};
  return (
    <Section name="state" title={t('proposals.changeState')}>
      <ErrorSummary errors={errors} message={form?.message ?? null} scope="state" />
      <PostForm ctx={ctx} action={`${pathOf(proposal.number)}/state`} novalidate>
        <input type="hidden" name="version" value={String(proposal.version)} />
        <Field name="state" scope="state" label={t('proposals.state')} errors={errors}>
          {(attrs) => (
            <select {...attrs}>
              {next.map((s) => (
                <option key={s} value={s} selected={form?.input.state === s}>
                  {t(`proposal.state.${s}`)}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field name="reason" scope="state" label={t('proposals.reason')} errors={errors}>
          {(attrs) => (
            <textarea {...attrs} rows={3} required maxLength={2000} value={form?.input.reason ?? ''} />
          )}
        </Field>
        <button type="submit">{t('proposals.changeState')}</button>
      </PostForm>
    </Section>
  );
}

/** What the proposal page shows besides the proposal: its ideas, meetings, decisions and forms. */
export interface ProposalPageProps {
  ctx: PageContext;
  proposal: Proposal;
  history: ProposalHistoryEntry[];
  ideas?: { slug: string; title: string; status: IdeaStatus }[];
  /** The meetings it was brought to, each with its phase: the page follows a meeting as it starts. */
  meetings?: TopicAtMeeting[];
  decisions?: (Decision & AtMeeting)[];
  /** When the reader may bring the proposal to a next meeting: the series to choose from. */
  nominate?: NominateForm | null;
  stateForm?: StateFormState;
  /** Whether the reader follows the proposal. */
  following?: boolean;
  thread?: ThreadView | null;
  /**
   * The stream the page's state, meetings and decisions follow, with its cursor, and when one
   * of those meetings begins or ends next (an ISO instant), if one will.
   */
  events?: { path: string; since: string; changes?: string | null } | null;
}

/** The proposal's parts that change as it moves on: shown again live when it does. */
function ProposalBody({
  ctx,
  proposal,
  history,
  ideas = [],
  meetings = [],
  decisions = [],
  nominate = null,
  stateForm,
  following = false,
}: Omit<ProposalPageProps, 'thread' | 'events'>) {
  const { t } = ctx;
  const title = `${proposal.number}. ${proposal.title}`;
  return (
    <>
      <h1>
        {title} <ProposalChip state={proposal.state} t={t} />
      </h1>
      {proposal.authors.length > 0 && (
        <p>
          {t('proposals.authors')}: {proposal.authors.join(', ')}
        </p>
      )}
      <p class="actions">
        <FollowButton ctx={ctx} action={`${pathOf(proposal.number)}/follow`} following={following} />
        {can(ctx.actor, 'proposal.edit') && (
          <>
            {' '}
            <ButtonLink href={ctx.url(`${pathOf(proposal.number)}/edit`)}>{t('proposals.edit')}</ButtonLink>
          </>
        )}
      </p>
      <Markdown ctx={ctx} source={proposal.text} />
      <Section name="ideas" title={t('proposals.ideas')}>
        <ListOrEmpty items={ideas} empty={t('proposals.noIdeas')} emptyClass="muted" class="link-list">
          {(idea) => (
            <li key={idea.slug}>
              <a href={ctx.url(`/ideas/${encodeURIComponent(idea.slug)}`)}>{idea.title}</a>{' '}
              <StatusChip status={idea.status} t={t} />
            </li>
          )}
        </ListOrEmpty>
      </Section>
      {meetings.length > 0 && (
        <MeetingsBroughtTo ctx={ctx} meetings={meetings} title={t('proposals.meetings')} />
      )}
      {nominate && (
        <NominateSection
          ctx={ctx}
          action={`${pathOf(proposal.number)}/nominate`}
          intro={t(
            can(ctx.actor, 'proposal.nominateAccepted', { membersNominate: nominate.membersNominate })
              ? 'proposals.nominateIntro'
              : 'proposals.proposeIntro',
          )}
          form={nominate}
        />
      )}
      {decisions.length > 0 && (
        <DecisionsTaken ctx={ctx} decisions={decisions} title={t('proposals.decisions')} />
      )}
      {can(ctx.actor, 'proposal.changeState') && <StateForm ctx={ctx} proposal={proposal} form={stateForm} />}
      <Section name="history" title={t('proposals.history')}>
        <ListOrEmpty items={history} empty="" ordered class="timeline">
          {(entry) => <HistoryLine key={entry.id} ctx={ctx} entry={entry} />}
        </ListOrEmpty>
      </Section>
    </>
  );
}

/**
 * One proposal: its text, state, authors, linked ideas, meetings, decisions, history and
 * comments; maintainers' forms. State, meetings and decisions follow the proposal's stream, the
 * comments their thread's.
 */
export function ProposalPage({ thread = null, events = null, ...props }: ProposalPageProps) {
  const { ctx, proposal } = props;
  const scripts = thread ? threadScripts(ctx) : events ? ['live.js'] : [];
  return (
    <Layout ctx={ctx} title={`${proposal.number}. ${proposal.title}`} scripts={scripts}>
      {events ? (
        <LiveRegion
          ctx={ctx}
          id="proposal"
          events={ctx.url(events.path, { since: events.since })}
          changes={events.changes}
        >
          <ProposalBody {...props} />
        </LiveRegion>
      ) : (
        <ProposalBody {...props} />
      )}
      {thread && <CommentThread ctx={ctx} view={thread} />}
    </Layout>
  );
}

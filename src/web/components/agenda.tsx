import type { ComponentChildren } from 'preact';
import type { Topic } from '../../domain/agenda.js';
import type { WorkInProgress } from '../../domain/board.js';
import type { Idea } from '../../domain/idea.js';
import { can } from '../../domain/policy.js';
import type { ProposalSummary } from '../../domain/proposal.js';
import { formatPlainDate } from '../meeting-format.js';
import type { PageContext } from '../page-context.js';
import { AuthoredText, proposerName } from './authorship.js';
import { CsrfField, ErrorSummary, Field, OnceField } from './form.js';
import { ideaPickerAttributes } from './idea-picker.js';
import { LinkList } from './link-list.js';
import { ProposalChip, ProposalLink } from './proposal-chip.js';
import { StatusChip } from './status-chip.js';
import { TopicActions, type TopicFormState, type TopicPlace } from './topic-actions.js';

export type { TopicFormState };

export interface AgendaView {
  topics: Topic[];
  timebox: { used: number; available: number; overflow: boolean };
  overview: Idea[];
  /** Cards in progress on the boards. */
  work?: WorkInProgress[];
  /** The ideas the topics are linked to, by id. */
  ideas?: ReadonlyMap<string, Idea>;
  /** How many comments each topic shows to everyone, by id. */
  comments?: ReadonlyMap<string, number>;
  /** The enhancement proposals the topics bring, by id. */
  proposals?: ReadonlyMap<string, ProposalSummary>;
}

/** Cards in progress on the boards, as a meeting's overview lists them. */
export function WorkList({ ctx, work }: { ctx: PageContext; work: readonly WorkInProgress[] }) {
  if (work.length === 0) return null;
  return (
    <>
      <h4>{ctx.t('agenda.workInProgress')}</h4>
      <ul class="overview overview-work">
        {work.map((w) => (
          <li key={w.id}>
            <a href={ctx.url(`/boards/${encodeURIComponent(w.boardSlug)}#item-${w.id}`)}>{w.title}</a>
            {w.ref && w.url && (
              <>
                {' '}
                (
                <a href={w.url} rel="nofollow ugc noopener">
                  {w.ref}
                </a>
                )
              </>
            )}{' '}
            <span class="muted small">{w.boardTitle}</span>
          </li>
        ))}
      </ul>
    </>
  );
}

function TopicItem({
  ctx,
  topic,
  first,
  last,
  view,
  readOnly = false,
  groupLeads = [],
}: TopicPlace & { view: Pick<AgendaView, 'ideas' | 'comments' | 'proposals'>; readOnly?: boolean }) {
  const idea = ideaOf(view.ideas, topic);
  const proposal = topic.proposalId ? view.proposals?.get(topic.proposalId) : undefined;
  const comments = view.comments?.get(topic.id) ?? 0;
  const { t } = ctx;
  const maintainer = !readOnly && can(ctx.actor, 'topic.arrange', { groupLeads });
  return (
    <li
      class={`topic topic-${topic.status}`}
      id={`topic-${topic.id}`}
      data-topic={topic.id}
      data-version={String(topic.version)}
      draggable={maintainer && topic.status === 'accepted' ? true : undefined}
    >
      <div class="topic-head">
        <strong class="topic-title">{topic.title}</strong>
        <span class="chip">{t('agenda.minutes', { minutes: topic.minutes })}</span>
        {topic.status === 'discussed' && <span class="chip chip-done">{t('agenda.discussed')}</span>}
        {topic.carriedFrom && (
          <span class="chip chip-carried">
            {t('agenda.carriedOver', { date: formatPlainDate(topic.carriedFrom, ctx.locale) })}
          </span>
        )}
      </div>
      <p class="muted small">
        {t('agenda.by', { name: proposerName(t, topic) })} ·{' '}
        <a href={ctx.url(`/topics/${topic.id}/comments`)} class={comments > 0 ? 'comment-count' : undefined}>
          {commentLabel(t, comments)}
        </a>
      </p>
      {idea && (
        <p class="topic-idea small">
          {t('agenda.ideaLink')}: <a href={ctx.url(`/ideas/${idea.slug}`)}>{idea.title}</a>{' '}
          <StatusChip status={idea.status} t={t} />
        </p>
      )}
      {proposal && (
        <p class="topic-idea small">
          {t('agenda.proposalLink')}:{' '}
          <ProposalLink ctx={ctx} number={proposal.number} title={proposal.title} />{' '}
          <ProposalChip state={proposal.state} t={t} />
        </p>
      )}
      <AuthoredText ctx={ctx} item={topic} />
      {topic.links.length > 0 && <LinkList links={topic.links} />}
      {!readOnly && (
        <TopicActions ctx={ctx} topic={topic} first={first} last={last} groupLeads={groupLeads} />
      )}
    </li>
  );
}

/** The time the accepted topics ask for against the meeting's length. */
function Timebox({ ctx, timebox }: { ctx: PageContext; timebox: AgendaView['timebox'] }) {
  const { t } = ctx;
  const { used, available, overflow } = timebox;
  return (
    <div class={`timebox${overflow ? ' timebox-overflow' : ''}`}>
      <label for="timebox-meter">{t('agenda.timeboxLabel')}</label>{' '}
      <meter
        id="timebox-meter"
        min={0}
        max={Math.max(available, used)}
        value={used}
        high={available}
        optimum={0}
      >
        {t('agenda.timebox', { used, available })}
      </meter>{' '}
      <span>{t('agenda.timebox', { used, available })}</span>
      {overflow && (
        <p class="field-error" role="alert">
          {t('agenda.overflow', { over: used - available })}
        </p>
      )}
    </div>
  );
}

/** The proposal form under the agenda, or the way to sign in for it. */
function ProposeTopic({
  ctx,
  action,
  form,
}: {
  ctx: PageContext;
  action: string;
  form?: TopicFormState | undefined;
}) {
  const { t } = ctx;
  const values = form?.values ?? {};
  const errors = form?.errors ?? {};
  return (
    <details class="panel" id="propose-topic" open={Object.keys(errors).length > 0}>
      <summary>{t('agenda.propose')}</summary>
      {ctx.actor.kind === 'user' ? (
        <form method="post" action={action} class="stack" novalidate>
          <CsrfField ctx={ctx} />
          <OnceField ctx={ctx} />
          <Field name="title" label={t('agenda.title')} errors={errors}>
            {(attrs) => <input {...attrs} type="text" value={values.title ?? ''} required maxLength={200} />}
          </Field>
          <Field name="description" label={t('agenda.description')} errors={errors}>
            {(attrs) => <textarea {...attrs} rows={3} value={values.description ?? ''} />}
          </Field>
          <Field name="minutes" label={t('agenda.requestedMinutes')} errors={errors}>
            {(attrs) => <input {...attrs} type="number" min={1} max={240} value={values.minutes ?? '5'} />}
          </Field>
          <Field name="idea" label={t('agenda.idea')} errors={errors}>
            {(attrs) => (
              <input {...attrs} {...ideaPickerAttributes(ctx)} type="text" value={values.idea ?? ''} />
            )}
          </Field>
          <p class="hint">{t('agenda.proposeIntro')}</p>
          <button type="submit" class="primary">
            {t('agenda.propose')}
          </button>
        </form>
      ) : (
        <p>
          <a class="button" href={ctx.url('/login', { next: ctx.currentPath })}>
            {t('agenda.signInToPropose')}
          </a>
        </p>
      )}
    </details>
  );
}

/** The link to a topic's comments says how many there are, as the backlog's rows do. */
function commentLabel(t: PageContext['t'], n: number): string {
  if (n === 0) return t('comment.discuss');
  return n === 1 ? t('comment.countOne') : t('comment.count', { count: n });
}

/** The idea a topic is linked to, when the view holds it. */
function ideaOf(ideas: ReadonlyMap<string, Idea> | undefined, topic: Topic): Idea | undefined {
  return topic.ideaId ? ideas?.get(topic.ideaId) : undefined;
}

/** A list of topics under its heading, when it has any. */
function TopicGroup({
  ctx,
  heading,
  topics,
  view,
  readOnly,
  groupLeads,
}: {
  ctx: PageContext;
  heading: string;
  topics: Topic[];
  view: AgendaView;
  readOnly: boolean;
  groupLeads: readonly string[];
}) {
  if (topics.length === 0) return null;
  return (
    <>
      <h3>{heading}</h3>
      <ul class="topics">
        {topics.map((topic) => (
          <TopicItem
            key={topic.id}
            ctx={ctx}
            topic={topic}
            first
            last
            view={view}
            readOnly={readOnly}
            groupLeads={groupLeads}
          />
        ))}
      </ul>
    </>
  );
}

/** The ideas on the roadmap or in progress, and the board's cards in progress. */
function Overview({ ctx, view }: { ctx: PageContext; view: AgendaView }) {
  const { t } = ctx;
  return (
    <>
      <h3>{t('agenda.overview')}</h3>
      <p class="muted small">{t('agenda.overviewIntro')}</p>
      {view.overview.length === 0 && (view.work ?? []).length === 0 ? (
        <p class="muted">{t('agenda.overviewEmpty')}</p>
      ) : (
        <ul class="overview">
          {view.overview.map((idea) => (
            <li key={idea.id}>
              <a href={ctx.url(`/ideas/${idea.slug}`)}>{idea.title}</a>{' '}
              <StatusChip status={idea.status} t={t} />
            </li>
          ))}
        </ul>
      )}
      <WorkList ctx={ctx} work={view.work ?? []} />
    </>
  );
}

/** The agenda of one meeting: timebox bar, topics in order, proposals, and the overview. */
export function Agenda({
  ctx,
  view,
  proposeAction,
  canPropose,
  form,
  readOnly = false,
  underTopics,
  groupLeads = [],
}: {
  ctx: PageContext;
  view: AgendaView;
  /** The leads of the meeting's group: they arrange its topics as maintainers do. */
  groupLeads?: readonly string[];
  proposeAction: string;
  canPropose: boolean;
  form?: TopicFormState | undefined;
  /** The record of a meeting held: its topics as they were, without the forms that change them. */
  readOnly?: boolean;
  /** What acts on the topics as a whole (marking the agenda ready), right below them. */
  underTopics?: ComponentChildren;
}) {
  const { t } = ctx;
  const arrange = !readOnly && can(ctx.actor, 'topic.arrange', { groupLeads });
  const onAgenda = view.topics.filter((x) => x.status === 'accepted' || x.status === 'discussed');
  const proposed = view.topics.filter((x) => x.status === 'proposed');
  const deferred = view.topics.filter((x) => x.status === 'deferred');
  /** What every list of topics is shown with. */
  const place = { ctx, view, readOnly, groupLeads };
  return (
    <>
      {form?.changeMessage && <ErrorSummary errors={{}} message={form.changeMessage} />}
      <Timebox ctx={ctx} timebox={view.timebox} />
      {onAgenda.length === 0 && proposed.length === 0 ? (
        <p class="empty">{t('agenda.empty')}</p>
      ) : (
        <ol
          class="topics"
          id="agenda-order"
          data-api={arrange ? ctx.url('/api/v1/topics/') : undefined}
          data-csrf={arrange ? ctx.csrfToken : undefined}
        >
          {onAgenda.map((topic, i) => (
            <TopicItem
              key={topic.id}
              ctx={ctx}
              topic={topic}
              view={view}
              first={i === 0}
              last={i === onAgenda.length - 1}
              readOnly={readOnly}
              groupLeads={groupLeads}
            />
          ))}
        </ol>
      )}
      <TopicGroup {...place} heading={t('agenda.proposedHeading')} topics={proposed} />
      <TopicGroup {...place} heading={t('agenda.deferredHeading')} topics={deferred} />
      {underTopics}
      {/* Once the minutes are out they keep the overview as it was; today's would mislead. */}
      {!readOnly && <Overview ctx={ctx} view={view} />}
      {!canPropose && form && Object.keys(form.errors).length > 0 && (
        // The proposal form is gone (the meeting is over or was cancelled meanwhile), so the
        // reason it was refused is said here.
        <ErrorSummary errors={{}} message={Object.values(form.errors).flat().join(' ')} />
      )}
      {canPropose && <ProposeTopic ctx={ctx} action={proposeAction} form={form} />}
    </>
  );
}

import type { ComponentChildren } from 'preact';
import type { Topic, TopicStatus } from '../../domain/agenda.js';
import type { WorkInProgress } from '../../domain/board.js';
import type { Idea } from '../../domain/idea.js';
import { can } from '../../domain/policy.js';
import type { Translate } from '../i18n/index.js';
import { formatPlainDate } from '../meeting-format.js';
import type { PageContext } from '../page-context.js';
import { AuthoredText, proposerName } from './authorship.js';
import { CsrfField, ErrorSummary, Field, type FieldErrors, OnceField } from './form.js';
import { ideaPickerAttributes } from './idea-picker.js';
import { LinkList } from './link-list.js';
import { StatusChip } from './status-chip.js';

export interface AgendaView {
  topics: Topic[];
  timebox: { used: number; available: number; overflow: boolean };
  overview: Idea[];
  /** Cards in progress on the boards. */
  work?: WorkInProgress[];
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

export interface TopicFormState {
  values: Record<string, string>;
  errors: FieldErrors;
  /** Why a change to a topic on this agenda was refused (a stale version, a step not allowed). */
  changeMessage?: string;
}

/** A small form that changes a topic; every change carries the topic's version and comes back here. */
function TopicForm({
  ctx,
  topic,
  action,
  class: className = 'inline',
  children,
}: {
  ctx: PageContext;
  topic: Topic;
  action: 'status' | 'move' | 'minutes';
  class?: string;
  children: ComponentChildren;
}) {
  return (
    <form method="post" action={ctx.url(`/topics/${topic.id}/${action}`)} class={className}>
      <CsrfField ctx={ctx} />
      <input type="hidden" name="version" value={String(topic.version)} />
      <input type="hidden" name="next" value={`${ctx.currentPath}#agenda`} />
      {children}
    </form>
  );
}

/** A small form with one button that changes a topic. */
function TopicAction({
  ctx,
  topic,
  action,
  fields,
  label,
  ariaLabel,
}: {
  ctx: PageContext;
  topic: Topic;
  action: 'status' | 'move';
  fields: Record<string, string>;
  label: string;
  ariaLabel?: string;
}) {
  return (
    <TopicForm ctx={ctx} topic={topic} action={action}>
      {Object.entries(fields).map(([name, value]) => (
        <input key={name} type="hidden" name={name} value={value} />
      ))}
      <button type="submit" class="small-button" aria-label={ariaLabel}>
        {label}
      </button>
    </TopicForm>
  );
}

/** The status changes a reader may make to a topic, in the order the page offers them. */
function statusChanges(
  topic: Topic,
  maintainer: boolean,
  own: boolean,
  t: Translate,
): [TopicStatus, string][] {
  const s = topic.status;
  const out: [TopicStatus, string][] = [];
  if (maintainer && s === 'accepted')
    out.push(['discussed', t('agenda.markDiscussed')], ['deferred', t('agenda.defer')]);
  if (maintainer && (s === 'proposed' || s === 'deferred')) out.push(['accepted', t('agenda.accept')]);
  if (maintainer && s === 'proposed') out.push(['deferred', t('agenda.defer')]);
  if (maintainer && s === 'discussed') out.push(['accepted', t('agenda.reopen')]);
  if ((maintainer || own) && s !== 'withdrawn' && s !== 'discussed')
    out.push(['withdrawn', t('agenda.withdraw')]);
  return out;
}

/** A topic of the agenda; `first` and `last` say which way it can move. */
interface TopicPlace {
  ctx: PageContext;
  topic: Topic;
  first: boolean;
  last: boolean;
}

/** The buttons under a topic: each change the reader may make to it. */
function TopicActions({ ctx, topic, first, last }: TopicPlace) {
  const { t } = ctx;
  const maintainer = can(ctx.actor, 'topic.arrange');
  const own = ctx.actor.kind === 'user' && ctx.actor.userId === topic.proposerId;
  return (
    <div class="topic-actions">
      {maintainer && topic.status === 'accepted' && (
        <>
          {!first && (
            <TopicAction
              ctx={ctx}
              topic={topic}
              action="move"
              fields={{ direction: 'up' }}
              label={`↑ ${t('agenda.moveUp')}`}
              ariaLabel={t('agenda.moveTopicUp', { title: topic.title })}
            />
          )}
          {!last && (
            <TopicAction
              ctx={ctx}
              topic={topic}
              action="move"
              fields={{ direction: 'down' }}
              label={`↓ ${t('agenda.moveDown')}`}
              ariaLabel={t('agenda.moveTopicDown', { title: topic.title })}
            />
          )}
        </>
      )}
      {statusChanges(topic, maintainer, own, t).map(([status, label]) => (
        <TopicAction key={status} ctx={ctx} topic={topic} action="status" fields={{ status }} label={label} />
      ))}
      {maintainer && (topic.status === 'accepted' || topic.status === 'proposed') && (
        <TopicForm ctx={ctx} topic={topic} action="minutes" class="inline minutes-form">
          <label class="visually-hidden" for={`minutes-${topic.id}`}>
            {t('agenda.minutesFor', { title: topic.title })}
          </label>
          <input
            id={`minutes-${topic.id}`}
            type="number"
            name="minutes"
            min={1}
            max={240}
            value={String(topic.minutes)}
          />
          <button type="submit" class="small-button">
            {t('agenda.setMinutes')}
          </button>
        </TopicForm>
      )}
    </div>
  );
}

function TopicItem({ ctx, topic, first, last }: TopicPlace) {
  const { t } = ctx;
  const maintainer = can(ctx.actor, 'topic.arrange');
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
        <a href={ctx.url(`/topics/${topic.id}/comments`)}>{t('comment.discuss')}</a>
      </p>
      <AuthoredText ctx={ctx} item={topic} />
      {topic.links.length > 0 && <LinkList links={topic.links} />}
      <TopicActions ctx={ctx} topic={topic} first={first} last={last} />
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
    <section class="panel" aria-labelledby="propose-heading" id="propose-topic">
      <h3 id="propose-heading">{t('agenda.propose')}</h3>
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
    </section>
  );
}

/** A list of topics under its heading, when it has any. */
function TopicGroup({ ctx, heading, topics }: { ctx: PageContext; heading: string; topics: Topic[] }) {
  if (topics.length === 0) return null;
  return (
    <>
      <h3>{heading}</h3>
      <ul class="topics">
        {topics.map((topic) => (
          <TopicItem key={topic.id} ctx={ctx} topic={topic} first last />
        ))}
      </ul>
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
}: {
  ctx: PageContext;
  view: AgendaView;
  proposeAction: string;
  canPropose: boolean;
  form?: TopicFormState | undefined;
}) {
  const { t } = ctx;
  const onAgenda = view.topics.filter((x) => x.status === 'accepted' || x.status === 'discussed');
  const proposed = view.topics.filter((x) => x.status === 'proposed');
  const deferred = view.topics.filter((x) => x.status === 'deferred');
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
          data-api={can(ctx.actor, 'topic.arrange') ? ctx.url('/api/v1/topics/') : undefined}
          data-csrf={can(ctx.actor, 'topic.arrange') ? ctx.csrfToken : undefined}
        >
          {onAgenda.map((topic, i) => (
            <TopicItem
              key={topic.id}
              ctx={ctx}
              topic={topic}
              first={i === 0}
              last={i === onAgenda.length - 1}
            />
          ))}
        </ol>
      )}
      <TopicGroup ctx={ctx} heading={t('agenda.proposedHeading')} topics={proposed} />
      <TopicGroup ctx={ctx} heading={t('agenda.deferredHeading')} topics={deferred} />
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
      {!canPropose && form && Object.keys(form.errors).length > 0 && (
        // The proposal form is gone (the meeting is over or was cancelled meanwhile), so the
        // reason it was refused is said here.
        <ErrorSummary errors={{}} message={Object.values(form.errors).flat().join(' ')} />
      )}
      {canPropose && <ProposeTopic ctx={ctx} action={proposeAction} form={form} />}
    </>
  );
}

/** The small forms under an agenda topic: accept, defer, withdraw, move, set its timebox. */
import type { ComponentChildren } from 'preact';
import type { Topic, TopicStatus } from '../../domain/agenda.js';
import { can } from '../../domain/policy.js';
import type { Translate } from '../i18n/index.js';
import type { PageContext } from '../page-context.js';
import { type FieldErrors, PostForm } from './form.js';

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
    <PostForm ctx={ctx} action={`/topics/${topic.id}/${action}`} class={className}>
      <input type="hidden" name="version" value={String(topic.version)} />
      <input type="hidden" name="next" value={`${ctx.currentPath}#agenda`} />
      {children}
    </PostForm>
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
export interface TopicPlace {
  ctx: PageContext;
  topic: Topic;
  first: boolean;
  last: boolean;
  /** The leads of the meeting's group: they arrange its agenda as maintainers do. */
  groupLeads?: readonly string[] | undefined;
}

/** What moving a topic one place up or down shows. */
const MOVES = {
  up: { arrow: '↑', label: 'agenda.moveUp', aria: 'agenda.moveTopicUp' },
  down: { arrow: '↓', label: 'agenda.moveDown', aria: 'agenda.moveTopicDown' },
} as const;

function MoveTopic({
  ctx,
  topic,
  direction,
}: Pick<TopicPlace, 'ctx' | 'topic'> & { direction: 'up' | 'down' }) {
  const move = MOVES[direction];
  return (
    <TopicAction
      ctx={ctx}
      topic={topic}
      action="move"
      fields={{ direction }}
      label={`${move.arrow} ${ctx.t(move.label)}`}
      ariaLabel={ctx.t(move.aria, { title: topic.title })}
    />
  );
}

/** The buttons under a topic: each change the reader may make to it. */
export function TopicActions({ ctx, topic, first, last, groupLeads = [] }: TopicPlace) {
  const { t } = ctx;
  const maintainer = can(ctx.actor, 'topic.arrange', { groupLeads });
  const own = ctx.actor.kind === 'user' && ctx.actor.userId === topic.proposerId;
  return (
    <div class="topic-actions">
      {maintainer && topic.status === 'accepted' && (
        <>
          {!first && <MoveTopic ctx={ctx} topic={topic} direction="up" />}
          {!last && <MoveTopic ctx={ctx} topic={topic} direction="down" />}
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

import type { IdeaHistoryEntry } from '../../app/ideas.js';
import type { InterestSummary } from '../../app/interest.js';
import type { Topic } from '../../domain/agenda.js';
import type { BoardItem } from '../../domain/board.js';
import type { Idea } from '../../domain/idea.js';
import { allowedTransitions } from '../../domain/idea-status.js';
import type { Decision } from '../../domain/minutes.js';
import { can, ideaSubject } from '../../domain/policy.js';
import type { Proposal } from '../../domain/proposal.js';
import { AuthoredText, proposerName } from '../components/authorship.js';
import { ButtonLink } from '../components/button.js';
import { CommentThread, type ThreadView, threadScripts } from '../components/comments.js';
import { IdeaFollowPanel, PersonLink } from '../components/follow.js';
import { ErrorSummary, Field, type FieldErrors, PostForm } from '../components/form.js';
import { HeldIdeaPanel } from '../components/held-ideas.js';
import { Layout } from '../components/layout.js';
import { LinkList } from '../components/link-list.js';
import { ListOrEmpty } from '../components/list.js';
import { DecisionsTaken, MeetingsBroughtTo } from '../components/meeting-links.js';
import { type NominateForm, NominateSection } from '../components/nominate.js';
import { ProposalChip, ProposalLink } from '../components/proposal-chip.js';
import { Section } from '../components/section.js';
import { StatusChip } from '../components/status-chip.js';
import { Time } from '../components/time.js';
import type { MessageKey } from '../i18n/index.js';
import type { PageContext } from '../page-context.js';

interface IdeaPageProps {
  ctx: PageContext;
  idea: Idea;
  history: IdeaHistoryEntry[];
  /** Problems of a status change that was just refused, with what was typed. */
  statusErrors?: FieldErrors;
  statusMessage?: string | null;
  statusInput?: { status: string; reason: string };
  /** Decisions taken on this idea in meetings. */
  decisions?: (Decision & { seriesSlug: string; seriesTitle: string })[];
  /** Agenda topics about this idea, in meeting order. */
  meetings?: (Topic & { seriesSlug: string; seriesTitle: string })[];
  /** Cards of the board linked to this idea, and whether each stands in a done column. */
  cards?: (BoardItem & { done: boolean })[];
  /** When the reader may nominate the idea for a next meeting: the series to choose from. */
  nominate?: NominateForm | null;
  /** Who wants the idea (names for maintainers only) and whether the reader follows it. */
  interest?: InterestSummary;
  following?: boolean;
  /** The comments on the idea (none on a removed one). */
  thread?: ThreadView | null;
  /** Enhancement proposals linking the idea. */
  proposals?: Proposal[];
  /** The leads of the idea's group: they edit it and move its status as maintainers do. */
  groupLeads?: readonly string[];
}

function HistoryLine({ ctx, entry }: { ctx: PageContext; entry: IdeaHistoryEntry }) {
  const { t } = ctx;
  const actor = entry.actorName ?? t('history.someone');
  let text: string;
  if (entry.action === 'status' && entry.fromStatus && entry.toStatus) {
    text = t('history.status', {
      actor,
      from: t(`status.${entry.fromStatus}`),
      to: t(`status.${entry.toStatus}`),
    });
  } else if (entry.action === 'edited') {
    const fields = entry.fields.map((f) => t(`field.${f}` as MessageKey)).join(', ');
    text = t('history.edited', { actor, fields });
  } else {
    text = t(entry.action === 'created' ? 'history.created' : 'history.proposed', { actor });
  }
  return (
    <li>
      <Time ctx={ctx} iso={entry.at} /> — {text}
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

export function StatusForm({
  ctx,
  idea,
  errors,
  input,
}: {
  ctx: PageContext;
  idea: Idea;
  errors: FieldErrors;
  input?: { status: string; reason: string } | undefined;
}) {
  const { t } = ctx;
  const targets = allowedTransitions(idea.status);
  return (
    <PostForm ctx={ctx} action={`/ideas/${idea.slug}/status`} class="status-form">
      <input type="hidden" name="version" value={String(idea.version)} />
      <Field name="status" label={t('idea.newStatus')} errors={errors}>
        {(attrs) => (
          <select {...attrs}>
            {targets.map((s) => (
              <option key={s} value={s} selected={input?.status === s}>
                {t(`status.${s}`)}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field name="reason" label={t('idea.reason')} hint={t('idea.reasonHint')} errors={errors}>
        {(attrs) => <textarea {...attrs} rows={2} maxLength={2000} value={input?.reason ?? ''} />}
      </Field>
      <button type="submit">{t('action.changeStatus')}</button>
    </PostForm>
  );
}

export function IdeaPage({
  ctx,
  idea,
  history,
  statusErrors,
  statusMessage,
  statusInput,
  meetings = [],
  decisions = [],
  cards = [],
  nominate = null,
  interest,
  following = false,
  thread = null,
  proposals = [],
  groupLeads = [],
}: IdeaPageProps) {
  const { t } = ctx;
  return (
    <Layout ctx={ctx} title={idea.title} scripts={thread ? threadScripts(ctx) : []}>
      <article class="idea">
        <IdeaHead ctx={ctx} idea={idea} groupLeads={groupLeads} />
        {idea.held && <HeldIdeaPanel ctx={ctx} idea={{ ...idea, held: idea.held }} />}
        {interest && <IdeaFollowPanel ctx={ctx} slug={idea.slug} interest={interest} following={following} />}
        {can(ctx.actor, 'idea.changeStatus', { groupLeads }) &&
          !idea.held &&
          allowedTransitions(idea.status).length > 0 && (
            <Section name="status" title={t('action.changeStatus')} class="panel">
              <ErrorSummary errors={statusErrors ?? {}} message={statusMessage ?? null} />
              <StatusForm ctx={ctx} idea={idea} errors={statusErrors ?? {}} input={statusInput} />
            </Section>
          )}
        {meetings.length > 0 && (
          <MeetingsBroughtTo ctx={ctx} meetings={meetings} title={t('idea.meetings')} />
        )}
        {cards.length > 0 && <IdeaCards ctx={ctx} cards={cards} />}
        {proposals.length > 0 && (
          <Section name="proposals" title={t('proposals.onIdea')}>
            <ul class="link-list">
              {proposals.map((p) => (
                <li key={p.id}>
                  <ProposalLink ctx={ctx} number={p.number} title={p.title} />{' '}
                  <ProposalChip state={p.state} t={t} />
                </li>
              ))}
            </ul>
          </Section>
        )}
        {nominate && (
          <NominateSection
            ctx={ctx}
            action={`/ideas/${idea.slug}/nominate`}
            intro={t('nominate.intro')}
            form={nominate}
          />
        )}
        {decisions.length > 0 && (
          <DecisionsTaken ctx={ctx} decisions={decisions} title={t('idea.decisions')} />
        )}
        {thread && <CommentThread ctx={ctx} view={thread} />}
        <IdeaHistory ctx={ctx} history={history} />
      </article>
    </Layout>
  );
}

/** What the idea is: title, status, proposer, description, links, tags and the edit button. */
function IdeaHead({
  ctx,
  idea,
  groupLeads,
}: {
  ctx: PageContext;
  idea: Idea;
  groupLeads: readonly string[];
}) {
  const { t } = ctx;
  const mayEdit = can(ctx.actor, 'idea.edit', ideaSubject(idea, groupLeads));
  return (
    <>
      <p>
        <a href={ctx.url('/backlog')}>← {t('nav.backlog')}</a>
      </p>
      <div class="page-head">
        <h1>{idea.title}</h1>
        <StatusChip status={idea.status} t={t} />
      </div>
      {idea.statusReason && (
        <p class="status-reason">
          <strong>{t('idea.reason')}:</strong> {idea.statusReason}
        </p>
      )}
      <p class="muted">
        {t('idea.proposer')}:{' '}
        <PersonLink ctx={ctx} id={idea.proposerName ? idea.proposerId : null} name={proposerName(t, idea)} />{' '}
        · <Time ctx={ctx} iso={idea.createdAt} />
      </p>
      <AuthoredText ctx={ctx} item={idea} empty={t('idea.noDescription')} />
      {idea.links.length > 0 && (
        <Section name="links" title={t('idea.links')}>
          <LinkList links={idea.links} />
        </Section>
      )}
      {idea.tags.length > 0 && (
        <ul class="tags" aria-label={t('idea.tags')}>
          {idea.tags.map((tag) => (
            <li key={tag}>
              <a href={ctx.url('/backlog', { tag })}>{tag}</a>
            </li>
          ))}
        </ul>
      )}
      {mayEdit && (
        <p>
          <ButtonLink href={ctx.url(`/ideas/${idea.slug}/edit`)}>{t('action.edit')}</ButtonLink>
        </p>
      )}
    </>
  );
}

function IdeaCards({ ctx, cards }: { ctx: PageContext; cards: NonNullable<IdeaPageProps['cards']> }) {
  const { t } = ctx;
  return (
    <Section
      name="cards"
      title={t('idea.cards', { done: cards.filter((c) => c.done).length, total: cards.length })}
    >
      <ul class="idea-cards">
        {cards.map((c) => (
          <li key={c.id}>
            <a href={ctx.url(`/boards/${encodeURIComponent(c.boardId)}#item-${c.id}`)}>{c.title}</a>
            {c.done && (
              <>
                {' '}
                <span class="chip chip-done">{t('minutes.done')}</span>
              </>
            )}
          </li>
        ))}
      </ul>
    </Section>
  );
}

function IdeaHistory({ ctx, history }: { ctx: PageContext; history: IdeaHistoryEntry[] }) {
  const { t } = ctx;
  return (
    <Section name="history" title={t('idea.history')}>
      <ListOrEmpty items={history} empty={t('idea.noHistory')} emptyClass="muted" ordered class="timeline">
        {(entry) => <HistoryLine key={entry.id} ctx={ctx} entry={entry} />}
      </ListOrEmpty>
    </Section>
  );
}

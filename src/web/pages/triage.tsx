import type { CommentReport, HeldComment } from '../../app/comment-moderation.js';
import type { ListedIdea } from '../../app/ideas.js';
import type { Idea } from '../../domain/idea.js';
import { proposerName } from '../components/authorship.js';
import { Button } from '../components/button.js';
import { CommentReports } from '../components/comment-reports.js';
import { ErrorSummary, PostForm } from '../components/form.js';
import { HeldComments } from '../components/held-comments.js';
import { HeldIdeas } from '../components/held-ideas.js';
import { Layout } from '../components/layout.js';
import { ListOrEmpty } from '../components/list.js';
import { Markdown } from '../components/markdown.js';
import { Time } from '../components/time.js';
import type { PageContext } from '../page-context.js';

/** The maintainers' queue: every proposal with accept, decline (with reason) and edit at hand. */
export function TriagePage({
  ctx,
  queue,
  byInterest = false,
  reports = [],
  held = [],
  heldIdeas = [],
  message = null,
}: {
  ctx: PageContext;
  queue: ListedIdea[];
  /** The most wanted first instead of the oldest. */
  byInterest?: boolean;
  reports?: CommentReport[];
  /** Comments of new members waiting for review. */
  held?: HeldComment[];
  /** Proposals of new members waiting for review. */
  heldIdeas?: Idea[];
  /** Why a form of the queue was refused just now. */
  message?: string | null;
}) {
  const { t } = ctx;
  return (
    <Layout ctx={ctx} title={t('triage.title')}>
      <h1>{t('triage.title')}</h1>
      <p>{t('triage.intro')}</p>
      {message && <ErrorSummary errors={{}} message={message} />}
      {queue.length > 1 && (
        <p class="small">
          {byInterest ? (
            <a href={ctx.url('/triage')}>{t('triage.sortOldest')}</a>
          ) : (
            <a href={ctx.url('/triage', { sort: 'interest' })}>{t('triage.sortInterest')}</a>
          )}
        </p>
      )}
      <ListOrEmpty items={queue} empty={t('triage.empty')} class="triage-list">
        {(idea) => (
          <li key={idea.id} class="panel" data-slug={idea.slug}>
            <h2>
              <a href={ctx.url(`/ideas/${idea.slug}`)}>{idea.title}</a>
            </h2>
            <p class="muted">
              {t('backlog.proposedBy', { name: proposerName(t, idea) })} ·{' '}
              <Time ctx={ctx} iso={idea.createdAt} />
              {idea.interestCount > 0 && <> · {t('interest.short', { count: idea.interestCount })}</>}
            </p>
            {idea.description && <Markdown ctx={ctx} source={idea.description} />}
            <div class="triage-actions">
              <PostForm ctx={ctx} action={`/ideas/${idea.slug}/status`}>
                <input type="hidden" name="version" value={String(idea.version)} />
                <input type="hidden" name="status" value="backlog" />
                <input type="hidden" name="next" value="/triage" />
                <Button variant="primary">{t('action.accept')}</Button>
              </PostForm>
              <PostForm ctx={ctx} action={`/ideas/${idea.slug}/status`} class="decline-form">
                <input type="hidden" name="version" value={String(idea.version)} />
                <input type="hidden" name="status" value="declined" />
                <input type="hidden" name="next" value="/triage" />
                <label>
                  {t('triage.declineReason')}
                  <input type="text" name="reason" required maxLength={2000} />
                </label>
                <button type="submit">{t('action.decline')}</button>
              </PostForm>
              <a href={ctx.url(`/ideas/${idea.slug}/edit`)}>{t('action.edit')}</a>
            </div>
          </li>
        )}
      </ListOrEmpty>
      <HeldIdeas ctx={ctx} held={heldIdeas} />
      <HeldComments ctx={ctx} held={held} />
      <CommentReports ctx={ctx} reports={reports} />
    </Layout>
  );
}

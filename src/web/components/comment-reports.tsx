import type { CommentReport } from '../../app/comment-moderation.js';
import type { PageContext } from '../page-context.js';
import { authorName } from './authorship.js';
import { PostForm } from './form.js';
import { ListOrEmpty } from './list.js';
import { Section } from './section.js';
import { Time } from './time.js';

/** Comments members reported, for the maintainers' triage queue: each links to its place to hide it there. */
export function CommentReports({ ctx, reports }: { ctx: PageContext; reports: CommentReport[] }) {
  const { t } = ctx;
  return (
    <Section name="reports" title={t('comment.reportsTitle')}>
      <ListOrEmpty items={reports} empty={t('comment.reportsEmpty')} class="triage-list comment-reports">
        {(r) => (
          <li key={r.id} class="panel">
            <p>
              <a href={ctx.url(r.path)}>{t('comment.reportOf', { name: authorName(t, r) })}</a> ·{' '}
              <Time ctx={ctx} iso={r.createdAt} />
            </p>
            <blockquote class="comment-quote">
              {r.body.length > 300 ? `${r.body.slice(0, 300)}…` : r.body}
            </blockquote>
            <p class="muted">
              {t('comment.reportBy', {
                name: r.reporterName ?? t('idea.unknownProposer'),
                reason: r.reason,
              })}
            </p>
            <DismissForm ctx={ctx} report={r} />
          </li>
        )}
      </ListOrEmpty>
    </Section>
  );
}

/** Dismisses one report with an optional note, or with the second button every open report of its comment. */
function DismissForm({ ctx, report }: { ctx: PageContext; report: CommentReport }) {
  const { t } = ctx;
  return (
    <PostForm ctx={ctx} action={`/comments/${report.commentId}/reports/dismiss`} class="dismiss-form">
      <label>
        {t('comment.dismissNote')}
        <input type="text" name="note" maxLength={1000} />
      </label>
      <button type="submit" name="reportId" value={report.id}>
        {t('comment.dismiss')}
      </button>
      <button type="submit">{t('comment.dismissAll')}</button>
    </PostForm>
  );
}

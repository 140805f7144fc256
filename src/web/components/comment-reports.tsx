import type { CommentReport } from '../../app/comments.js';
import type { PageContext } from '../page-context.js';
import { authorName } from './authorship.js';
import { Section } from './section.js';
import { Time } from './time.js';

/** Comments members reported, for the maintainers' triage queue: each links to its place to hide it there. */
export function CommentReports({ ctx, reports }: { ctx: PageContext; reports: CommentReport[] }) {
  const { t } = ctx;
  return (
    <Section name="reports" title={t('comment.reportsTitle')}>
      {reports.length === 0 ? (
        <p class="empty">{t('comment.reportsEmpty')}</p>
      ) : (
        <ul class="triage-list comment-reports">
          {reports.map((r) => (
            <li key={r.id} class="panel">
              <p>
                <a href={ctx.url(r.path)}>{t('comment.reportOf', { name: authorName(t, r) })}</a> ·{' '}
                <Time iso={r.createdAt} locale={ctx.locale} timeZone={ctx.user?.timeZone ?? null} />
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
            </li>
          ))}
        </ul>
      )}
    </Section>
  );
}

import { CommentThread, type ThreadView, threadScripts } from '../components/comments.js';
import { Layout } from '../components/layout.js';
import { ListOrEmpty } from '../components/list.js';
import { Time } from '../components/time.js';
import { formatPlainDate } from '../meeting-format.js';
import type { PageContext } from '../page-context.js';

/** The comments on an agenda topic or a decision, on a page of their own linked from the meeting. */
export function CommentThreadPage({ ctx, view }: { ctx: PageContext; view: ThreadView }) {
  const { t } = ctx;
  const { target } = view;
  const meeting = target.meeting;
  return (
    <Layout ctx={ctx} title={target.title} scripts={threadScripts(ctx)}>
      <article class="comment-thread-page">
        {meeting && (
          <p>
            <a
              href={ctx.url(
                `/meetings/${meeting.seriesSlug}/${meeting.occurrence}#${target.type}-${target.id}`,
              )}
            >
              ← {meeting.seriesTitle}, {formatPlainDate(meeting.occurrence, ctx.locale)}
            </a>
          </p>
        )}
        <p class="muted">{target.type === 'topic' ? t('comment.aboutTopic') : t('comment.aboutDecision')}</p>
        <h1>{target.title}</h1>
        <CommentThread ctx={ctx} view={view} />
      </article>
    </Layout>
  );
}

/** The earlier texts of an edited comment, for its author and maintainers. */
export function CommentHistoryPage({
  ctx,
  path,
  entries,
}: {
  ctx: PageContext;
  /** The comment's place in its thread. */
  path: string;
  entries: { id: string; body: string; replacedAt: string }[];
}) {
  const { t } = ctx;
  return (
    <Layout ctx={ctx} title={t('comment.historyTitle')}>
      <p>
        <a href={ctx.url(path)}>← {t('comment.backToThread')}</a>
      </p>
      <h1>{t('comment.historyTitle')}</h1>
      <ListOrEmpty items={entries} empty={t('comment.historyEmpty')} ordered class="comment-history">
        {(e) => (
          <li key={e.id}>
            <p class="muted">
              {t('comment.replacedAt')} <Time ctx={ctx} iso={e.replacedAt} />
            </p>
            <pre class="comment-old-text">{e.body}</pre>
          </li>
        )}
      </ListOrEmpty>
    </Layout>
  );
}

import type { CommentTarget } from '../../app/comment-targets.js';
import type { Comment } from '../../domain/comment.js';
import { can, commentSubject } from '../../domain/policy.js';
import type { PageContext } from '../page-context.js';
import { authorName } from './authorship.js';
import { ButtonLink } from './button.js';
import { CommentActions, CommentForm, type CommentFormState, stateOf } from './comment-forms.js';
import { ErrorSummary } from './form.js';
import { ListOrEmpty } from './list.js';
import { LiveRegion } from './live-region.js';
import { Markdown } from './markdown.js';
import { Section } from './section.js';
import { Time } from './time.js';

/** A thread of comments as a page shows it, and what to show it live with. */
export interface ThreadView {
  target: CommentTarget;
  comments: Comment[];
  /** The live stream's path and the cursor taken before the comments were read. */
  events: { path: string; since: string };
  /** The form refused just now, shown again as typed. */
  form: CommentFormState | null;
}

/**
 * Where a thread's forms post and its stream is: `/ideas/<slug>/comments`,
 * `/proposals/<number>/comments`, `/topics/<id>/comments` …
 */
export function threadPath(target: CommentTarget): string {
  return target.type === 'idea' || target.type === 'proposal' ? `${target.path}/comments` : target.path;
}

/** The scripts a page with a thread needs: live updates, and suggestions after `@` for members. */
export function threadScripts(ctx: PageContext): string[] {
  return ctx.actor.kind === 'user' ? ['live.js', 'mentions.js'] : ['live.js'];
}

function CommentBody({ ctx, comment }: { ctx: PageContext; comment: Comment }) {
  const { t } = ctx;
  if (comment.state === 'deleted') return <p class="muted comment-placeholder">{t('comment.deleted')}</p>;
  if (comment.state === 'hidden' && comment.body === null)
    return <p class="muted comment-placeholder">{t('comment.hiddenPlaceholder')}</p>;
  return (
    <>
      {comment.state === 'held' && (
        <p class="comment-hidden-note">
          <span class="chip chip-held">{t('comment.heldChip')}</span> {t('comment.heldNote')}
        </p>
      )}
      {comment.state === 'rejected' && (
        <p class="comment-hidden-note">
          <span class="chip chip-hidden">{t('comment.rejectedChip')}</span> {t('comment.rejectedReason')}:{' '}
          <q>{comment.rejectedReason}</q>
        </p>
      )}
      {comment.state === 'hidden' && (
        <p class="comment-hidden-note">
          <span class="chip chip-hidden">{t('comment.hiddenChip')}</span> {t('comment.hiddenReason')}:{' '}
          <q>{comment.hiddenReason}</q>
        </p>
      )}
      <Markdown
        ctx={ctx}
        source={comment.body ?? ''}
        mentions={{ people: comment.mentions, href: (id) => ctx.url(`/people/${encodeURIComponent(id)}`) }}
      />
    </>
  );
}

function CommentItem({
  ctx,
  comment,
  form,
}: {
  ctx: PageContext;
  comment: Comment;
  form: CommentFormState | null;
}) {
  const { t } = ctx;
  const subject = commentSubject(comment, ctx.actor);
  const own = ctx.actor.kind === 'user' && ctx.actor.userId === comment.authorId;
  return (
    <article id={`comment-${comment.id}`} class={`comment comment-${comment.state}`}>
      <p class="comment-meta">
        <strong>{authorName(t, comment)}</strong> ·{' '}
        <a href={`#comment-${comment.id}`} class="comment-link">
          <Time ctx={ctx} iso={comment.createdAt} />
        </a>
        {comment.editedAt && comment.state !== 'deleted' && (
          <span class="muted"> · {t('comment.edited')}</span>
        )}
      </p>
      <CommentBody ctx={ctx} comment={comment} />
      {ctx.actor.kind === 'user' && (comment.state === 'visible' || comment.state === 'hidden') && (
        <CommentActions
          ctx={ctx}
          comment={comment}
          own={own}
          mayHide={can(ctx.actor, 'comment.hide')}
          history={can(ctx.actor, 'comment.readHidden', subject)}
          state={form}
        />
      )}
    </article>
  );
}

/**
 * Whether the thread shows the refused form `form` names, with its reasons beside it: a form the
 * reader is not offered (a forged one) has them said above the thread instead.
 */
function shownForm(ctx: PageContext, comments: Comment[], form: string): boolean {
  if (ctx.actor.kind !== 'user') return false;
  const userId = ctx.actor.userId;
  if (form === 'new') return true;
  const [name, id] = form.split(':');
  const c = comments.find((x) => x.id === id);
  if (!c) return false;
  const own = c.authorId === userId;
  const visible = c.state === 'visible';
  if (name === 'reply') return visible && c.parentId === null;
  if (name === 'edit') return own && visible;
  if (name === 'delete') return own && c.state !== 'deleted';
  if (name === 'hide') return visible && can(ctx.actor, 'comment.hide');
  return name === 'report' && !own && visible;
}

/** The comments on an idea, topic or decision: threads one reply deep, updated live, with the form to add one. */
export function CommentThread({ ctx, view }: { ctx: PageContext; view: ThreadView }) {
  const { t } = ctx;
  const { comments, form } = view;
  const path = threadPath(view.target);
  const threads = comments.filter((c) => c.parentId === null);
  const repliesTo = (id: string) => comments.filter((c) => c.parentId === id);
  const shown = comments.filter((c) => c.state === 'visible').length;
  const signedIn = ctx.actor.kind === 'user';
  return (
    <Section name="comments" title={t('comment.title', { count: shown })} class="comments">
      {form && !shownForm(ctx, comments, form.form) && <ErrorSummary errors={{}} message={form.message} />}
      <LiveRegion
        ctx={ctx}
        id="comment-thread"
        events={ctx.url(view.events.path, { since: view.events.since })}
      >
        <ListOrEmpty
          items={threads}
          empty={signedIn ? t('comment.empty') : t('comment.emptySignIn')}
          ordered
          class="comment-list"
        >
          {(c) => (
            <li key={c.id}>
              <CommentItem ctx={ctx} comment={c} form={form} />
              {repliesTo(c.id).length > 0 && (
                <ol class="comment-replies">
                  {repliesTo(c.id).map((r) => (
                    <li key={r.id}>
                      <CommentItem ctx={ctx} comment={r} form={form} />
                    </li>
                  ))}
                </ol>
              )}
              {signedIn && c.state === 'visible' && (
                <details class="comment-reply" open={stateOf(form, `reply:${c.id}`) !== null}>
                  <summary>{t('comment.reply')}</summary>
                  <CommentForm
                    ctx={ctx}
                    action={path}
                    parentId={c.id}
                    state={stateOf(form, `reply:${c.id}`)}
                  />
                </details>
              )}
            </li>
          )}
        </ListOrEmpty>
      </LiveRegion>
      {signedIn ? (
        <CommentForm ctx={ctx} action={path} state={stateOf(form, 'new')} />
      ) : (
        <p>
          <ButtonLink href={ctx.url('/login', { next: view.target.path })}>{t('comment.signIn')}</ButtonLink>
        </p>
      )}
    </Section>
  );
}
